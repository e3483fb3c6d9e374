import { ask, documentInfo, type AskOptions } from './answer/ask.ts';
import { warmUp, warmUpQuestions } from './answer/warmup.ts';
import { prepareVocabulary } from './expand/typos.ts';
import { wordNetGraph } from './expand/wordnet.ts';
import type { Corpus } from './corpus/load.ts';
import { resolveDocument } from './corpus/resolve.ts';
import { keyFacts, prepareRankingSliced, rankFacts, rankQuotes, type Extraction, type RankedFact, type RankedQuote } from './extract/index.ts';
import type { DocumentAnalysis } from './search/analysis.ts';
import { attributionsOf } from './search/attribution.ts';
import { buildIndex, withAttributions, type SearchIndex } from './search/index.ts';
import { passageTermsOf } from './search/retrieve.ts';
import { openCorpus, saveCorpusFile, type SnapshotOptions, type SnapshotStats } from './snapshot/store.ts';
import { KeyTermIndex, listSources, sourceDetails, type SourceDetails, type SourceSummary } from './sources.ts';
import type { Layer } from './layers/layered.ts';
import type { Answer, DocumentInfo, LoadWarning, Outcome } from './types.ts';

/** A figure with the document it comes from, for citing. */
export type CitedFact = RankedFact & { readonly doc: DocumentInfo };
export type CitedQuote = RankedQuote & { readonly doc: DocumentInfo };

export interface StatsAnswer {
  readonly query: string;
  /** True when no topic was given: the results are the corpus's key figures. */
  readonly keyFigures: boolean;
  readonly results: readonly CitedFact[];
  readonly scope?: DocumentInfo;
}

export interface QuotesAnswer {
  readonly query: string;
  readonly speaker?: string;
  readonly results: readonly CitedQuote[];
  readonly scope?: DocumentInfo;
}

export type SourcesAnswer = { readonly kind: 'list'; readonly documents: readonly SourceSummary[] } | { readonly kind: 'details'; readonly details: SourceDetails };

export interface ExtractOptions {
  /** One document only: its id or a unique part of its title. */
  doc?: string;
  limit?: number;
}

/** Everything a command needs to answer: the loaded corpus, its index and what was extracted from it. */
export interface Engine {
  readonly corpus: Corpus;
  readonly index: SearchIndex;
  readonly extraction: Extraction;
  /** How the engine was opened: documents reused from the snapshot and analysed anew. */
  readonly snapshot?: SnapshotStats;
  /** The parts of an engine made of several indexes (src/core/layers/layered.ts); absent for one index. */
  readonly layers?: readonly Layer[];
  ask(question: string, options?: AskOptions): Outcome<{ answer: Answer }>;
  stats(topic: string, options?: ExtractOptions): Outcome<{ stats: StatsAnswer }>;
  quotes(topic: string, options?: ExtractOptions & { speaker?: string }): Outcome<{ quotes: QuotesAnswer }>;
  sources(document?: string): Outcome<{ sources: SourcesAnswer }>;
  /**
   * Builds what `stats` and `quotes` rank with (figure and quote indexes) in slices that leave the event loop
   * free, once; resolves when it is built. Servers call it after start and await it before `stats`/`quotes`
   * (which otherwise build it on first use, blocking: seconds on a large corpus).
   */
  ready(): Promise<void>;
  /**
   * Answers some sixty questions made of the corpus's own words, one per turn of the event loop, so that the code
   * answering questions is optimised before users ask (a young process answers its first few dozen questions
   * 2-4x slower). Servers call it once after start; answers are discarded.
   */
  warmUp(): Promise<void>;
}

/**
 * The engine of a loaded corpus and its extraction (the snapshot's, or `extractCorpus` of extract/document.ts).
 * Its index is built from the documents' analyses when given (the snapshot's), or taken as is.
 */
export function engineOf(
  corpus: Corpus,
  extracted: Extraction,
  analyses?: readonly DocumentAnalysis[] | SearchIndex,
  snapshot?: SnapshotStats,
): Engine {
  const built = analyses && 'compact' in analyses ? analyses : buildIndex(corpus, analyses);
  // Sentences of a quotation are found by their speaker's words too (search/attribution.ts).
  const index = built.attributions ? built : withAttributions(built, attributionsOf(() => extracted.quotes));
  // Ranking figures and quotes reads their passages' terms from the index instead of tokenising them again.
  const extraction: Extraction = { ...extracted, passageTerms: (passage) => passageTermsOf(index.compact, passage) };
  const keyTerms = new KeyTermIndex(corpus);
  const cite = <T extends { docId: string }>(item: T) => ({ ...item, doc: documentInfo(corpus.byId.get(item.docId)!) });
  /** Resolves a `doc` option given as id or title fragment; undefined when none was given. */
  const scopeOf = (doc: string | undefined): Outcome<{ scope?: DocumentInfo }> => {
    if (doc === undefined || !doc.trim()) return { ok: true };
    const resolved = resolveDocument(corpus, doc);
    return resolved.ok ? { ok: true, scope: documentInfo(resolved.document) } : resolved;
  };
  return {
    corpus,
    index,
    extraction,
    ...(snapshot ? { snapshot } : {}),
    ready: () => prepareRankingSliced(extraction),
    warmUp: async () => {
      await warmUp((question) => ask(index, question), warmUpQuestions(corpus.passages));
      await prepareVocabulary(index.compact);
      // What the corpus learned (read from the snapshot on first use: ~0.1 s at 94 MB), and WordNet's graph, which
      // a live change's layering needs: loaded now rather than by a question or a change.
      void index.learned;
      wordNetGraph();
    },
    ask: (question, options) => ask(index, question, options),
    stats(topic, options = {}) {
      const scoped = scopeOf(options.doc);
      if (!scoped.ok) return scoped;
      const rankOptions = { ...(scoped.scope ? { doc: scoped.scope.id } : {}), ...(options.limit ? { limit: options.limit } : {}) };
      const scope = scoped.scope ? { scope: scoped.scope } : {};
      if (!topic.trim()) {
        return { ok: true, stats: { query: topic, keyFigures: true, results: keyFacts(extraction, rankOptions).map(cite), ...scope } };
      }
      const ranked = rankFacts(extraction, topic, rankOptions);
      if (!ranked.ok) return ranked;
      return { ok: true, stats: { query: topic, keyFigures: ranked.keyFigures, results: ranked.results.map(cite), ...scope } };
    },
    quotes(topic, options = {}) {
      const scoped = scopeOf(options.doc);
      if (!scoped.ok) return scoped;
      const ranked = rankQuotes(extraction, topic, {
        ...(scoped.scope ? { doc: scoped.scope.id } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
        ...(options.speaker ? { speaker: options.speaker } : {}),
      });
      if (!ranked.ok) return ranked;
      return {
        ok: true,
        quotes: { query: topic, ...(ranked.speaker ? { speaker: ranked.speaker } : {}), results: ranked.results.map(cite), ...(scoped.scope ? { scope: scoped.scope } : {}) },
      };
    },
    sources(document) {
      if (document === undefined || !document.trim()) return { ok: true, sources: { kind: 'list', documents: listSources(corpus, extraction) } };
      const details = sourceDetails(corpus, extraction, keyTerms, document);
      return details.ok ? { ok: true, sources: { kind: 'details', details: details.details } } : details;
    },
  };
}

export type OpenOptions = SnapshotOptions;

/**
 * Loads the corpus folder and indexes it; load warnings go to `onWarning` as they are known. The index snapshot
 * next to the corpus is used where it matches the files and brought up to date (only new and changed documents
 * are analysed and extracted); `{ snapshot: false }` or POLICYBOT_SNAPSHOT=off indexes everything from scratch.
 */
export async function openEngine(dir: string, onWarning: (warning: LoadWarning) => void = () => {}, options: OpenOptions = {}): Promise<Outcome<{ engine: Engine }>> {
  const opened = await openCorpus(dir, onWarning, options);
  if (!opened.ok) return opened;
  for (const warning of opened.corpus.warnings) onWarning(warning);
  const index = buildIndex(opened.corpus, opened.analyses, opened.assembled, opened.learned);
  if (opened.corpusFileTarget) await saveCorpusFile(opened.corpusFileTarget, opened.corpus, opened.extraction, index.compact, index.learned);
  return { ok: true, engine: engineOf(opened.corpus, opened.extraction, index, opened.stats) };
}
