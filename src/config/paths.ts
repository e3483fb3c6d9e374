import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder, wherever the process was started from. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundled corpus, used when neither `--corpus` nor `CORPUS_DIR` says otherwise. */
export const DEFAULT_CORPUS_DIR = path.join(PROJECT_ROOT, 'corpus');

/** The corpus folder to use: an explicit one, else `CORPUS_DIR` (relative to the project), else the bundled one. */
export function corpusDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.CORPUS_DIR) return path.resolve(PROJECT_ROOT, env.CORPUS_DIR);
  return DEFAULT_CORPUS_DIR;
}
