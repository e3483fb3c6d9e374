import type { Engine } from '../core/engine.ts';

/** What a re-index reports (the LiveEngine's `ReindexResult` fits this shape). */
export interface ReindexOutcome {
  readonly ok: boolean;
  readonly message?: string;
  readonly ms?: number;
}

/**
 * The engine that answers now, and a way to rebuild it from the corpus folder. Adapters read `current` once per
 * interaction (never keep it), so a swap shows up in the next answer. Implemented by the LiveEngine
 * (src/core/live/live.ts), which rebuilds incrementally off the main thread.
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
