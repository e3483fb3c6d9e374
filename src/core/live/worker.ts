import { parentPort } from 'node:worker_threads';
import { openCorpus } from '../snapshot/store.ts';

/**
 * The indexing thread (indexer.ts): parses and analyses new and changed documents off the main thread and writes
 * them to the snapshot; the main thread then builds what answers from the snapshot. One job at a time per folder
 * (the LiveEngine runs one re-index at a time); each reply carries its job's id.
 */
parentPort!.on('message', async ({ id, dir, snapshotDir }: { id: number; dir: string; snapshotDir?: string }) => {
  try {
    const opened = await openCorpus(dir, () => {}, { snapshot: true, writeOnly: true, ...(snapshotDir ? { snapshotDir } : {}) });
    parentPort!.postMessage(opened.ok ? { id, ok: true, stats: opened.stats, files: opened.files, analysedFiles: opened.analysedFiles } : { id, ok: false, message: opened.message });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
