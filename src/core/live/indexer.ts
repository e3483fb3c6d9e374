import type { Worker } from 'node:worker_threads';
import type { SnapshotStats } from '../snapshot/store.ts';
import { startWorker } from '../workers.ts';

/** The indexing thread stays this long after its last job (its code loaded and optimised), then exits. */
const IDLE_MS = 60_000;

/** What the indexing thread reports of the analysis of a folder's new and changed documents. */
export interface Analysed {
  readonly stats: SnapshotStats;
  /** The folder's corpus files, and those analysed anew. */
  readonly files: readonly string[];
  readonly analysedFiles: readonly string[];
}

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly message?: string;
  readonly stats?: SnapshotStats;
  readonly files?: string[];
  readonly analysedFiles?: string[];
}

interface IndexingThread {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (analysed: Analysed) => void; reject: (error: Error) => void }>;
  idle?: NodeJS.Timeout | undefined;
}

let thread: IndexingThread | undefined;
let nextId = 1;

function stop(current: IndexingThread, why: string): void {
  if (thread === current) thread = undefined;
  if (current.idle) clearTimeout(current.idle);
  for (const [, pending] of current.pending) pending.reject(new Error(`the indexing worker stopped (${why})`));
  current.pending.clear();
  void current.worker.terminate();
}

function indexingThread(): IndexingThread {
  if (thread) return thread;
  const worker = startWorker(new URL('./worker.ts', import.meta.url), 'src/core/live/worker.js');
  const current: IndexingThread = { worker, pending: new Map() };
  worker.on('message', (reply: Reply) => {
    const pending = current.pending.get(reply.id);
    if (!pending) return;
    current.pending.delete(reply.id);
    if (reply.ok) pending.resolve({ stats: reply.stats!, files: reply.files ?? [], analysedFiles: reply.analysedFiles ?? [] });
    else pending.reject(new Error(reply.message ?? 'the indexing worker failed'));
    if (current.pending.size === 0) idle(current);
  });
  worker.on('error', (error) => stop(current, error instanceof Error ? error.message : String(error)));
  worker.on('exit', (code) => stop(current, `exit code ${code}`));
  return (thread = current);
}

/** An idle thread does not keep the process alive, and exits after IDLE_MS. */
function idle(current: IndexingThread): void {
  current.worker.unref();
  current.idle = setTimeout(() => {
    if (current.pending.size === 0) stop(current, 'idle');
  }, IDLE_MS);
  current.idle.unref();
}

/**
 * Analyses the new and changed documents of a corpus folder on the indexing thread and writes them to its snapshot
 * (store.ts, writeOnly). The thread is started on first use and kept for a minute after its last job, so that a
 * burst of changes pays for starting it (loading the code, ~0.1-0.2 s) once.
 */
export function analyseOffThread(dir: string, snapshotDir: string | undefined): Promise<Analysed> {
  const current = indexingThread();
  if (current.idle) clearTimeout(current.idle);
  current.idle = undefined;
  current.worker.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    current.pending.set(id, { resolve, reject });
    current.worker.postMessage({ id, dir, snapshotDir });
  });
}
