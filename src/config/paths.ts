import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * True when this code runs from the bundle in `dist/` (`npm run build`), false when it runs from the TypeScript
 * sources (through tsx, or in the tests). The bundle is JavaScript; the sources are `.ts` files.
 */
export const BUILT = !import.meta.url.endsWith('.ts');

/** The nearest folder at or above `start` that holds a package.json: the project root, in source and in dist. */
function projectRootFrom(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '../..');
  }
}

/** The project's root folder, wherever the process was started from (and wherever the bundler put this code). */
export const PROJECT_ROOT = projectRootFrom(path.dirname(fileURLToPath(import.meta.url)));

/** Where `npm run build` writes the bundled entry points (same layout as the sources: dist/src/main.js, …). */
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

/** The bundled corpus, used when neither `--corpus` nor `CORPUS_DIR` says otherwise. */
export const DEFAULT_CORPUS_DIR = path.join(PROJECT_ROOT, 'corpus');

/** The corpus folder to use: an explicit one, else `CORPUS_DIR` (relative to the project), else the bundled one. */
export function corpusDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.CORPUS_DIR) return path.resolve(PROJECT_ROOT, env.CORPUS_DIR);
  return DEFAULT_CORPUS_DIR;
}

/**
 * The bot's own data folder: explicit, else `DATA_DIR` (relative to the project), else `data/`. Server documents live
 * in `<data>/guilds/<guild id>/`, the question log's embedded database in `<data>/db/`.
 */
export function dataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  return path.resolve(PROJECT_ROOT, env.DATA_DIR?.trim() || 'data');
}
