import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { CORPUS_EXTENSIONS, listCorpusFiles } from '../corpus/load.ts';

/** A corpus file that was added, changed or deleted (`file` relative to the folder, with `/` separators). */
export interface CorpusChange {
  readonly file: string;
  readonly exists: boolean;
  readonly size?: number;
  readonly mtimeMs?: number;
}

export interface WatchOptions {
  /** Quiet time after the last event before the changes are looked at (default 750 ms). */
  readonly debounceMs?: number;
  /** Pause between the two looks at a changed file that must agree on size and mtime (default 250 ms). */
  readonly stableMs?: number;
  /** Give up waiting for a file that keeps changing after this long, and report the batch as it is (default 60 s). */
  readonly maxWaitMs?: number;
  /** Poll instead of `fs.watch` (also the fallback when a recursive watch cannot be made). */
  readonly poll?: boolean;
  /** Interval of the polling fallback (default 1000 ms). */
  readonly pollMs?: number;
  /** A failed scan or callback; the watch goes on. */
  readonly onError?: (error: unknown) => void;
}

export interface CorpusWatch {
  /** How changes are noticed: `recursive` (fs.watch) or `poll` (a stat scan every pollMs). */
  readonly mode: 'recursive' | 'poll';
  /** Resolves once the folder's starting state is known (changes from then on are reported). */
  readonly ready: Promise<void>;
  close(): void;
}

type Seen = { size: number; mtimeMs: number };

const slash = (file: string) => file.split(path.sep).join('/');
const hidden = (file: string) => file.split(/[\\/]/).some((part) => part.startsWith('.'));
const isCorpusFile = (file: string) => CORPUS_EXTENSIONS.includes(path.extname(file).toLowerCase());

/**
 * Watches a corpus folder and calls `onChange` with the corpus files added, changed or deleted by hand.
 * Hidden files and folders (ingest temp files `.policybot-ingest-*`, the index snapshot `.policybot-index`) and
 * files the loader does not read are ignored. Bursts of events are debounced; then every changed file must show
 * the same size and mtime twice, `stableMs` apart, before the batch is reported — a file still being written
 * holds the whole batch back, so a half-written document is never handed on. Calls never overlap: changes made
 * while `onChange` runs come in the next batch.
 */
export function watchCorpus(dir: string, onChange: (changes: readonly CorpusChange[]) => void | Promise<void>, options: WatchOptions = {}): CorpusWatch {
  const debounceMs = options.debounceMs ?? 750;
  const stableMs = options.stableMs ?? 250;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const report = options.onError ?? (() => {});
  /** What was last reported (or found at the start) for each corpus file. */
  const known = new Map<string, Seen>();
  /** Files named by events since the last batch; `null` asks for a full scan (folder events, lost names). */
  const dirty = new Set<string>();
  let fullScan = false;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let closed = false;
  let firstPendingAt = 0;

  const stat = async (file: string): Promise<Seen | null> => {
    try {
      const s = await fsp.stat(path.join(dir, file));
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  };
  const listing = async (): Promise<string[]> => {
    try {
      return (await listCorpusFiles(dir)).map(slash);
    } catch {
      return [];
    }
  };

  /** Files named by events while the starting state was read: reported as changed, whatever the scan saw. */
  const early = new Set<string>();
  let started = false;
  const ready = (async () => {
    for (const file of await listing()) {
      const seen = await stat(file);
      if (seen) known.set(file, seen);
    }
    started = true;
    for (const file of early) known.delete(file);
    early.clear();
  })();

  const schedule = (delay = debounceMs) => {
    if (closed) return;
    if (!firstPendingAt) firstPendingAt = Date.now();
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delay);
  };

  const noticed = (filename: string | null) => {
    if (closed) return;
    if (filename === null) fullScan = true;
    else {
      const file = slash(filename);
      if (hidden(file)) return;
      if (isCorpusFile(file)) {
        dirty.add(file);
        if (!started) early.add(file);
      }
      // No corpus extension: maybe a folder (created, renamed, deleted with its documents inside).
      else if (!path.extname(file)) fullScan = true;
      else return;
    }
    schedule();
  };

  /** The candidates' current state, keeping only those that differ from what is known. */
  const changed = async (): Promise<Map<string, Seen | null>> => {
    const candidates = new Set(dirty);
    dirty.clear();
    if (fullScan) {
      fullScan = false;
      for (const file of await listing()) candidates.add(file);
      for (const file of known.keys()) candidates.add(file);
    }
    const out = new Map<string, Seen | null>();
    for (const file of candidates) {
      const now = await stat(file);
      const before = known.get(file);
      if (now === null ? before !== undefined : !before || before.size !== now.size || before.mtimeMs !== now.mtimeMs) out.set(file, now);
    }
    return out;
  };

  const flush = async () => {
    if (closed) return;
    if (busy) return schedule();
    busy = true;
    try {
      await ready;
      let batch = await changed();
      // Every changed file must look the same twice in a row: a file still being written holds the batch back.
      while (batch.size > 0 && !closed) {
        await new Promise((resolve) => setTimeout(resolve, stableMs));
        let settled = dirty.size === 0 && !fullScan;
        const again = new Map<string, Seen | null>();
        for (const [file, seen] of batch) {
          const now = await stat(file);
          again.set(file, now);
          if ((now === null) !== (seen === null) || (now && seen && (now.size !== seen.size || now.mtimeMs !== seen.mtimeMs))) settled = false;
        }
        if (!settled && Date.now() - firstPendingAt < maxWaitMs) {
          // Fold in whatever changed meanwhile and look again.
          const more = await changed();
          batch = new Map([...again, ...more]);
          continue;
        }
        batch = again;
        break;
      }
      firstPendingAt = 0;
      if (closed) return;
      const changes: CorpusChange[] = [];
      for (const [file, seen] of batch) {
        const before = known.get(file);
        if (seen) known.set(file, seen);
        else known.delete(file);
        // A file that came and went (or changed back) between two looks is no change.
        if (seen === null ? before === undefined : before && before.size === seen.size && before.mtimeMs === seen.mtimeMs) continue;
        changes.push(seen ? { file, exists: true, size: seen.size, mtimeMs: seen.mtimeMs } : { file, exists: false });
      }
      if (changes.length > 0) {
        try {
          await onChange(changes.sort((a, b) => a.file.localeCompare(b.file)));
        } catch (error) {
          report(error);
        }
      }
    } catch (error) {
      report(error);
    } finally {
      busy = false;
      if (!closed && (dirty.size > 0 || fullScan)) schedule();
    }
  };

  let watcher: fs.FSWatcher | undefined;
  let poller: NodeJS.Timeout | undefined;
  const startPolling = () => {
    poller = setInterval(() => {
      if (closed || busy) return;
      fullScan = true;
      void flush();
    }, options.pollMs ?? 1000);
    poller.unref?.();
  };
  if (!options.poll) {
    try {
      watcher = fs.watch(dir, { recursive: true, persistent: false }, (_event, filename) => noticed(filename === null ? null : String(filename)));
      watcher.on('error', (error) => {
        report(error);
        watcher?.close();
        watcher = undefined;
        if (!closed && !poller) startPolling();
      });
    } catch (error) {
      // ERR_FEATURE_UNAVAILABLE_ON_PLATFORM and the like: poll instead.
      report(error);
      watcher = undefined;
    }
  }
  if (!watcher) startPolling();

  return {
    ready,
    get mode() {
      return watcher ? 'recursive' : 'poll';
    },
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poller);
      watcher?.close();
    },
  };
}
