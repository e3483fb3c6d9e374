/**
 * A small BM25 index over weighted fields, for ranking facts and quotes (hundreds to a few hundred thousand
 * items). Postings are parallel arrays; a query touches only the postings of its own terms.
 */

/** BM25's usual constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

interface Postings {
  readonly items: number[];
  readonly weights: number[];
}

export class TermIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private count = 0;

  /** Adds item `id` with its terms, each field's terms counted `weight` times. Ids must be added in increasing order. */
  /** Reused by every add: the weights of one item's terms. */
  private readonly scratch = new Map<string, number>();

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

  /** Calls `visit(item, score)` for every item holding `term`, with the term's BM25 contribution. */
  scoreTerm(term: string, visit: (item: number, score: number) => void): void {
    const list = this.postings.get(term);
    if (!list || this.count === 0) return;
    const df = list.items.length;
    const idf = Math.log(1 + (this.count - df + 0.5) / (df + 0.5));
    const average = this.totalLength / this.count || 1;
    for (let i = 0; i < list.items.length; i++) {
      const item = list.items[i]!;
      const tf = list.weights[i]!;
      const norm = 1 - B + B * ((this.lengths[item] ?? average) / average);
      visit(item, (idf * tf * (K1 + 1)) / (tf + K1 * norm));
    }
  }
}
