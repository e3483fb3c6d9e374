import type { Corpus } from '../corpus/load.ts';
import type { Passage } from '../types.ts';
import { termsOf, termsOfText, tokenize } from '../text/tokenize.ts';

/** Field boosts: a passage's own words count most; its section and document title are context. */
export const FIELD_BOOSTS = { text: 1, section: 0.6, title: 0.25 } as const;
export type FieldName = keyof typeof FIELD_BOOSTS;

/**
 * The terms of one passage, analysed once at index time so that ranking never re-tokenises:
 * term ids sentence after sentence, each with the position of its token inside its sentence.
 */
export interface PassageTerms {
  /** Term ids (see `SearchIndex.vocabulary`), sentence after sentence, in text order. */
  readonly ids: Int32Array;
  /** Position of each term's token inside its sentence (a hyphenated word's parts share one). */
  readonly positions: Uint16Array;
  /** Where each sentence's run of `ids` ends (exclusive); sentence i runs from `sentenceEnds[i-1]` (or 0). */
  readonly sentenceEnds: Uint32Array;
  /** Number of word tokens (with at least one term) of each sentence, for length normalisation. */
  readonly sentenceLengths: Uint16Array;
}

/** An inverted index of one field: per term id, the passages holding it and how often. */
export interface FieldPostings {
  readonly passages: readonly (Int32Array | undefined)[];
  readonly counts: readonly (Uint16Array | undefined)[];
  /** Number of terms of the field, per passage. */
  readonly lengths: Uint32Array;
  readonly averageLength: number;
}

/** The searchable corpus: passage-level postings for BM25 plus per-sentence terms for sentence scoring. */
export interface SearchIndex {
  readonly corpus: Corpus;
  /** Number of passages each term occurs in (text field). */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** Per document id: indexes of its passages. */
  readonly passagesByDoc: ReadonlyMap<string, readonly number[]>;
  /** Term → id, for postings and the per-passage term lists. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Per passage (by its index): its sentences' terms. */
  readonly passageTerms: readonly PassageTerms[];
  readonly fields: Readonly<Record<FieldName, FieldPostings>>;
}

/** Collects postings of one field while passages are added in index order. */
class PostingsBuilder {
  private readonly passages: number[][] = [];
  private readonly counts: number[][] = [];
  private readonly lengths: number[] = [];

  add(passage: number, ids: ArrayLike<number>): void {
    const tf = new Map<number, number>();
    for (let i = 0; i < ids.length; i++) tf.set(ids[i]!, (tf.get(ids[i]!) ?? 0) + 1);
    for (const [id, count] of tf) {
      (this.passages[id] ??= []).push(passage);
      (this.counts[id] ??= []).push(Math.min(count, 65_535));
    }
    this.lengths[passage] = ids.length;
  }

  build(passageCount: number): FieldPostings {
    const lengths = new Uint32Array(passageCount);
    let total = 0;
    for (let p = 0; p < passageCount; p++) total += lengths[p] = this.lengths[p] ?? 0;
    return {
      passages: Array.from(this.passages, (list) => (list ? Int32Array.from(list) : undefined)),
      counts: Array.from(this.counts, (list) => (list ? Uint16Array.from(list) : undefined)),
      lengths,
      averageLength: passageCount > 0 ? total / passageCount || 1 : 1,
    };
  }
}

export function buildIndex(corpus: Corpus): SearchIndex {
  const documentFrequency = new Map<string, number>();
  const passagesByDoc = new Map<string, number[]>();
  const vocabulary = new Map<string, number>();
  const idOf = (term: string) => {
    let id = vocabulary.get(term);
    if (id === undefined) vocabulary.set(term, (id = vocabulary.size));
    return id;
  };
  const passageTerms: PassageTerms[] = [];
  const builders = { text: new PostingsBuilder(), section: new PostingsBuilder(), title: new PostingsBuilder() };
  const headingIds = new Map<string, number[]>();
  const idsOfHeading = (heading: string) => {
    let ids = headingIds.get(heading);
    if (!ids) headingIds.set(heading, (ids = termsOfText(heading).map(idOf)));
    return ids;
  };
  for (const passage of corpus.passages) {
    const document = corpus.byId.get(passage.docId)!;
    const terms = analysePassage(passage, idOf);
    passageTerms[passage.index] = terms;
    builders.text.add(passage.index, terms.ids);
    builders.section.add(passage.index, idsOfHeading(passage.section ?? ''));
    builders.title.add(passage.index, idsOfHeading(document.title));
    let list = passagesByDoc.get(passage.docId);
    if (!list) passagesByDoc.set(passage.docId, (list = []));
    list.push(passage.index);
  }
  const n = corpus.passages.length;
  const fields = { text: builders.text.build(n), section: builders.section.build(n), title: builders.title.build(n) };
  for (const [term, id] of vocabulary) {
    const df = fields.text.passages[id]?.length ?? 0;
    if (df > 0) documentFrequency.set(term, df);
  }
  return { corpus, documentFrequency, passagesByDoc, vocabulary, passageTerms, fields };
}

/** Tokenises a passage once and files its terms by sentence. */
export function analysePassage(passage: Passage, idOf: (term: string) => number): PassageTerms {
  const ids: number[] = [];
  const positions: number[] = [];
  const sentenceEnds = new Uint32Array(passage.sentences.length);
  const sentenceLengths = new Uint16Array(passage.sentences.length);
  const tokens = tokenize(passage.text);
  let t = 0;
  passage.sentences.forEach((span, s) => {
    while (t < tokens.length && tokens[t]!.start < span.start) t++;
    let position = 0;
    for (; t < tokens.length && tokens[t]!.end <= span.end; t++) {
      const terms = termsOf(tokens[t]!.form);
      if (terms.length === 0) continue;
      for (const term of terms) {
        ids.push(idOf(term));
        positions.push(Math.min(position, 65_535));
      }
      position++;
    }
    sentenceEnds[s] = ids.length;
    sentenceLengths[s] = Math.min(position, 65_535);
  });
  return { ids: Int32Array.from(ids), positions: Uint16Array.from(positions), sentenceEnds, sentenceLengths };
}

/** Inverse document frequency of a term over passages (BM25's form, never negative). */
export function idf(index: SearchIndex, term: string): number {
  const n = index.corpus.passages.length;
  const df = index.documentFrequency.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** A term to search for: its id, its weight, and which question term it stands for. */
export interface SearchTerm {
  readonly id: number;
  readonly boost: number;
  /** Index of the question term it belongs to (thesaurus terms share their question term's). */
  readonly source: number;
}

/** BM25+ parameters of passage search (MiniSearch's defaults). */
export const PASSAGE_BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** A passage found by `searchPassages`. */
export interface PassageHit {
  readonly id: number;
  readonly score: number;
  /** How many distinct question terms (directly or through the thesaurus) the passage matched. */
  readonly matchedSources: number;
}

/**
 * BM25+ over passages (text, section and document title, with field boosts), multiplied by the
 * number of distinct question terms matched; the best `limit` passages, best first.
 * Terms must be grouped by source (all terms of source 0, then of source 1, …).
 */
export function searchPassages(
  index: SearchIndex,
  terms: readonly SearchTerm[],
  limit: number,
  docId?: string,
  bm25: { k: number; b: number; d: number } = PASSAGE_BM25,
): PassageHit[] {
  const n = index.corpus.passages.length;
  let lo = 0;
  let hi = n - 1;
  if (docId !== undefined) {
    const list = index.passagesByDoc.get(docId) ?? [];
    if (list.length === 0) return [];
    lo = list[0]!;
    hi = list[list.length - 1]!;
  }
  const scores = new Float64Array(n);
  const matched = new Uint16Array(n);
  const lastSource = new Int32Array(n).fill(-1);
  const touched: number[] = [];
  const { k, b, d } = bm25;
  for (const term of terms) {
    for (const name of ['text', 'section', 'title'] as const) {
      const field = index.fields[name];
      const passages = field.passages[term.id];
      if (!passages) continue;
      const counts = field.counts[term.id]!;
      const weight = term.boost * FIELD_BOOSTS[name] * Math.log(1 + (n - passages.length + 0.5) / (passages.length + 0.5));
      const norm = k / field.averageLength;
      for (let i = 0; i < passages.length; i++) {
        const p = passages[i]!;
        if (p < lo || p > hi) continue;
        const tf = counts[i]!;
        scores[p] = scores[p]! + weight * (d + (tf * (k + 1)) / (tf + k * (1 - b) + norm * b * field.lengths[p]!));
        if (lastSource[p] !== term.source) {
          if (lastSource[p] === -1) touched.push(p);
          lastSource[p] = term.source;
          matched[p] = matched[p]! + 1;
        }
      }
    }
  }
  const hits: PassageHit[] = [];
  for (const p of touched) {
    if (docId !== undefined && index.corpus.passages[p]!.docId !== docId) continue;
    hits.push({ id: p, score: scores[p]! * matched[p]!, matchedSources: matched[p]! });
  }
  return topByScore(hits, limit);
}

/** The `limit` best hits, best first (ties: earlier passage first), without sorting them all. */
function topByScore(hits: PassageHit[], limit: number): PassageHit[] {
  const better = (a: PassageHit, b: PassageHit) => b.score - a.score || a.id - b.id;
  if (hits.length > limit * 4) {
    // A threshold from a sample keeps the sort small; fall back to all when it keeps too few.
    const sample = hits.filter((_, i) => i % 8 === 0).sort(better);
    const threshold = sample[Math.min(sample.length - 1, Math.ceil(limit / 8) + 1)]?.score ?? 0;
    const kept = hits.filter((h) => h.score >= threshold);
    if (kept.length >= limit) return kept.sort(better).slice(0, limit);
  }
  return hits.sort(better).slice(0, limit);
}
