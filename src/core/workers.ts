import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { BUILT, DIST_DIR } from '../config/paths.ts';

/**
 * Starts a worker thread on a module of ours: its bundle under dist/ when running built, else its TypeScript
 * source. Node 20 workers do not inherit tsx's loader (nor honour --import in execArgv), so from source a small
 * JS bootstrap registers tsx in the worker, then imports the TypeScript entry.
 *
 * `source` is the entry's URL (`new URL('./worker.ts', import.meta.url)`) and `built` its path under dist/
 * (`src/core/live/worker.js`): a bundle no longer sits next to the sources, so both are named.
 */
export function startWorker(source: URL, built: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (BUILT) return new Worker(path.join(DIST_DIR, built), options);
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
