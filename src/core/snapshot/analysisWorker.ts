import { parentPort } from 'node:worker_threads';
import { extractDocument } from '../extract/document.ts';
import { analyseFile } from './analyse.ts';
import { encodeSegment } from './segment.ts';

/**
 * A build's worker thread (analysisPool.ts): analyses the files it is sent, one message each, and replies with the
 * segment (structured clone: at 11 MB about 4% of the analysis's time each way) and, when the snapshot is
 * written, the segment encoded, so that encoding runs in parallel too.
 */
parentPort!.on('message', ({ id, file, bytes, encode }: { id: number; file: string; bytes: Uint8Array; encode: boolean }) => {
  try {
    const analysed = analyseFile(file, bytes, extractDocument);
    const encoded = encode && 'segment' in analysed ? encodeSegment(analysed.segment) : undefined;
    parentPort!.postMessage({ id, analysed, ...(encoded ? { encoded } : {}) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
