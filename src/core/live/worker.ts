import { parentPort, workerData } from 'node:worker_threads';
import { openCorpus } from '../snapshot/store.ts';
import type { LoadWarning } from '../types.ts';

/**
 * The re-indexing worker: parses and analyses new and changed documents off the main thread and writes them
 * to the snapshot; the main thread then assembles the new engine from the snapshot in slices.
 */
const { dir, snapshotDir } = workerData as { dir: string; snapshotDir?: string };
const warnings: LoadWarning[] = [];
const opened = await openCorpus(dir, (w) => warnings.push(w), { snapshot: true, writeOnly: true, ...(snapshotDir ? { snapshotDir } : {}) });
parentPort!.postMessage(opened.ok ? { ok: true, stats: opened.stats, warnings } : { ok: false, message: opened.message });
