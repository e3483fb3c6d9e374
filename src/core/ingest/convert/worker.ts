import { parentPort } from 'node:worker_threads';
import { failure } from '../../types.ts';
import { convertDocument, type ConversionRequest } from './index.ts';

/**
 * The converter thread: converts documents one message at a time, so that a large or hostile PDF, DOCX or HTML
 * page never blocks the bot's event loop, and one that takes too long can be stopped (offThread.ts).
 */
parentPort!.on('message', async ({ id, request }: { id: number; request: ConversionRequest }) => {
  let result: unknown;
  try {
    result = await convertDocument(request);
  } catch (error) {
    result = failure('corrupt_file', `${request.label} could not be converted: ${error instanceof Error ? error.message : String(error)}.`);
  }
  parentPort!.postMessage({ id, result });
});
