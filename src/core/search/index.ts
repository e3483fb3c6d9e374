import type MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/load.ts';
import type { CorpusDocument } from '../types.ts';
import { termsOf, tokenizeForms } from '../text/tokenize.ts';
import { analyzeDocument, type DocumentAnalysis } from './analysis.ts';
import { learnExpansions, type LearnedExpansions } from '../expand/learned.ts';
import type { Attributions } from './attribution.ts';
import { assembleIndex, textDocumentFrequency, toMiniSearch, type CompactIndex } from './retrieve.ts';

/** What the index stores per passage: only its position; texts stay in the corpus. */
interface IndexedPassage {
  id: number;
  text: string;
  section: string;
  title: string;
}

/** Field boosts: a passage's own words count most; its section and document title are context. */
export const FIELD_BOOSTS = { text: 1, section: 0.6, title: 0.25 } as const;
const FIELDS = Object.keys(FIELD_BOOSTS) as (keyof typeof FIELD_BOOSTS)[];

/** Options shared by building and loading an index: the same term pipeline must be used for both. */
export const MINISEARCH_OPTIONS = {
  idField: 'id',
  fields: FIELDS,
  storeFields: [],
  tokenize: tokenizeForms,
  processTerm: (term: string) => termsOf(term),
} as const;

/** The searchable corpus: passage-level BM25 (MiniSearch's model, compact form) plus term statistics for sentence scoring. */
export interface SearchIndex {
  readonly corpus: Corpus;
  /** The passage index in compact form: candidate retrieval and precomputed sentence terms (retrieve.ts). */
  readonly compact: CompactIndex;
  /** The same index as a MiniSearch instance, materialised on first use (tests, MiniSearch serialisation). */
  readonly miniSearch: MiniSearch<IndexedPassage>;
  /** Number of passages each term occurs in (text field). */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** Per document id: indexes of its passages. */
  readonly passagesByDoc: ReadonlyMap<string, readonly number[]>;
  /** What the corpus teaches about its questions (WordNet narrowed to its terms, its abbreviations): the snapshot's, or learned on first use. */
  readonly learned: LearnedExpansions;
  /** Where a question's typing errors are corrected: this index's vocabulary unless said (a server's: the base's and its own). */
  readonly vocabularies?: readonly CompactIndex[];
  /** Who said which stretch of a passage (the corpus's quotations), for questions that name a speaker; none without an extraction. */
  readonly attributions?: Attributions;
}

/** The index with the attributions of its corpus's quotations (engine.ts: the extraction comes after the index). */
export function withAttributions(index: SearchIndex, attributions: Attributions): SearchIndex {
  return {
    corpus: index.corpus,
    compact: index.compact,
    get miniSearch() {
      return index.miniSearch;
    },
    documentFrequency: index.documentFrequency,
    passagesByDoc: index.passagesByDoc,
    get learned() {
      return index.learned;
    },
    ...(index.vocabularies ? { vocabularies: index.vocabularies } : {}),
    attributions,
  };
}

/**
 * The search index of a corpus: the assembled postings when given (the snapshot's), else assembled from the
 * documents' analyses, analysing the documents first unless their analyses are given.
 */
export function buildIndex(corpus: Corpus, analyses?: readonly DocumentAnalysis[], assembled?: CompactIndex, learnedBefore?: LearnedExpansions): SearchIndex {
  const passagesByDoc = new Map<string, number[]>();
  for (const passage of corpus.passages) {
    let list = passagesByDoc.get(passage.docId);
    if (!list) passagesByDoc.set(passage.docId, (list = []));
    list.push(passage.index);
  }
  const analysisOf = (document: CorpusDocument) => analyzeDocument(document, (passagesByDoc.get(document.id) ?? []).map((i) => corpus.passages[i]!));
  const compact = assembled ?? assembleIndex(corpus, analyses ?? corpus.documents.map(analysisOf));
  let miniSearch: MiniSearch<IndexedPassage> | undefined;
  let learned = learnedBefore;
  return {
    corpus,
    compact,
    get miniSearch() {
      return (miniSearch ??= toMiniSearch<IndexedPassage>(compact, { ...MINISEARCH_OPTIONS, storeFields: [] }));
    },
    documentFrequency: new DocumentFrequencyView(compact),
    passagesByDoc,
    get learned() {
      return (learned ??= learnExpansions(corpus, (term) => textDocumentFrequency(compact, term) > 0));
    },
  };
}

/** A read-only map view of the text field's document frequencies (no second copy of the vocabulary). */
class DocumentFrequencyView implements ReadonlyMap<string, number> {
  constructor(private readonly compact: CompactIndex) {}
  get size(): number {
    return this.compact.terms.length;
  }
  get(term: string): number | undefined {
    const df = textDocumentFrequency(this.compact, term);
    return df > 0 ? df : undefined;
  }
  has(term: string): boolean {
    return textDocumentFrequency(this.compact, term) > 0;
  }
  *entries(): MapIterator<[string, number]> {
    for (const term of this.compact.terms) {
      const df = textDocumentFrequency(this.compact, term);
      if (df > 0) yield [term, df];
    }
  }
  *keys(): MapIterator<string> {
    for (const [term] of this.entries()) yield term;
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

/** Inverse document frequency of a term over passages (BM25's form, never negative). */
export function idf(index: SearchIndex, term: string): number {
  const collection = index.compact.collection;
  const n = collection ? collection.passageCount : index.corpus.passages.length;
  const df = collection ? collection.df(0, term) : (index.documentFrequency.get(term) ?? 0);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
