import { ask } from '../answer/ask.ts';
import type { Corpus } from '../corpus/load.ts';
import { resolveDocument } from '../corpus/resolve.ts';
import type { Engine, QuotesAnswer, StatsAnswer } from '../engine.ts';
import type { Extraction } from '../extract/index.ts';
import type { SearchIndex } from '../search/index.ts';
import type { AnalyzedQuery } from '../search/query.ts';
import { learnExpansions, type LearnedExpansions } from '../expand/learned.ts';
import { rankPassages, type RankedPassage, type RankingOptions } from '../search/rank.ts';
import type { CollectionStats, CompactIndex } from '../search/retrieve.ts';
import type { Answer, CorpusDocument, DocumentInfo, Outcome } from '../types.ts';

/**
 * The collection statistics of several compact indexes taken as one corpus: passage count, per-field document
 * frequencies (summed over the parts, looked up by term) and average field lengths (weighted by passages).
 * With them set on each part (`CompactIndex.collection`), BM25 scores a passage of any part exactly as an index
 * of the whole would, up to floating-point rounding of the averages.
 */
export function collectionOf(parts: readonly CompactIndex[]): CollectionStats {
  const passageCount = parts.reduce((n, p) => n + p.passageCount, 0);
  const mean = (pick: (p: CompactIndex) => readonly [number, number, number]) =>
    [0, 1, 2].map((f) => (passageCount === 0 ? 0 : parts.reduce((sum, p) => sum + pick(p)[f]! * p.passageCount, 0) / passageCount)) as unknown as readonly [number, number, number];
  return {
    passageCount,
    averageFieldLength: mean((p) => p.averageFieldLength),
    averageTermLength: mean((p) => p.averageTermLength),
    df(field, term) {
      let df = 0;
      for (const part of parts) {
        const id = part.termIds.get(term);
        if (id === undefined) continue;
        df += field === 0 ? part.textStart[id + 1]! - part.textStart[id]! : field === 1 ? part.section.df[id]! : part.title.df[id]!;
      }
      return df;
    },
  };
}

/** A text-field document frequency map over the whole collection (what `confident` asks of an index). */
class CollectionFrequencies implements ReadonlyMap<string, number> {
  constructor(
    private readonly collection: CollectionStats,
    private readonly parts: readonly CompactIndex[],
  ) {}
  get size(): number {
    return [...this.keys()].length;
  }
  get(term: string): number | undefined {
    const df = this.collection.df(0, term);
    return df > 0 ? df : undefined;
  }
  has(term: string): boolean {
    return this.collection.df(0, term) > 0;
  }
  *keys(): MapIterator<string> {
    const seen = new Set<string>();
    for (const part of this.parts) for (const term of part.terms) if (!seen.has(term) && this.has(term)) seen.add(term) && (yield term);
  }
  *entries(): MapIterator<[string, number]> {
    for (const term of this.keys()) yield [term, this.collection.df(0, term)];
  }
  *values(): MapIterator<number> {
    for (const [, df] of this.entries()) yield df;
  }
  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [term, df] of this.entries()) callback(df, term, this);
  }
  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/** One part's index with the whole collection's statistics (the typed arrays are shared, not copied). */
function partView(index: SearchIndex, collection: CollectionStats, frequencies: ReadonlyMap<string, number>): SearchIndex {
  const compact: CompactIndex = { ...index.compact, collection };
  return {
    corpus: index.corpus,
    compact,
    get miniSearch() {
      return index.miniSearch;
    },
    documentFrequency: frequencies,
    passagesByDoc: index.passagesByDoc,
    get learned() {
      return index.learned;
    },
  };
}

/**
 * The union of two ranked lists of one question over two parts scored with shared statistics, as rankPassages
 * ranks one index: the best `candidatePassages` by passage score, then the final score normalised by the best
 * passage and best sentence of those candidates (unscoped questions: no lead-sentence share).
 */
export function mergeRanked(lists: readonly (readonly RankedPassage[])[], options: RankingOptions): RankedPassage[] {
  const all = lists.flatMap((list, part) => list.map((r) => ({ r, part })));
  all.sort((a, b) => b.r.passageScore - a.r.passageScore || a.part - b.part || a.r.passage.index - b.r.passage.index);
  const kept = all.slice(0, options.candidatePassages);
  if (kept.length === 0) return [];
  const topPassage = Math.max(...kept.map(({ r }) => r.passageScore)) || 1;
  const topSentence = Math.max(...kept.map(({ r }) => r.sentenceScores[r.bestSentence] ?? 0)) || 1;
  return kept
    .map(({ r, part }) => ({
      part,
      r: { ...r, score: options.passageWeight * (r.passageScore / topPassage) + options.sentenceWeight * ((r.sentenceScores[r.bestSentence] ?? 0) / topSentence) },
    }))
    .sort((a, b) => b.r.score - a.r.score || a.part - b.part || a.r.passage.index - b.r.passage.index)
    .map(({ r }) => r);
}

const mark = <T extends { doc: DocumentInfo }>(item: T, own: Corpus): T => (own.byId.get(item.doc.id) ? { ...item, doc: { ...item.doc, server: true } } : item);

/** Merges two ranked result lists by score (figures or quotes of the two parts), best first. */
function mergeByScore<T extends { score: number }>(a: readonly T[], b: readonly T[], limit: number): T[] {
  return [...a, ...b].sort((x, y) => y.score - x.score).slice(0, limit);
}

/**
 * A server's engine: the shared base engine and the server's own engine answering as one corpus. Nothing of
 * the base is copied: each part keeps its index, with the collection statistics of both set on a view of it.
 *
 * - `/ask`: both parts are ranked with the same statistics (idf from the summed document frequencies and passage
 *   count, averaged field lengths) and merged as one index's ranking would be (`mergeRanked`). A question scoped
 *   to one document is ranked in the part holding it (its corpus associates and topic terms come from that part).
 * - `/stats`, `/quote`: each part ranks its figures or quotes; the lists are merged by score.
 * - `/sources` and the document lists: the server's documents first, then the base's.
 * A server document's id shadows a base document with the same id in that server.
 * Results from the server's documents carry `doc.server: true`.
 */
export function federatedEngine(base: Engine, own: Engine): Engine {
  const parts = [base.index.compact, own.index.compact];
  const collection = collectionOf(parts);
  const frequencies = new CollectionFrequencies(collection, parts);
  const baseView = partView(base.index, collection, frequencies);
  const ownView = partView(own.index, collection, frequencies);
  const documents: CorpusDocument[] = [...own.corpus.documents, ...base.corpus.documents.filter((d) => !own.corpus.byId.has(d.id))];
  let passages: Corpus['passages'] | undefined;
  const corpus: Corpus = {
    dir: own.corpus.dir,
    documents,
    byId: new Map([...base.corpus.byId, ...own.corpus.byId]),
    get passages() {
      return (passages ??= [...base.corpus.passages, ...own.corpus.passages]);
    },
    warnings: own.corpus.warnings,
  };
  const passagesByDoc = new Map([...base.index.passagesByDoc, ...own.index.passagesByDoc]);
  let learned: LearnedExpansions | undefined;
  const index: SearchIndex = {
    corpus,
    compact: ownView.compact,
    get miniSearch() {
      return own.index.miniSearch;
    },
    documentFrequency: frequencies,
    passagesByDoc,
    // A question is read in the words of both parts: WordNet narrowed to either's terms, both parts' abbreviations.
    get learned() {
      return (learned ??= learnExpansions(corpus, (term) => frequencies.has(term)));
    },
    vocabularies: parts,
  };
  const partOf = (docId: string) => (own.corpus.byId.has(docId) ? ownView : baseView);
  const engineOfDoc = (docId: string) => (own.corpus.byId.has(docId) ? own : base);
  const rank = (_index: SearchIndex, query: AnalyzedQuery, scope: { docId?: string } = {}, options?: RankingOptions): RankedPassage[] => {
    if (scope.docId !== undefined) return rankPassages(partOf(scope.docId), query, scope, options);
    const ranking = options!;
    return mergeRanked([rankPassages(baseView, query, {}, ranking), rankPassages(ownView, query, {}, ranking)], ranking);
  };
  const markAnswer = (answer: Answer): Answer => ({ ...answer, results: answer.results.map((r) => mark(r, own.corpus)), ...(answer.scope ? { scope: mark({ doc: answer.scope }, own.corpus).doc } : {}) });
  /** The document a `doc` option names, in the server's documents first: its id, or the failure to show. */
  const resolve = (doc: string | undefined): Outcome<{ id?: string }> => {
    if (doc === undefined || !doc.trim()) return { ok: true };
    const resolved = resolveDocument(corpus, doc);
    return resolved.ok ? { ok: true, id: resolved.document.id } : resolved;
  };
  let extraction: Extraction | undefined;
  const combinedExtraction = (): Extraction =>
    (extraction ??= {
      documentIds: documents.map((d) => d.id),
      facts: [...own.extraction.facts, ...base.extraction.facts],
      quotes: [...own.extraction.quotes, ...base.extraction.quotes],
      glossary: [...own.extraction.glossary, ...base.extraction.glossary],
      speakers: [...own.extraction.speakers, ...base.extraction.speakers],
      passages: corpus.passages,
    });
  const engine: Engine = {
    corpus,
    index,
    get extraction() {
      return combinedExtraction();
    },
    ask(question, options = {}) {
      const asked = ask(index, question, options, undefined, rank);
      return asked.ok ? { ok: true, answer: markAnswer(asked.answer) } : asked;
    },
    stats(topic, options = {}) {
      const scoped = resolve(options.doc);
      if (!scoped.ok) return scoped;
      const markStats = (s: StatsAnswer): StatsAnswer => ({ ...s, results: s.results.map((r) => mark(r, own.corpus)), ...(s.scope ? { scope: mark({ doc: s.scope }, own.corpus).doc } : {}) });
      if (scoped.id !== undefined) {
        const one = engineOfDoc(scoped.id).stats(topic, { ...options, doc: scoped.id });
        return one.ok ? { ok: true, stats: markStats(one.stats) } : one;
      }
      const a = own.stats(topic, options);
      const b = base.stats(topic, options);
      if (!a.ok || !b.ok) return a.ok ? { ok: true, stats: markStats(a.stats) } : b.ok ? b : a;
      const limit = options.limit ?? Math.max(a.stats.results.length, b.stats.results.length);
      return { ok: true, stats: markStats({ ...b.stats, keyFigures: a.stats.keyFigures && b.stats.keyFigures, results: mergeByScore(a.stats.results, b.stats.results, limit) }) };
    },
    quotes(topic, options = {}) {
      const scoped = resolve(options.doc);
      if (!scoped.ok) return scoped;
      const markQuotes = (q: QuotesAnswer): QuotesAnswer => ({ ...q, results: q.results.map((r) => mark(r, own.corpus)), ...(q.scope ? { scope: mark({ doc: q.scope }, own.corpus).doc } : {}) });
      if (scoped.id !== undefined) {
        const one = engineOfDoc(scoped.id).quotes(topic, { ...options, doc: scoped.id });
        return one.ok ? { ok: true, quotes: markQuotes(one.quotes) } : one;
      }
      const a = own.quotes(topic, options);
      const b = base.quotes(topic, options);
      if (!a.ok || !b.ok) return a.ok ? { ok: true, quotes: markQuotes(a.quotes) } : b.ok ? b : a;
      const limit = options.limit ?? Math.max(a.quotes.results.length, b.quotes.results.length);
      return { ok: true, quotes: markQuotes({ ...b.quotes, results: mergeByScore(a.quotes.results, b.quotes.results, limit) }) };
    },
    sources(document) {
      if (document === undefined || !document.trim()) {
        const a = own.sources();
        const b = base.sources();
        if (!a.ok || !b.ok || a.sources.kind !== 'list' || b.sources.kind !== 'list') return b;
        const shadowed = new Set(a.sources.documents.map((s) => s.doc.id));
        return { ok: true, sources: { kind: 'list', documents: [...a.sources.documents.map((s) => mark(s, own.corpus)), ...b.sources.documents.filter((s) => !shadowed.has(s.doc.id))] } };
      }
      const scoped = resolve(document);
      if (!scoped.ok) return scoped;
      const details = engineOfDoc(scoped.id!).sources(scoped.id);
      return details.ok && details.sources.kind === 'details' ? { ok: true, sources: { kind: 'details', details: mark(details.sources.details, own.corpus) } } : details;
    },
    ready: () => Promise.all([base.ready(), own.ready()]).then(() => undefined),
    warmUp: () => own.warmUp(),
  };
  return engine;
}
