import type { Worker } from 'node:worker_threads';
import { failure, type Failure } from '../../types.ts';
import { startWorker } from '../../workers.ts';
import type { Converted } from '../blocks.ts';
import { convertDocument, HEAVY_KINDS, type ConversionRequest } from './index.ts';

/** A converter thread stays this long after its last conversion (pdf.js stays loaded), then exits. */
const IDLE_MS = 30_000;
/** The converter thread's heap limit. */
const MAX_HEAP_MB = 1024;

interface Pending {
  readonly id: number;
  readonly resolve: (result: Converted | Failure) => void;
  readonly label: string;
  readonly timer: NodeJS.Timeout;
}

interface ConverterThread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  idle?: NodeJS.Timeout | undefined;
}

let thread: ConverterThread | undefined;
let nextId = 1;

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Ends a converter thread, answering what it still had to do with `reason`. */
function stop(current: ConverterThread, reason: (pending: Pending) => Failure): void {
  if (thread === current) thread = undefined;
  if (current.idle) clearTimeout(current.idle);
  for (const [, pending] of current.pending) {
    clearTimeout(pending.timer);
    pending.resolve(reason(pending));
  }
  current.pending.clear();
  void current.worker.terminate();
}

function converterThread(): ConverterThread {
  if (thread) return thread;
  // A memory cap of its own: a document that makes a converter balloon ends this thread, not the bot.
  const worker = startWorker(new URL('./worker.ts', import.meta.url), 'src/core/ingest/convert/worker.js', { resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB } });
  const current: ConverterThread = { worker, pending: new Map() };
  const crashed = (why: string) => () =>
    stop(current, ({ label }) => failure('corrupt_file', `${label} could not be converted: the converter stopped (${why}). Nothing was added.`));
  worker.on('message', ({ id, result }: { id: number; result: Converted | Failure }) => {
    const pending = current.pending.get(id);
    if (!pending) return;
    current.pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve(result);
    if (current.pending.size === 0) idle(current);
  });
  worker.on('error', (error) => crashed(error instanceof Error ? error.message : String(error))());
  worker.on('exit', (code) => crashed(`exit code ${code}`)());
  return (thread = current);
}

/** An idle thread does not keep the process alive, and exits after IDLE_MS. */
function idle(current: ConverterThread): void {
  current.worker.unref();
  current.idle = setTimeout(() => {
    if (current.pending.size === 0) stop(current, () => failure('timeout', 'stopped'));
  }, IDLE_MS);
  current.idle.unref();
}

/**
 * Converts a document. PDF, DOCX and HTML are converted on a converter thread, so that the bot keeps answering
 * meanwhile, and a conversion that takes longer than `limits.convertTimeoutMs` is stopped (the thread is
 * terminated, and the next conversion starts a new one). Text and Markdown are cheap and converted in place.
 */
export function convertOffThread(request: ConversionRequest): Promise<Converted | Failure> {
  if (!HEAVY_KINDS.has(request.kind)) return convertDocument(request);
  const current = converterThread();
  if (current.idle) clearTimeout(current.idle);
  current.idle = undefined;
  current.worker.ref();
  const id = nextId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // pdf.js cannot be interrupted from outside: the whole thread goes, with anything else it was doing.
      stop(current, (pending) =>
        pending.id === id
          ? failure('timeout', `${pending.label} took longer than ${duration(request.limits.convertTimeoutMs)} to convert and was stopped. Nothing was added.`)
          : failure('timeout', `${pending.label} could not be converted: the converter was restarted meanwhile. Please add it again.`),
      );
    }, request.limits.convertTimeoutMs);
    current.pending.set(id, { id, resolve, label: request.label, timer });
    current.worker.postMessage({ id, request });
  });
}
