import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../processes.ts';
import { canonicalText } from '../text/fold.ts';

/** Temp files are hidden (dot-prefixed), so the corpus loader never sees a half-written document. */
export const TEMP_PREFIX = '.policybot-ingest-';
const TEMP_PATTERN = /^\.policybot-ingest-(\d+)-[0-9a-f]+\.tmp$/;
/** A temp file older than this is stale whatever its process (a recycled pid cannot keep it forever). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * The content hash two documents share when they say the same thing: sha256 of their paragraphs in canonical
 * form (case, quotes, dashes and white space folded), whatever the title, file type or front matter.
 */
export function contentHash(paragraphs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const paragraph of paragraphs) hash.update(`${canonicalText(paragraph)}\n`);
  return hash.digest('hex');
}

const MAX_SLUG_CHARS = 60;

/** `Stable chain and strong chain!` + `2022-08-14` → `2022-08-14-stable-chain-and-strong-chain`. */
export function slugFor(title: string, date?: string): string {
  let slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG_CHARS) {
    const cut = slug.lastIndexOf('-', MAX_SLUG_CHARS);
    slug = slug.slice(0, cut > MAX_SLUG_CHARS / 2 ? cut : MAX_SLUG_CHARS).replace(/-+$/, '');
  }
  // Titles in scripts without Latin letters get a stable name from the title's own hash.
  if (!slug) slug = `document-${createHash('sha256').update(title).digest('hex').slice(0, 8)}`;
  const datePrefix = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}-` : '';
  return datePrefix && !slug.startsWith(datePrefix) ? `${datePrefix}${slug}` : slug;
}

/**
 * Removes temp files left by a write that was killed half-way: those whose process is gone, or that are over
 * an hour old. Returns the names removed.
 */
export async function cleanStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_PATTERN.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const file = path.join(dir, name);
    try {
      const stat = await fs.stat(file);
      if (pid !== process.pid && processAlive(pid) && now - stat.mtimeMs < STALE_AFTER_MS) continue;
      if (pid === process.pid && now - stat.mtimeMs < STALE_AFTER_MS) continue;
      await fs.unlink(file);
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
}

/**
 * Writes `content` to `dir/name` so that readers see either no file or the whole file: the bytes go to a hidden
 * temp file in the same folder, are flushed to disk (fsync), then the temp file is linked to its name — which
 * fails if the name was taken meanwhile, so nothing is ever overwritten — and the folder entry is flushed too.
 * `hooks.afterTempWrite` lets tests stop a write half-way.
 */
export async function writeAtomic(
  dir: string,
  name: string,
  content: string | Uint8Array,
  hooks: { afterTempOpen?: (tempPath: string) => Promise<void> | void } = {},
): Promise<void> {
  const target = path.join(dir, name);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o644);
  try {
    try {
      await hooks.afterTempOpen?.(temp);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(temp, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new FileExistsError(`${name} already exists`);
      // File systems without hard links: check, then rename (a race here is only possible on such systems).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
      if (await exists(target)) throw new FileExistsError(`${name} already exists`);
      await fs.rename(temp, target);
    }
    await syncDir(path.dirname(target));
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a folder; the file itself is already on disk.
  }
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task on the same corpus folder in this process: adds and removes never interleave. */
export function withCorpusLock<T>(dir: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(dir);
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.then(() => undefined, () => undefined);
  locks.set(key, settled);
  void settled.then(() => {
    if (locks.get(key) === settled) locks.delete(key);
  });
  return run;
}
