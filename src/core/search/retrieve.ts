import { createRequire } from 'node:module';
import type MiniSearch from 'minisearch';
import type { Corpus } from '../corpus/load.ts';
import { finish } from '../steps.ts';
import { tokenizeForms } from '../text/tokenize.ts';
import { cachedTermsOf, type DocumentAnalysis } from './analysis.ts';

/**
 * A compact, read-only inverted index over passages, assembled from the documents' analyses.
 *
 * It holds exactly the statistics of the MiniSearch index the product is built on (fields text/section/title,
 * MiniSearch's field lengths and BM25+ parameters), in typed arrays instead of maps of maps: postings in CSR form
 * (term → passages), section and title postings as passage ranges (every passage of a document shares its
 * title), and every sentence's term ids for sentence scoring. `retrieve` computes the same scores as
 * `MiniSearch#search(q, { boost, combineWith: 'OR' })`, term by term, field by field, in the same order, and
 * returns the same top k (ties broken as MiniSearch's stable sort breaks them) without allocating per hit.
 * `toMiniSearch()` turns it back into a MiniSearch instance (for tests and for MiniSearch's own serialisation).
 */
export interface CompactIndex {
  readonly passageCount: number;
  readonly terms: readonly string[];
  readonly termIds: ReadonlyMap<string, number>;
  /** Text field: CSR postings, passages ascending. */
  readonly textStart: Int32Array;
  readonly textDoc: Int32Array;
  readonly textTf: Uint16Array;
  /** Section and title fields: postings as passage ranges [from, to) with a term frequency. */
  readonly section: RangePostings;
  readonly title: RangePostings;
  /** Field lengths per passage, and MiniSearch's running averages. */
  readonly fieldLength: readonly [Int32Array, Int32Array, Int32Array];
  readonly averageFieldLength: readonly [number, number, number];
  /**
   * Field lengths counted in terms (every term of every token, repeats included) and their means: the length
   * model of the product's ranking (`retrieve`'s `lengths: 'terms'`), where MiniSearch counts distinct forms.
   */
  readonly termLength: readonly [Int32Array, Int32Array, Int32Array];
  readonly averageTermLength: readonly [number, number, number];
  /** Per passage (N+1): first global sentence index. */
  readonly passageSentenceStart: Int32Array;
  /** Per sentence (S+1): first entry in sentenceTerms. */
  readonly sentenceTermStart: Int32Array;
  /** Global term ids; further terms of the same token as `~id`. */
  readonly sentenceTerms: Int32Array;
  /**
   * Collection statistics of a larger corpus this index is one part of (src/core/guild/collection.ts): when set,
   * idf and the average field lengths come from it, so that the part's scores are those of the whole.
   */
  readonly collection?: CollectionStats;
  /**
   * Passages never returned (1 = deleted): a document changed or removed since the index was assembled, whose
   * new version, if any, is in another part (src/core/live/layered.ts). Lucene's live-docs bitset, inverted.
   */
  readonly deleted?: Uint8Array;
}

/** Passage count, document frequencies (per field, by term) and average field lengths of a whole collection. */
export interface CollectionStats {
  readonly passageCount: number;
  /** Passages holding the term in field 0 (text), 1 (section) or 2 (title), across the collection. */
  df(field: 0 | 1 | 2, term: string): number;
  readonly averageFieldLength: readonly [number, number, number];
  readonly averageTermLength: readonly [number, number, number];
}

export interface RangePostings {
  readonly start: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly tf: Uint16Array;
  /** Number of passages holding the term in this field (MiniSearch's matching count). */
  readonly df: Int32Array;
}

export const FIELD_NAMES = ['text', 'section', 'title'] as const;
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

class Growable<T extends Int32Array | Uint16Array> {
  constructor(private make: (n: number) => T, public array: T = make(1024), public length = 0) {}
  push(value: number): void {
    if (this.length === this.array.length) {
      const grown = this.make(this.array.length * 2);
      grown.set(this.array);
      this.array = grown;
    }
    this.array[this.length++] = value;
  }
}

/** Loops over postings pause every this many + 1 (64k: a few ms) in the sliced assembly (assembleIndexSteps). */
const STEP_MASK = 0xffff;

/** The sliced assembly also pauses every this many + 1 passages of a document (a rulebook has thousands). */
const PASSAGE_STEP_MASK = 0xff;

/** Sorts (term, from, to, tf) range postings into CSR order by term, keeping their order within a term. */
function* rangePostings(vocabSize: number, term: Growable<Int32Array>, from: Growable<Int32Array>, to: Growable<Int32Array>, tf: Growable<Int32Array>): Generator<void, RangePostings> {
  const start = new Int32Array(vocabSize + 1);
  const df = new Int32Array(vocabSize);
  for (let i = 0; i < term.length; i++) {
    if ((i & STEP_MASK) === 0) yield;
    start[term.array[i]! + 1]!++;
    df[term.array[i]!]! += to.array[i]! - from.array[i]!;
  }
  for (let t = 0; t < vocabSize; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, vocabSize);
  const outFrom = new Int32Array(term.length);
  const outTo = new Int32Array(term.length);
  const outTf = new Uint16Array(term.length);
  for (let i = 0; i < term.length; i++) {
    if ((i & STEP_MASK) === 0) yield;
    const at = fill[term.array[i]!]!++;
    outFrom[at] = from.array[i]!;
    outTo[at] = to.array[i]!;
    outTf[at] = Math.min(tf.array[i]!, 65_535);
  }
  return { start, from: outFrom, to: outTo, tf: outTf, df };
}

/**
 * Assembles the compact index of a corpus from its documents' analyses (parallel to corpus.documents).
 * Linear in the number of term occurrences: two counting passes over typed arrays, no tokenising.
 */
export function assembleIndex(corpus: Corpus, analyses: readonly DocumentAnalysis[]): CompactIndex {
  return finish(assembleIndexSteps(corpus, analyses));
}

/**
 * assembleIndex as a generator that pauses after every document, every PASSAGE_STEP_MASK + 1 passages and every
 * STEP_MASK + 1 postings, so that a caller can spread the work over turns of the event loop (live re-indexing)
 * without changing the result.
 */
export function* assembleIndexSteps(corpus: Corpus, analyses: readonly DocumentAnalysis[]): Generator<void, CompactIndex> {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const N = corpus.passages.length;
  const maps: Int32Array[] = [];
  for (const analysis of analyses) {
    yield;
    const map = new Int32Array(analysis.vocab.length);
    analysis.vocab.forEach((term, i) => {
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.length;
        terms.push(term);
        termIds.set(term, id);
      }
      map[i] = id;
    });
    maps.push(map);
  }
  const V = terms.length;

  let sentenceCount = 0;
  let entryCount = 0;
  for (const a of analyses) {
    sentenceCount += a.sentenceTermStart.length - 1;
    entryCount += a.sentenceTerms.length;
  }
  // The large arrays are made a step each: zeroing tens of MB takes some ms apiece at 94 MB.
  yield;
  const passageSentenceStart = new Int32Array(N + 1);
  const sentenceTermStart = new Int32Array(sentenceCount + 1);
  yield;
  const sentenceTerms = new Int32Array(entryCount);
  yield;
  const textLength = new Int32Array(N);
  const sectionLength = new Int32Array(N);
  const titleLength = new Int32Array(N);
  const textTerms = new Int32Array(N);
  const sectionTermCount = new Int32Array(N);
  const titleTermCount = new Int32Array(N);

  // Per passage, its distinct text terms with their frequencies (the future postings), in passage order.
  // (At most one pair per term occurrence, so the arrays are sized once.)
  const pairTerm = new Int32Array(entryCount);
  yield;
  const pairTf = new Uint16Array(entryCount);
  yield;
  const passageOfPair = new Int32Array(entryCount);
  yield;
  let pairCount = 0;
  const rangeTerm: Growable<Int32Array>[] = [0, 1].map(() => new Growable((n) => new Int32Array(n)));
  const rangeFrom: Growable<Int32Array>[] = [0, 1].map(() => new Growable((n) => new Int32Array(n)));
  const rangeTo: Growable<Int32Array>[] = [0, 1].map(() => new Growable((n) => new Int32Array(n)));
  const rangeTf: Growable<Int32Array>[] = [0, 1].map(() => new Growable((n) => new Int32Array(n)));
  const scratchTf = new Int32Array(V);
  const touched = new Int32Array(V);

  /** Adds range postings for a field's terms (local ids) over passages [from, to). */
  const addRange = (field: 0 | 1, map: Int32Array, local: Int32Array, begin: number, end: number, from: number, to: number) => {
    let n = 0;
    for (let i = begin; i < end; i++) {
      const id = map[local[i]!]!;
      if (scratchTf[id] === 0) touched[n++] = id;
      scratchTf[id] = scratchTf[id]! + 1;
    }
    for (let i = 0; i < n; i++) {
      const id = touched[i]!;
      rangeTerm[field]!.push(id);
      rangeFrom[field]!.push(from);
      rangeTo[field]!.push(to);
      rangeTf[field]!.push(scratchTf[id]!);
      scratchTf[id] = 0;
    }
  };

  let passage = 0;
  let sentenceBase = 0;
  let entryBase = 0;
  for (let d = 0; d < analyses.length; d++) {
    yield;
    const a = analyses[d]!;
    const map = maps[d]!;
    const P = a.passageLength.length;
    const first = passage;
    addRange(1, map, a.titleTerms, 0, a.titleTerms.length, first, first + P);
    // Sections: one range per run of consecutive passages under the same section.
    let runStart = 0;
    for (let p = 1; p <= P; p++) {
      if (p < P && a.passageSection[p] === a.passageSection[runStart]) continue;
      const s = a.passageSection[runStart]!;
      if (s >= 0) addRange(0, map, a.sectionTerms, a.sectionTermStart[s]!, a.sectionTermStart[s + 1]!, first + runStart, first + p);
      runStart = p;
    }
    const passageSentence = a.passageSentenceStart;
    const termStart = a.sentenceTermStart;
    const localTerms = a.sentenceTerms;
    for (let p = 0; p < P; p++) {
      if ((p & PASSAGE_STEP_MASK) === 0) yield;
      const g = first + p;
      textLength[g] = a.passageLength[p]!;
      const s = a.passageSection[p]!;
      sectionLength[g] = s >= 0 ? a.sectionLengths[s]! : 0;
      titleLength[g] = a.titleLength;
      sectionTermCount[g] = s >= 0 ? a.sectionTermStart[s + 1]! - a.sectionTermStart[s]! : 0;
      titleTermCount[g] = a.titleTerms.length;
      passageSentenceStart[g] = sentenceBase + passageSentence[p]!;
      const entriesFrom = termStart[passageSentence[p]!]!;
      const entriesTo = termStart[passageSentence[p + 1]!]!;
      textTerms[g] = entriesTo - entriesFrom;
      let n = 0;
      for (let i = entriesFrom; i < entriesTo; i++) {
        const local = localTerms[i]!;
        const id = local < 0 ? map[~local]! : map[local]!;
        sentenceTerms[entryBase + i] = local < 0 ? ~id : id;
        const tf = scratchTf[id]!;
        if (tf === 0) touched[n++] = id;
        scratchTf[id] = tf + 1;
      }
      for (let i = 0; i < n; i++) {
        const id = touched[i]!;
        pairTerm[pairCount] = id;
        pairTf[pairCount] = Math.min(scratchTf[id]!, 65_535);
        passageOfPair[pairCount++] = g;
        scratchTf[id] = 0;
      }
    }
    const S = termStart.length - 1;
    for (let s = 0; s < S; s++) sentenceTermStart[sentenceBase + s] = entryBase + termStart[s]!;
    sentenceBase += S;
    entryBase += a.sentenceTerms.length;
    passage += P;
  }
  if (passage !== N) throw new Error(`analyses cover ${passage} passages, the corpus has ${N}`);
  passageSentenceStart[N] = sentenceBase;
  sentenceTermStart[sentenceBase] = entryBase;

  // Text postings in CSR form: counting sort of the (term, passage, tf) pairs by term; passages stay ascending.
  const textStart = new Int32Array(V + 1);
  for (let i = 0; i < pairCount; i++) {
    if ((i & STEP_MASK) === 0) yield;
    textStart[pairTerm[i]! + 1]!++;
  }
  for (let t = 0; t < V; t++) textStart[t + 1]! += textStart[t]!;
  const fill = textStart.slice(0, V);
  yield;
  const textDoc = new Int32Array(pairCount);
  yield;
  const textTf = new Uint16Array(pairCount);
  for (let i = 0; i < pairCount; i++) {
    if ((i & STEP_MASK) === 0) yield;
    const at = fill[pairTerm[i]!]!++;
    textDoc[at] = passageOfPair[i]!;
    textTf[at] = pairTf[i]!;
  }

  const section = yield* rangePostings(V, rangeTerm[0]!, rangeFrom[0]!, rangeTo[0]!, rangeTf[0]!);
  const title = yield* rangePostings(V, rangeTerm[1]!, rangeFrom[1]!, rangeTo[1]!, rangeTf[1]!);

  // MiniSearch's running average, computed the same way so that scores are bit-identical.
  const averageFieldLength = [textLength, sectionLength, titleLength].map((lengths) => {
    let average = 0;
    for (let i = 0; i < N; i++) average = (average * i + lengths[i]!) / (i + 1);
    return average;
  }) as [number, number, number];
  const averageTermLength = [textTerms, sectionTermCount, titleTermCount].map((lengths) => {
    let total = 0;
    for (let i = 0; i < N; i++) total += lengths[i]!;
    return N > 0 ? total / N || 1 : 1;
  }) as [number, number, number];

  return {
    passageCount: N,
    terms,
    termIds,
    textStart,
    textDoc,
    textTf,
    section,
    title,
    fieldLength: [textLength, sectionLength, titleLength],
    averageFieldLength,
    termLength: [textTerms, sectionTermCount, titleTermCount],
    averageTermLength,
    passageSentenceStart,
    sentenceTermStart,
    sentenceTerms,
  };
}

/** Number of passages whose text holds the term. */
export function textDocumentFrequency(index: CompactIndex, term: string): number {
  const id = index.termIds.get(term);
  return id === undefined ? 0 : index.textStart[id + 1]! - index.textStart[id]!;
}

/** One retrieved passage, shaped like a MiniSearch search result. */
export interface RetrievedPassage {
  readonly id: number;
  readonly score: number;
  /** The query terms found in the passage (any field). */
  readonly terms: readonly string[];
}

export interface RetrieveOptions {
  /** How many passages at most. */
  readonly limit: number;
  /** Field boosts (MiniSearch's `boost` search option; a missing or zero boost counts as 1). */
  readonly boost: Readonly<Record<string, number>>;
  /** Only passages in [from, to) (e.g. one document's passages). */
  readonly range?: readonly [number, number];
  /** BM25+ parameters (default MiniSearch's: k 1.2, b 0.7, d 0.5). */
  readonly bm25?: { readonly k: number; readonly b: number; readonly d: number };
  /** Length normalisation by MiniSearch's field lengths (distinct forms, the default) or by term counts. */
  readonly lengths?: 'minisearch' | 'terms';
}

/**
 * A query term with its weight (a multiplier of its score in every field) and its group: the question term it
 * stands for. Terms of one group (a question term and its thesaurus stand-ins) count as one matched term.
 * Groups are numbered from 0 in query order: a term's group is never lower than the group of a term before it,
 * except that a repeated term keeps the group of its first occurrence.
 */
export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
  readonly group: number;
}

interface Scratch {
  score: Float64Array;
  termScore: Float64Array;
  matched: Int32Array;
  lastGroup: Int32Array;
  order: Int32Array;
  termTouched: Int32Array;
  /** Per passage: which of the first 32 distinct query terms it holds (bit i: the i-th), while a query is scored. */
  termMask: Int32Array;
  /** BM25's length normalisation per passage and field, by the lengths and constants it was made for (lengthNorms). */
  norms: Map<string, readonly [Float64Array, Float64Array, Float64Array]>;
}
/** Keyed by the postings array, so that views of one index (CompactIndex.collection set) share one scratch. */
const scratches = new WeakMap<object, Scratch>();

function scratchOf(index: CompactIndex): Scratch {
  let scratch = scratches.get(index.textStart);
  if (!scratch) {
    const N = index.passageCount;
    scratch = {
      score: new Float64Array(N),
      termScore: new Float64Array(N),
      matched: new Int32Array(N),
      lastGroup: new Int32Array(N),
      order: new Int32Array(N),
      termTouched: new Int32Array(N),
      termMask: new Int32Array(N),
      norms: new Map(),
    };
    scratches.set(index.textStart, scratch);
  }
  return scratch;
}

/**
 * `k * (1 - b + b * length / average)` of every passage in each field: the per-posting part of BM25 that depends on
 * the passage only, computed once per kind of lengths, averages and constants (the same expression, so the same
 * doubles) instead of for every posting of every question. The views sharing a scratch share their length arrays
 * (they are one index under other collection statistics), so the kind of lengths names them.
 */
function lengthNorms(s: Scratch, byTerms: boolean, lengths: readonly [Int32Array, Int32Array, Int32Array], averages: readonly [number, number, number], k: number, b: number): readonly [Float64Array, Float64Array, Float64Array] {
  const key = `${byTerms ? 'terms' : 'fields'}|${averages.join(',')}|${k}|${b}`;
  let norms = s.norms.get(key);
  if (!norms) {
    norms = [0, 1, 2].map((f) => {
      const field = lengths[f]!;
      const average = averages[f]!;
      const out = new Float64Array(field.length);
      for (let doc = 0; doc < field.length; doc++) out[doc] = k * (1 - b + (b * field[doc]!) / average);
      return out;
    }) as [Float64Array, Float64Array, Float64Array];
    // A few at most: the collection's averages change with every live change layered on the index.
    if (s.norms.size >= MAX_NORMS) s.norms.clear();
    s.norms.set(key, norms);
  }
  return norms;
}

/** Sets of length norms kept per scratch (field and term lengths, under the current collection statistics). */
const MAX_NORMS = 4;

/** The query's terms as MiniSearch analyses a query string: every token's terms, repeats kept. */
export function queryTerms(text: string): string[] {
  return tokenizeForms(text).flatMap((form) => cachedTermsOf(form)).filter((term) => !!term);
}

/** A query string as weighted terms, as MiniSearch reads it: weight 1, a repeated term in the group of its first occurrence. */
export function plainTerms(text: string): WeightedTerm[] {
  const groups = new Map<string, number>();
  return queryTerms(text).map((term) => {
    let group = groups.get(term);
    if (group === undefined) groups.set(term, (group = groups.size));
    return { term, weight: 1, group };
  });
}

/** The first index in [from, to) of an ascending run of `docs` whose passage is at least `passage` (`to` if none). */
export function firstPostingAtOrAfter(docs: Int32Array, from: number, to: number, passage: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < passage) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The best passages for a query, scored as MiniSearch's OR search scores them (BM25+ per field times field boost,
 * summed over query terms, times the number of distinct query terms matched), best first. A query string gives
 * exactly MiniSearch's scores; weighted terms multiply each term's score by its weight, and a group of terms
 * (a question term and its thesaurus stand-ins) counts as one matched term.
 * Term-at-a-time over typed arrays; the top k are kept in a small heap instead of sorting every hit.
 */
export function retrieve(index: CompactIndex, query: string | readonly WeightedTerm[], options: RetrieveOptions): RetrievedPassage[] {
  const sequence = typeof query === 'string' ? plainTerms(query) : query;
  const N = index.passageCount;
  if (N === 0 || sequence.length === 0) return [];
  const s = scratchOf(index);
  const { score, termScore, matched, lastGroup, order, termTouched, termMask } = s;
  const boosts = FIELD_NAMES.map((field) => options.boost[field] || 1);
  const byTerms = options.lengths === 'terms';
  const lengths = byTerms ? index.termLength : index.fieldLength;
  const collection = index.collection;
  const [avgText, avgSection, avgTitle] = collection ? (byTerms ? collection.averageTermLength : collection.averageFieldLength) : byTerms ? index.averageTermLength : index.averageFieldLength;
  const idfN = collection ? collection.passageCount : N;
  const { k, b, d } = options.bm25 ?? BM25;
  const norms = lengthNorms(s, byTerms, lengths, [avgText, avgSection, avgTitle], k, b);
  const textNorm = norms[0];
  let touchedCount = 0;
  /** The distinct query terms scored, in order of first occurrence, with their positions. */
  const distinct = new Map<string, number>();
  // A range (one document's passages) scores only the postings inside it: passages are ascending in a term's text
  // postings, so a binary search finds them; scores are those of the whole-corpus search, restricted.
  const [rangeFrom, rangeTo] = options.range ?? [0, N];
  const deleted = index.deleted;
  const ranged = rangeFrom > 0 || rangeTo < N;

  for (const { term, weight, group } of sequence) {
    const id = index.termIds.get(term);
    if (id === undefined || !(weight > 0)) continue;
    // A repeated query term adds its score again (as in MiniSearch) but is one more matched term only once,
    // as is every other term of its group.
    let position = distinct.get(term);
    if (position === undefined) distinct.set(term, (position = distinct.size));
    // The term's bit in termMask: a result's matched terms are read off it (those past the 32nd are looked up).
    const bit = position < 32 ? 1 << position : 0;
    let termCount = 0;
    // Text field.
    const tFrom = index.textStart[id]!;
    const tTo = index.textStart[id + 1]!;
    if (tTo > tFrom) {
      const matching = collection ? collection.df(0, term) : tTo - tFrom;
      const idf = Math.log(1 + (idfN - matching + 0.5) / (matching + 0.5));
      const boost = weight * boosts[0]!;
      const first = ranged ? firstPostingAtOrAfter(index.textDoc, tFrom, tTo, rangeFrom) : tFrom;
      const last = ranged ? firstPostingAtOrAfter(index.textDoc, first, tTo, rangeTo) : tTo;
      for (let i = first; i < last; i++) {
        const doc = index.textDoc[i]!;
        const tf = index.textTf[i]!;
        const raw = idf * (d + (tf * (k + 1)) / (tf + textNorm[doc]!));
        termScore[doc] = boost * raw;
        termTouched[termCount++] = doc;
      }
    }
    // Section and title fields: ranges of passages.
    for (let f = 1 as 1 | 2; f <= 2; f++) {
      const postings = f === 1 ? index.section : index.title;
      const from = postings.start[id]!;
      const to = postings.start[id + 1]!;
      if (to === from) continue;
      const matching = collection ? collection.df(f, term) : postings.df[id]!;
      const idf = Math.log(1 + (idfN - matching + 0.5) / (matching + 0.5));
      const boost = weight * boosts[f]!;
      const norm = norms[f];
      for (let r = from; r < to; r++) {
        const tf = postings.tf[r]!;
        const end = Math.min(postings.to[r]!, rangeTo);
        for (let doc = Math.max(postings.from[r]!, rangeFrom); doc < end; doc++) {
          const raw = idf * (d + (tf * (k + 1)) / (tf + norm[doc]!));
          // BM25+ scores are positive, so a zero means the passage is not yet in this term's list.
          if (termScore[doc] === 0) {
            termScore[doc] = boost * raw;
            termTouched[termCount++] = doc;
          } else termScore[doc] = termScore[doc]! + boost * raw;
        }
      }
    }
    // Fold the term's scores into the totals, in MiniSearch's order of insertion.
    for (let i = 0; i < termCount; i++) {
      const doc = termTouched[i]!;
      termMask[doc] = termMask[doc]! | bit;
      if (matched[doc] === 0) {
        score[doc] = termScore[doc]!;
        order[touchedCount++] = doc;
        matched[doc] = 1;
        lastGroup[doc] = group;
      } else {
        score[doc] = score[doc]! + termScore[doc]!;
        if (group > lastGroup[doc]!) {
          matched[doc] = matched[doc]! + 1;
          lastGroup[doc] = group;
        }
      }
      termScore[doc] = 0;
    }
  }

  // Top k by score (× distinct terms matched), ties in order of first insertion (MiniSearch's stable sort).
  const limit = Math.max(0, options.limit);
  const heapDoc: number[] = [];
  const heapScore: number[] = [];
  const heapRank: number[] = [];
  const heapMask: number[] = [];
  const worse = (i: number, j: number) => heapScore[i]! < heapScore[j]! || (heapScore[i] === heapScore[j] && heapRank[i]! > heapRank[j]!);
  // Swapped through temporaries, not destructuring: a young process runs this before the JIT optimises it.
  const swapIn = (heap: number[], i: number, j: number) => {
    const held = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = held;
  };
  const swap = (i: number, j: number) => {
    swapIn(heapDoc, i, j);
    swapIn(heapScore, i, j);
    swapIn(heapRank, i, j);
    swapIn(heapMask, i, j);
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapDoc.length && worse(l, m)) m = l;
      if (r < heapDoc.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let rank = 0; rank < touchedCount; rank++) {
    const doc = order[rank]!;
    const total = score[doc]! * matched[doc]!;
    const mask = termMask[doc]!;
    score[doc] = 0;
    matched[doc] = 0;
    termMask[doc] = 0;
    if (limit === 0 || doc < rangeFrom || doc >= rangeTo || (deleted !== undefined && deleted[doc] === 1)) continue;
    if (heapDoc.length < limit) {
      heapDoc.push(doc);
      heapScore.push(total);
      heapRank.push(rank);
      heapMask.push(mask);
      for (let i = heapDoc.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (total > heapScore[0]!) {
      heapDoc[0] = doc;
      heapScore[0] = total;
      heapRank[0] = rank;
      heapMask[0] = mask;
      siftDown(0);
    }
  }
  const top = heapDoc.map((doc, i) => ({ doc, score: heapScore[i]!, rank: heapRank[i]!, mask: heapMask[i]! }));
  top.sort((x, y) => y.score - x.score || x.rank - y.rank);
  const distinctTerms = [...distinct.keys()];
  const held = (doc: number, mask: number) => distinctTerms.filter((term, i) => (i < 32 ? ((mask >> i) & 1) === 1 : holds(index, index.termIds.get(term)!, doc)));
  return top.map(({ doc, score: total, mask }) => ({ id: doc, score: total, terms: held(doc, mask) }));
}

/** Whether a passage holds a term in any field. */
function holds(index: CompactIndex, id: number, doc: number): boolean {
  let lo = index.textStart[id]!;
  let hi = index.textStart[id + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = index.textDoc[mid]!;
    if (at === doc) return true;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  for (const postings of [index.section, index.title]) {
    for (let r = postings.start[id]!; r < postings.start[id + 1]!; r++) if (doc >= postings.from[r]! && doc < postings.to[r]!) return true;
  }
  return false;
}

/** Every term of a passage's sentences, in order (a token's further terms after its first), from the precomputed sentence terms. */
export function passageTermsOf(index: CompactIndex, passage: number): string[] {
  const [from, to] = passageEntries(index, passage);
  const terms: string[] = new Array(to - from);
  for (let i = from; i < to; i++) terms[i - from] = index.terms[termIdOf(index.sentenceTerms[i]!)]!;
  return terms;
}

/** Where a passage's entries lie in `sentenceTerms`: [from, to). */
export function passageEntries(index: CompactIndex, passage: number): readonly [from: number, to: number] {
  return [index.sentenceTermStart[index.passageSentenceStart[passage]!]!, index.sentenceTermStart[index.passageSentenceStart[passage + 1]!]!];
}

/** The term id of a `sentenceTerms` entry: a token's first term is stored as its id, its further terms as `~id`. */
export function termIdOf(entry: number): number {
  return entry < 0 ? ~entry : entry;
}

/** The same index as a MiniSearch instance (MiniSearch.loadJS): for cross-checks and MiniSearch serialisation. */
export function toMiniSearch<T>(index: CompactIndex, options: ConstructorParameters<typeof MiniSearch<T>>[0]): MiniSearch<T> {
  const N = index.passageCount;
  const documentIds: Record<number, number> = {};
  const fieldLength: Record<number, number[]> = {};
  for (let i = 0; i < N; i++) {
    documentIds[i] = i;
    fieldLength[i] = [index.fieldLength[0][i]!, index.fieldLength[1][i]!, index.fieldLength[2][i]!];
  }
  const entries: [string, Record<number, Record<number, number>>][] = index.terms.map((term, id) => {
    const data: Record<number, Record<number, number>> = {};
    if (index.textStart[id + 1]! > index.textStart[id]!) {
      const freqs: Record<number, number> = {};
      for (let i = index.textStart[id]!; i < index.textStart[id + 1]!; i++) freqs[index.textDoc[i]!] = index.textTf[i]!;
      data[0] = freqs;
    }
    [index.section, index.title].forEach((postings, f) => {
      if (postings.start[id + 1]! === postings.start[id]!) return;
      const freqs: Record<number, number> = {};
      for (let r = postings.start[id]!; r < postings.start[id + 1]!; r++) for (let doc = postings.from[r]!; doc < postings.to[r]!; doc++) freqs[doc] = postings.tf[r]!;
      data[f + 1] = freqs;
    });
    return [term, data];
  });
  // Loaded here, on first use: answering never needs MiniSearch itself, so a start does not load it.
  const MiniSearchClass = createRequire(import.meta.url)('minisearch') as typeof MiniSearch;
  return MiniSearchClass.loadJS<T>(
    {
      documentCount: N,
      nextId: N,
      documentIds,
      fieldIds: { text: 0, section: 1, title: 2 },
      fieldLength,
      averageFieldLength: [...index.averageFieldLength],
      storedFields: {},
      dirtCount: 0,
      index: entries,
      serializationVersion: 2,
    } as never,
    options,
  );
}
