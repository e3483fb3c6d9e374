import { EventEmitter } from 'node:events';
import { openEngine, type Engine } from '../core/engine.ts';
import type { LoadWarning } from '../core/types.ts';

/** What a re-index reports (the LiveEngine's `ReindexResult` fits this shape). */
export interface ReindexOutcome {
  readonly ok: boolean;
  readonly message?: string;
  readonly ms?: number;
}

/**
 * The engine that answers now, and a way to rebuild it from the corpus folder. Adapters read `current` once per
 * interaction (never keep it), so a swap shows up in the next answer. Implemented by `SwappingEngine` (below) and
 * by the LiveEngine (src/core/live/live.ts), which rebuilds incrementally off the main thread.
 */
export interface EngineHolder {
  readonly current: Engine;
  /**
   * Rebuilds from the folder and swaps the new engine in; resolves when it is in place or failed (a failure leaves
   * the old engine answering). Concurrent calls share one run; a call during a run schedules exactly one more.
   */
  reindex(): Promise<ReindexOutcome>;
}

/** A holder that never changes: for callers that were handed a plain engine. `reindex` says it cannot. */
export function fixedEngine(engine: Engine): EngineHolder {
  return {
    current: engine,
    reindex: async () => ({ ok: false, message: 'this engine cannot be re-indexed' }),
  };
}

export interface SwappingEvents {
  reindexing: [];
  swapped: [engine: Engine, result: ReindexOutcome];
  failed: [result: ReindexOutcome];
}

/**
 * The simple EngineHolder: `reindex()` opens the folder again with `openEngine` (everything re-analysed) and swaps.
 * Answers keep coming from the old engine until the new one is complete. Same sharing rules as the LiveEngine.
 */
export class SwappingEngine extends EventEmitter<SwappingEvents> implements EngineHolder {
  #current: Engine;
  #running: Promise<ReindexOutcome> | undefined;
  #again: Promise<ReindexOutcome> | undefined;
  /** How many re-indexes ran (tests). */
  runs = 0;

  constructor(
    readonly dir: string,
    engine: Engine,
    private readonly onWarning: (warning: LoadWarning) => void = () => {},
  ) {
    super();
    this.#current = engine;
  }

  /** Opens the folder; the failure (no corpus, no usable document) as openEngine gives it. */
  static async open(dir: string, onWarning?: (warning: LoadWarning) => void): Promise<SwappingEngine | { ok: false; message: string }> {
    const opened = await openEngine(dir, onWarning);
    if (!opened.ok) return { ok: false, message: opened.message };
    return new SwappingEngine(dir, opened.engine, onWarning);
  }

  get current(): Engine {
    return this.#current;
  }

  get reindexing(): boolean {
    return this.#running !== undefined;
  }

  reindex(): Promise<ReindexOutcome> {
    if (!this.#running) {
      this.#running = this.#run().finally(() => (this.#running = undefined));
      return this.#running;
    }
    this.#again ??= this.#running.then(() => {
      this.#again = undefined;
      return this.reindex();
    });
    return this.#again;
  }

  async #run(): Promise<ReindexOutcome> {
    const started = performance.now();
    this.runs += 1;
    this.emit('reindexing');
    try {
      const opened = await openEngine(this.dir, this.onWarning);
      if (!opened.ok) {
        const result = { ok: false, message: opened.message, ms: performance.now() - started };
        this.emit('failed', result);
        return result;
      }
      this.#current = opened.engine;
      const result = { ok: true, ms: performance.now() - started };
      this.emit('swapped', opened.engine, result);
      return result;
    } catch (error) {
      const result = { ok: false, message: error instanceof Error ? error.message : String(error), ms: performance.now() - started };
      this.emit('failed', result);
      return result;
    }
  }
}
