import { finish } from '../steps.ts';

/**
 * A small BM25 index over weighted fields, for ranking facts and quotes (hundreds to a few hundred thousand
 * items). Postings are parallel arrays; a query touches only the postings of its own terms. Built with `add`,
 * then `seal`ed into typed arrays for serving (a third of the memory of growable arrays of numbers).
 */

/** Sealing pauses every this many + 1 terms (sealSteps). */
const STEP_MASK = 0xfff;

/** BM25's usual constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

interface Postings {
  readonly items: number[];
  readonly weights: number[];
}

/** BM25's idf of a term that `df` of `count` items hold. */
const idfOf = (count: number, df: number) => Math.log(1 + (count - df + 0.5) / (df + 0.5));

/** One posting's BM25 contribution: term weight `tf` in an item of `length`, the items' average length `average`. */
const termScore = (idf: number, tf: number, length: number, average: number) => (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + B * (length / average)));

/** What ranking reads of a term index: sealed (SealedTermIndex) or still being built (TermIndex). */
export interface ScoredTerms {
  frequency(term: string): number;
  scoreTerm(term: string, visit: (item: number, score: number) => void): void;
}

export class TermIndex implements ScoredTerms {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private count = 0;

  /** Reused by every add: the weights of one item's terms. */
  private readonly scratch = new Map<string, number>();

  /** Adds item `id` with its terms, each field's terms counted `weight` times. Ids must be added in increasing order. */
  add(id: number, fields: readonly { readonly terms: readonly string[]; readonly weight: number }[]): void {
    const weights = this.scratch;
    weights.clear();
    let length = 0;
    for (const field of fields) {
      for (const term of field.terms) weights.set(term, (weights.get(term) ?? 0) + field.weight);
      length += field.terms.length * field.weight;
    }
    for (const [term, weight] of weights) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { items: [], weights: [] }));
      list.items.push(id);
      list.weights.push(weight);
    }
    this.lengths[id] = length;
    this.totalLength += length;
    this.count++;
  }

  /** Number of items holding `term`. */
  frequency(term: string): number {
    return this.postings.get(term)?.items.length ?? 0;
  }

  /**
   * The same index in typed arrays (postings one after the other, term by term, in the order they were added),
   * scoring exactly as this one. This index is not to be added to afterwards.
   */
  seal(): SealedTermIndex {
    return finish(this.sealSteps());
  }

  /** seal in steps of a few thousand terms or postings (a large corpus's index seals in a few hundred ms). */
  *sealSteps(): Generator<void, SealedTermIndex> {
    let total = 0;
    for (const list of this.postings.values()) total += list.items.length;
    const slots = new Map<string, number>();
    const starts = new Int32Array(this.postings.size + 1);
    const items = new Int32Array(total);
    const weights = new Float64Array(total);
    let at = 0;
    for (const [term, list] of this.postings) {
      if ((slots.size & STEP_MASK) === 0) yield;
      slots.set(term, slots.size);
      items.set(list.items, at);
      weights.set(list.weights, at);
      at += list.items.length;
      starts[slots.size] = at;
    }
    const lengths = new Float64Array(this.lengths.length);
    // Items never added (ids skipped) are never visited: a hole reads as 0 here and is never looked up.
    for (let i = 0; i < this.lengths.length; i++) lengths[i] = this.lengths[i] ?? 0;
    return new SealedTermIndex(slots, starts, items, yield* narrowed(weights), yield* narrowed(lengths), this.totalLength, this.count);
  }

  /** Calls `visit(item, score)` for every item holding `term`, with the term's BM25 contribution. */
  scoreTerm(term: string, visit: (item: number, score: number) => void): void {
    const list = this.postings.get(term);
    if (!list || this.count === 0) return;
    const idf = idfOf(this.count, list.items.length);
    const average = this.totalLength / this.count || 1;
    for (let i = 0; i < list.items.length; i++) {
      const item = list.items[i]!;
      visit(item, termScore(idf, list.weights[i]!, this.lengths[item] ?? average, average));
    }
  }
}

/**
 * Weights and lengths are sums of field weights (2, 1, 0.5, …): in a Float32Array they take half the memory and
 * are exactly the same numbers. Should any not be (a field weight of 0.3), the Float64Array is kept, so that a
 * score never changes by a rounding.
 */
function* narrowed(values: Float64Array): Generator<void, Float32Array | Float64Array> {
  const narrow = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if ((i & 0xffff) === 0) yield;
    narrow[i] = values[i]!;
    if (narrow[i] !== values[i]) return values;
  }
  return narrow;
}

/** A TermIndex sealed for serving (TermIndex#seal): the same scores, from typed arrays. */
export class SealedTermIndex implements ScoredTerms {
  constructor(
    private readonly slots: ReadonlyMap<string, number>,
    private readonly starts: Int32Array,
    private readonly items: Int32Array,
    private readonly weights: Float32Array | Float64Array,
    private readonly lengths: Float32Array | Float64Array,
    private readonly totalLength: number,
    private readonly count: number,
  ) {}

  frequency(term: string): number {
    const slot = this.slots.get(term);
    return slot === undefined ? 0 : this.starts[slot + 1]! - this.starts[slot]!;
  }

  scoreTerm(term: string, visit: (item: number, score: number) => void): void {
    const slot = this.slots.get(term);
    if (slot === undefined || this.count === 0) return;
    const from = this.starts[slot]!;
    const to = this.starts[slot + 1]!;
    const idf = idfOf(this.count, to - from);
    const average = this.totalLength / this.count || 1;
    for (let i = from; i < to; i++) {
      const item = this.items[i]!;
      visit(item, termScore(idf, this.weights[i]!, this.lengths[item]!, average));
    }
  }
}
