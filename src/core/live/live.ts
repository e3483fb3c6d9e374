import { EventEmitter } from 'node:events';
import { engineOf, openEngine, type Engine } from '../engine.ts';
import { buildIndex } from '../search/index.ts';
import { openCorpus, snapshotEnabled, fallbackSnapshotDir, type SnapshotStats } from '../snapshot/store.ts';
import type { LoadWarning } from '../types.ts';
import { startWorker } from '../workers.ts';
import { buildIndexSliced } from './sliced.ts';

export interface ReindexResult {
  readonly ok: boolean;
  /** Documents analysed anew and reused (when ok). */
  readonly stats?: SnapshotStats;
  readonly message?: string;
  readonly ms: number;
}

export interface LiveEngineEvents {
  /** A re-index started. */
  reindexing: [];
  /** The new engine is in place: `current` answers from it from now on. */
  swapped: [engine: Engine, result: ReindexResult];
  /** The re-index failed; `current` is unchanged. */
  failed: [result: ReindexResult];
  warning: [warning: LoadWarning];
}

export interface LiveOptions {
  /** Keep the snapshot next to the corpus up to date (default: as openEngine). When off, a temporary one is used. */
  readonly snapshot?: boolean;
  /** Longest stretch of main-thread work between turns of the event loop during a swap (ms, default 8). */
  readonly sliceMs?: number;
  /** Run the analysis in a worker thread (default true); false analyses on the main thread, in slices. */
  readonly worker?: boolean;
}

/**
 * An engine that stays online while its corpus changes. `current` is the engine answering now; `reindex()`
 * analyses new and changed documents in a worker thread (the snapshot holds the rest), assembles the new engine
 * on the main thread in slices that yield to the event loop, then replaces `current` in one assignment.
 * Questions asked meanwhile are answered by the old engine; a failed re-index leaves it in place.
 * Concurrent reindex() calls share one run, and a call during a run schedules exactly one more.
 * A file watcher only needs to call reindex() (debounced) when the folder changes.
 */
export class LiveEngine extends EventEmitter<LiveEngineEvents> {
  #current: Engine;
  #running: Promise<ReindexResult> | undefined;
  #runs = 0;
  #again: Promise<ReindexResult> | undefined;

  private constructor(readonly dir: string, engine: Engine, private readonly options: LiveOptions) {
    super();
    this.#current = engine;
  }

  static async open(dir: string, onWarning: (warning: LoadWarning) => void = () => {}, options: LiveOptions = {}): Promise<LiveEngine | { ok: false; message: string }> {
    const opened = await openEngine(dir, onWarning, { ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }) });
    if (!opened.ok) return { ok: false, message: opened.message };
    return new LiveEngine(dir, opened.engine, options);
  }

  /** Wraps an engine already opened. */
  static of(dir: string, engine: Engine, options: LiveOptions = {}): LiveEngine {
    return new LiveEngine(dir, engine, options);
  }

  /** The engine answering now. Read it once per question: it may be replaced between questions. */
  get current(): Engine {
    return this.#current;
  }

  /** How many re-indexes have finished (swapped or failed) since the engine opened. */
  get runs(): number {
    return this.#runs;
  }

  get reindexing(): boolean {
    return this.#running !== undefined;
  }

  /** Re-indexes the corpus folder and swaps the new engine in; resolves when it is in place (or failed). */
  reindex(): Promise<ReindexResult> {
    if (!this.#running) {
      this.#running = this.#run().finally(() => {
        this.#running = undefined;
        this.#runs++;
      });
      return this.#running;
    }
    // One more run after the current one, shared by every caller that asks meanwhile.
    this.#again ??= this.#running.then(() => {
      this.#again = undefined;
      return this.reindex();
    });
    return this.#again;
  }

  async #run(): Promise<ReindexResult> {
    const started = performance.now();
    this.emit('reindexing');
    const snapshotDir = snapshotEnabled(this.options.snapshot) ? undefined : fallbackSnapshotDir(`${this.dir}#live`);
    const sliceMs = this.options.sliceMs ?? 8;
    try {
      const analysed = this.options.worker !== false ? await analyseInWorker(this.dir, snapshotDir) : undefined;
      const warnings: LoadWarning[] = [];
      const opened = await openCorpus(this.dir, (w) => warnings.push(w), { snapshot: true, sliceMs, ...(snapshotDir ? { snapshotDir } : {}) });
      if (!opened.ok) throw new Error(opened.message);
      // Sliced loading never takes the assembled index (store.ts), so the analyses are there to assemble from.
      const index = opened.assembled ? buildIndex(opened.corpus, undefined, opened.assembled, opened.learned) : await buildIndexSliced(opened.corpus, opened.analyses, sliceMs);
      // The worker's figures say what was analysed; the main thread then only read the snapshot.
      const stats = analysed ? { ...opened.stats, analysed: analysed.analysed, reused: analysed.reused } : opened.stats;
      const engine = engineOf(opened.corpus, opened.extraction, index, stats);
      // The new engine's figure and quote ranking is built before it answers, in slices.
      await engine.ready();
      for (const warning of [...warnings, ...opened.corpus.warnings]) this.emit('warning', warning);
      this.#current = engine; // the swap: one assignment, between two questions
      const result: ReindexResult = { ok: true, stats, ms: performance.now() - started };
      this.emit('swapped', engine, result);
      return result;
    } catch (error) {
      const result: ReindexResult = { ok: false, message: error instanceof Error ? error.message : String(error), ms: performance.now() - started };
      this.emit('failed', result);
      return result;
    }
  }
}

/** Runs the analysis of new and changed documents in a worker thread (the built worker, or TypeScript through tsx). */
function analyseInWorker(dir: string, snapshotDir: string | undefined): Promise<SnapshotStats> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(new URL('./worker.ts', import.meta.url), 'src/core/live/worker.js', { workerData: { dir, snapshotDir } });
    let answered = false;
    worker.once('message', (message: { ok: boolean; message?: string; stats?: SnapshotStats }) => {
      answered = true;
      if (message.ok) resolve(message.stats!);
      else reject(new Error(message.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the indexing worker stopped (exit code ${code})`));
    });
  });
}
