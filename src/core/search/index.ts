import MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/load.ts';
import { termsOf, tokenizeForms } from '../text/tokenize.ts';

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

/** The searchable corpus: passage-level BM25 (MiniSearch) plus term statistics for sentence scoring. */
export interface SearchIndex {
  readonly corpus: Corpus;
  readonly miniSearch: MiniSearch<IndexedPassage>;
  /** Number of passages each term occurs in (text field). */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** Per document id: indexes of its passages. */
  readonly passagesByDoc: ReadonlyMap<string, readonly number[]>;
}

export function buildIndex(corpus: Corpus): SearchIndex {
  const miniSearch = new MiniSearch<IndexedPassage>({ ...MINISEARCH_OPTIONS, storeFields: [] });
  const documentFrequency = new Map<string, number>();
  const passagesByDoc = new Map<string, number[]>();
  for (const passage of corpus.passages) {
    const document = corpus.byId.get(passage.docId)!;
    miniSearch.add({ id: passage.index, text: passage.text, section: passage.section ?? '', title: document.title });
    const seen = new Set<string>();
    for (const form of tokenizeForms(passage.text)) for (const term of termsOf(form)) seen.add(term);
    for (const term of seen) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    let list = passagesByDoc.get(passage.docId);
    if (!list) passagesByDoc.set(passage.docId, (list = []));
    list.push(passage.index);
  }
  return { corpus, miniSearch, documentFrequency, passagesByDoc };
}

/** Inverse document frequency of a term over passages (BM25's form, never negative). */
export function idf(index: SearchIndex, term: string): number {
  const n = index.corpus.passages.length;
  const df = index.documentFrequency.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
