import { EventEmitter } from 'node:events';
import { engineOf, openEngine, type Engine } from '../engine.ts';
import { layeredEngine, layeredExpansionsSteps, type Layer } from '../layers/layered.ts';
import { finishWithPauses, slicer } from '../steps.ts';
import { buildIndex } from '../search/index.ts';
import { assembleIndexSteps } from '../search/retrieve.ts';
import { openCorpus, snapshotEnabled, fallbackSnapshotDir, type SnapshotStats } from '../snapshot/store.ts';
import type { LoadWarning } from '../types.ts';
import { analyseOffThread, type Analysed } from './indexer.ts';
import { buildIndexSliced } from './sliced.ts';

export interface ReindexResult {
  readonly ok: boolean;
  /** Documents analysed anew and reused (when ok). */
  readonly stats?: SnapshotStats;
  readonly message?: string;
  readonly ms: number;
  /**
   * True when the change is answered from a small index of the changed documents beside the index assembled before
   * (the assembled index's changed and removed documents hidden) while the whole index is assembled again in the
   * background (`merged` follows).
   */
  readonly layered?: boolean;
  /** Of `ms`: the analysis of new and changed documents (worker start included); the rest builds what answers. */
  readonly analyseMs?: number;
}

export interface LiveEngineEvents {
  /** A re-index started. */
  reindexing: [];
  /** The new engine is in place: `current` answers from it from now on. */
  swapped: [engine: Engine, result: ReindexResult];
  /** The whole index was assembled again after layered changes and is in place (with any later change layered on it). */
  merged: [engine: Engine, result: ReindexResult];
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
  /**
   * Answer a change from a small index of the new and changed documents layered on the index assembled before, so
   * that it is answered within a second at any corpus size, and assemble the whole index again in the background
   * (default true). False assembles the whole index before the change is answered.
   */
  readonly layered?: boolean;
  /** Changes of more than this share of the assembled index's documents are assembled whole at once (default 0.2). */
  readonly maxLayeredShare?: number;
}

const DEFAULT_MAX_LAYERED_SHARE = 0.2;

/**
 * An engine that stays online while its corpus changes. `current` is the engine answering now; `reindex()`
 * analyses new and changed documents in a worker thread (the snapshot holds the rest) and puts them in place:
 *
 * - layered (the default for a change of a few documents): a small index of the new and changed documents is built
 *   from their segments and answers beside the index assembled before, whose changed and removed documents are
 *   hidden (src/core/layers/layered.ts: scores as one index of the current documents would give). The change is
 *   answered as soon as that small index is built, whatever the corpus size; the whole index is then assembled
 *   again in the background (`merged`), in slices that yield to the event loop, and replaces the layers.
 * - whole: the new engine is assembled on the main thread in slices that yield to the event loop.
 *
 * Either way `current` is replaced in one assignment; questions asked meanwhile are answered by the engine before,
 * and a failed re-index leaves it in place. Concurrent reindex() calls share one run, and a call during a run
 * schedules exactly one more. A file watcher only needs to call reindex() (debounced) when the folder changes.
 */
export class LiveEngine extends EventEmitter<LiveEngineEvents> {
  #current: Engine;
  /** The engine of the last whole assembly: the bottom layer of `current` when changes are layered on it. */
  #assembled: Engine;
  /** Files analysed anew since `#assembled` was assembled, with the run that analysed them last. */
  #dirty = new Map<string, number>();
  /** The folder's corpus files as the last run listed them. */
  #listed: ReadonlySet<string> | undefined;
  #generation = 0;
  #running: Promise<ReindexResult> | undefined;
  #runs = 0;
  #again: Promise<ReindexResult> | undefined;
  #merging: Promise<void> | undefined;
  /** Builds of the layered engine, one after the other: each reads the latest state when it starts. */
  #layering: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string, engine: Engine, private readonly options: LiveOptions) {
    super();
    this.#current = engine;
    this.#assembled = engine;
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

  /** True while the whole index is being assembled again in the background after a layered change. */
  get merging(): boolean {
    return this.#merging !== undefined;
  }

  /** Resolves when no re-index runs and no assembly is pending in the background (tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    while (this.#running || this.#again || this.#merging) await (this.#again ?? this.#running ?? this.#merging);
  }

  /** Re-indexes the corpus folder and swaps the new engine in; resolves when it answers (or failed). */
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

  get #snapshotDir(): string | undefined {
    return snapshotEnabled(this.options.snapshot) ? undefined : fallbackSnapshotDir(`${this.dir}#live`);
  }

  get #sliceMs(): number {
    return this.options.sliceMs ?? 8;
  }

  async #run(): Promise<ReindexResult> {
    const started = performance.now();
    this.emit('reindexing');
    const snapshotDir = this.#snapshotDir;
    try {
      const analysed = this.options.worker !== false ? await analyseOffThread(this.dir, snapshotDir) : await this.#analyseHere(snapshotDir);
      const analyseMs = performance.now() - started;
      const generation = ++this.#generation;
      for (const file of analysed.analysedFiles) this.#dirty.set(file, generation);
      this.#listed = new Set(analysed.files);
      if (this.#layerable()) {
        await this.#layer();
        const result: ReindexResult = { ok: true, stats: analysed.stats, ms: performance.now() - started, layered: true, analyseMs };
        this.emit('swapped', this.#current, result);
        this.#merge();
        return result;
      }
      // One whole assembly at a time: a background one finishes first.
      if (this.#merging) await this.#merging;
      const engine = await this.#assembleWhole(generation, analysed.stats);
      const result: ReindexResult = { ok: true, stats: analysed.stats, ms: performance.now() - started, analyseMs };
      this.emit('swapped', engine, result);
      return result;
    } catch (error) {
      const result: ReindexResult = { ok: false, message: error instanceof Error ? error.message : String(error), ms: performance.now() - started };
      this.emit('failed', result);
      return result;
    }
  }

  /** Whether the changes since the last whole assembly are few enough to be layered on it. */
  #layerable(): boolean {
    if (this.options.layered === false) return false;
    const changed = this.#changedFiles();
    if (changed.size === 0) return false; // nothing changed: a reload assembles the index whole, as asked
    const documents = this.#assembled.corpus.documents.length;
    if (documents === 0) return false; // nothing to layer on (a server's first documents)
    return changed.size <= Math.max(1, (this.options.maxLayeredShare ?? DEFAULT_MAX_LAYERED_SHARE) * documents);
  }

  /** Files changed since the last whole assembly: analysed anew, or gone from the folder. */
  #changedFiles(): Set<string> {
    const changed = new Set(this.#dirty.keys());
    for (const d of this.#assembled.corpus.documents) if (this.#listed && !this.#listed.has(d.file)) changed.add(d.file);
    return changed;
  }

  /** Analysis of new and changed documents on the main thread, in slices (no worker). */
  async #analyseHere(snapshotDir: string | undefined): Promise<Analysed> {
    const opened = await openCorpus(this.dir, (w) => this.emit('warning', w), { snapshot: true, writeOnly: true, sliceMs: this.#sliceMs, ...(snapshotDir ? { snapshotDir } : {}) });
    if (!opened.ok) throw new Error(opened.message);
    return { stats: opened.stats, files: opened.files, analysedFiles: opened.analysedFiles };
  }

  /** Builds the layered engine of the latest state (the last whole assembly and the files changed since) and swaps it in. */
  #layer(): Promise<void> {
    const next = this.#layering.then(async () => {
      const assembled = this.#assembled;
      const changed = this.#changedFiles();
      if (changed.size === 0) {
        this.#current = assembled;
        return;
      }
      const hidden = new Set(assembled.corpus.documents.filter((d) => changed.has(d.file)).map((d) => d.id));
      const present = new Set([...this.#dirty.keys()].filter((f) => this.#listed?.has(f) !== false));
      const layers: Layer[] = [{ engine: assembled, hidden }];
      if (present.size > 0) {
        const warnings: LoadWarning[] = [];
        const opened = await openCorpus(this.dir, (w) => warnings.push(w), { snapshot: true, only: present, sliceMs: this.#sliceMs, ...(this.#snapshotDir ? { snapshotDir: this.#snapshotDir } : {}) });
        if (opened.ok) {
          // Assembled in slices, like the whole index: the changed documents can be long.
          const compact = opened.assembled ?? (await finishWithPauses(assembleIndexSteps(opened.corpus, opened.analyses), slicer(this.#sliceMs)));
          const index = buildIndex(opened.corpus, opened.analyses, compact, opened.learned);
          const engine = engineOf(opened.corpus, opened.extraction, index, opened.stats);
          await engine.ready();
          layers.push({ engine });
          for (const warning of [...warnings, ...opened.corpus.warnings]) this.emit('warning', warning);
        } else if (opened.code !== 'empty_corpus') throw new Error(opened.message);
      }
      // Learned between turns of the event loop, before the swap: the first question after it must not pay for it.
      const learned = await finishWithPauses(layeredExpansionsSteps(layers.map((l) => l.engine)), slicer(this.#sliceMs));
      const engine = layeredEngine(layers, { learned });
      this.#current = engine; // the swap: one assignment, between two questions
    });
    this.#layering = next.catch(() => {});
    return next;
  }

  /** Assembles the whole index again in the background after a layered change; one at a time. */
  #merge(): void {
    if (this.#merging) return;
    const started = performance.now();
    const generation = this.#generation;
    this.#merging = this.#assembleWhole(generation)
      .then((engine) => {
        this.emit('merged', this.#current, { ok: true, ms: performance.now() - started, ...(engine.snapshot ? { stats: engine.snapshot } : {}) });
      })
      .catch((error: unknown) => {
        this.emit('failed', { ok: false, message: error instanceof Error ? error.message : String(error), ms: performance.now() - started });
      })
      .finally(() => {
        this.#merging = undefined;
        // Changes analysed while it ran are layered on it: they get their own assembly.
        if (this.#dirty.size > 0 && this.options.layered !== false) this.#merge();
      });
  }

  /**
   * Assembles the whole index from the snapshot (every file analysed up to run `generation` is in it), in slices,
   * makes it the bottom layer, and swaps in what answers now: it alone, or with later changes layered on it.
   */
  async #assembleWhole(generation: number, stats?: SnapshotStats): Promise<Engine> {
    const warnings: LoadWarning[] = [];
    const sliceMs = this.#sliceMs;
    const snapshotDir = this.#snapshotDir;
    const opened = await openCorpus(this.dir, (w) => warnings.push(w), { snapshot: true, sliceMs, ...(snapshotDir ? { snapshotDir } : {}) });
    if (!opened.ok) throw new Error(opened.message);
    // Sliced loading never takes the assembled index (store.ts), so the analyses are there to assemble from.
    const index = opened.assembled ? buildIndex(opened.corpus, undefined, opened.assembled, opened.learned) : await buildIndexSliced(opened.corpus, opened.analyses, sliceMs);
    // The worker's figures say what was analysed; the main thread then only read the snapshot.
    const engine = engineOf(opened.corpus, opened.extraction, index, stats ? { ...opened.stats, analysed: stats.analysed, reused: stats.reused } : opened.stats);
    // The new engine's figure and quote ranking is built before it answers, in slices.
    await engine.ready();
    for (const warning of [...warnings, ...opened.corpus.warnings]) this.emit('warning', warning);
    this.#assembled = engine;
    this.#listed = new Set(opened.files);
    for (const [file, run] of this.#dirty) if (run <= generation) this.#dirty.delete(file);
    await this.#layer();
    return engine;
  }
}

