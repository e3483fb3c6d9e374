import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers.ts';
import type { AnalysedFile } from './analyse.ts';

/** What a worker thread returns for one file: its analysis, and its segment encoded when asked for. */
export interface PooledAnalysis {
  readonly analysed: AnalysedFile;
  readonly encoded?: Uint8Array;
}

/** Worker threads analysing a build's files in parallel (analysisWorker.ts); `close` stops them. */
export interface AnalysisPool {
  /** Rejects when the file's thread failed or stopped: the caller then analyses the file itself. */
  analyse(file: string, bytes: Uint8Array, encode: boolean): Promise<PooledAnalysis>;
  close(): Promise<void>;
}

/** Files sent to a thread before it replies: two, so that it never waits for the next message. */
const PER_THREAD = 2;

interface Task {
  readonly id: number;
  readonly message: { id: number; file: string; bytes: Uint8Array; encode: boolean };
  readonly resolve: (result: PooledAnalysis) => void;
  readonly reject: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  readonly running: Map<number, Task>;
  alive: boolean;
}

/**
 * How many threads analyse a build's files: POLICYBOT_BUILD_THREADS, else one per core. 1 analyses on the
 * calling thread. Validated at start (src/config/env.ts); a value that slipped through counts as unset.
 */
export function buildThreads(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.POLICYBOT_BUILD_THREADS?.trim() || NaN);
  if (Number.isInteger(configured) && configured >= 1) return Math.min(configured, MAX_THREADS);
  return Math.min(os.availableParallelism(), MAX_THREADS);
}

export const MAX_THREADS = 64;

/** Starts `threads` worker threads; each loads the analysis code once (~0.1-0.2 s) and keeps its caches warm. */
export function startAnalysisPool(threads: number): AnalysisPool {
  const queue: Task[] = [];
  const pool: Thread[] = [];
  let nextId = 1;
  let closed = false;

  const dispatch = () => {
    while (queue.length > 0) {
      let idlest: Thread | undefined;
      for (const thread of pool) if (thread.alive && thread.running.size < PER_THREAD && (!idlest || thread.running.size < idlest.running.size)) idlest = thread;
      if (!idlest) break;
      const task = queue.shift()!;
      idlest.running.set(task.id, task);
      idlest.worker.postMessage(task.message);
    }
    if (!pool.some((thread) => thread.alive)) for (const task of queue.splice(0)) task.reject(new Error('no analysis thread is left'));
  };

  const fail = (thread: Thread, why: string) => {
    if (!thread.alive) return;
    thread.alive = false;
    for (const task of thread.running.values()) task.reject(new Error(`the analysis thread stopped (${why})`));
    thread.running.clear();
    dispatch();
  };

  for (let i = 0; i < threads; i++) {
    const worker = startWorker(new URL('./analysisWorker.ts', import.meta.url), 'src/core/snapshot/analysisWorker.js');
    const thread: Thread = { worker, running: new Map(), alive: true };
    worker.on('message', (reply: { id: number; analysed?: AnalysedFile; encoded?: Uint8Array; error?: string }) => {
      const task = thread.running.get(reply.id);
      if (!task) return;
      thread.running.delete(reply.id);
      if (reply.analysed) task.resolve({ analysed: reply.analysed, ...(reply.encoded ? { encoded: reply.encoded } : {}) });
      else task.reject(new Error(reply.error ?? 'the analysis thread failed'));
      dispatch();
    });
    worker.on('error', (error) => fail(thread, error instanceof Error ? error.message : String(error)));
    worker.on('exit', (code) => fail(thread, `exit code ${code}`));
    pool.push(thread);
  }

  return {
    analyse(file, bytes, encode) {
      if (closed) return Promise.reject(new Error('the analysis threads are closed'));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        queue.push({ id, message: { id, file, bytes, encode }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('the analysis threads are closed'));
      await Promise.all(pool.map((thread) => thread.worker.terminate()));
    },
  };
}
