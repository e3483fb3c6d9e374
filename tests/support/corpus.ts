import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp.ts';

/** The bundled corpus folder. */
export const SEED_CORPUS = path.resolve(import.meta.dirname, '../../corpus');

/** Makes a throw-away corpus folder from `{relativePath: content}`; content may be bytes. */
export function makeCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('policybot-corpus-');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}
