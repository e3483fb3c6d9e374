import type { RankedPassage, RankingOptions } from '../search/rank.ts';
import { firstPostingAtOrAfter, passageEntries, termIdOf, type CollectionStats, type CompactIndex } from '../search/retrieve.ts';

/** A part's document frequency of a term in field 0 (text), 1 (section) or 2 (title). */
function partDf(part: CompactIndex, field: 0 | 1 | 2, term: string): number {
  const id = part.termIds.get(term);
  if (id === undefined) return 0;
  return field === 0 ? part.textStart[id + 1]! - part.textStart[id]! : field === 1 ? part.section.df[id]! : part.title.df[id]!;
}

/** What some passages of a part contribute to the collection statistics: taken off when they are hidden. */
export interface Contribution {
  readonly passageCount: number;
  /** Sums over the passages of their field lengths (distinct forms) and term lengths (terms), per field. */
  readonly fieldLengthSum: readonly [number, number, number];
  readonly termLengthSum: readonly [number, number, number];
  df(field: 0 | 1 | 2, term: string): number;
}

/**
 * What the passages in `ranges` ([from, to) each, a document's passages) contribute to `index`'s statistics, read
 * from the index itself: text document frequencies from their sentence terms (the text postings are made of them),
 * section and title frequencies from the range postings that overlap them, lengths from the field length arrays.
 */
export function contributionOf(index: CompactIndex, ranges: readonly (readonly [number, number])[]): Contribution {
  const text = new Map<number, number>();
  const fields = [new Map<number, number>(), new Map<number, number>()];
  const fieldLengthSum = [0, 0, 0];
  const termLengthSum = [0, 0, 0];
  let passageCount = 0;
  const seen = new Int32Array(index.terms.length).fill(-1);
  for (const [from, to] of ranges) {
    for (let p = from; p < to; p++) {
      passageCount++;
      for (let f = 0; f < 3; f++) {
        fieldLengthSum[f]! += index.fieldLength[f as 0 | 1 | 2][p]!;
        termLengthSum[f]! += index.termLength[f as 0 | 1 | 2][p]!;
      }
      const [a, b] = passageEntries(index, p);
      for (let i = a; i < b; i++) {
        const id = termIdOf(index.sentenceTerms[i]!);
        if (seen[id] === p) continue;
        seen[id] = p;
        text.set(id, (text.get(id) ?? 0) + 1);
      }
    }
  }
  // A term's ranges ascend and do not overlap (the index builder writes them in passage order): the first that
  // can overlap a hidden run is found by binary search, not by reading every range of every term.
  [index.section, index.title].forEach((postings, f) => {
    for (let id = 0; id < index.terms.length; id++) {
      const end = postings.start[id + 1]!;
      for (const [from, to] of ranges) {
        // The first range ending after `from` (ranges' ends ascend too).
        for (let r = firstPostingAtOrAfter(postings.to, postings.start[id]!, end, from + 1); r < end && postings.from[r]! < to; r++) {
          const overlap = Math.min(to, postings.to[r]!) - Math.max(from, postings.from[r]!);
          if (overlap > 0) fields[f]!.set(id, (fields[f]!.get(id) ?? 0) + overlap);
        }
      }
    }
  });
  return {
    passageCount,
    fieldLengthSum: fieldLengthSum as unknown as readonly [number, number, number],
    termLengthSum: termLengthSum as unknown as readonly [number, number, number],
    df(field, term) {
      const id = index.termIds.get(term);
      if (id === undefined) return 0;
      return (field === 0 ? text : fields[field - 1]!).get(id) ?? 0;
    },
  };
}

/**
 * The collection statistics of several compact indexes taken as one corpus, less what `minus` contributes (their
 * hidden passages): passage count, per-field document frequencies (summed over the parts, looked up by term) and
 * average field lengths (weighted by passages). With them set on each part (`CompactIndex.collection`), BM25
 * scores a passage of any part exactly as an index of the whole would, up to floating-point rounding of the averages.
 */
export function collectionOf(parts: readonly CompactIndex[], minus: readonly Contribution[] = []): CollectionStats {
  const passageCount = parts.reduce((n, p) => n + p.passageCount, 0) - minus.reduce((n, c) => n + c.passageCount, 0);
  const mean = (pick: (p: CompactIndex) => readonly [number, number, number], picked: (c: Contribution) => readonly [number, number, number]) =>
    [0, 1, 2].map((f) => {
      if (passageCount <= 0) return 0;
      const total = parts.reduce((sum, p) => sum + pick(p)[f]! * p.passageCount, 0) - minus.reduce((sum, c) => sum + picked(c)[f]!, 0);
      return total / passageCount;
    }) as unknown as readonly [number, number, number];
  return {
    passageCount,
    averageFieldLength: mean((p) => p.averageFieldLength, (c) => c.fieldLengthSum),
    averageTermLength: mean((p) => p.averageTermLength, (c) => c.termLengthSum),
    df(field, term) {
      let df = 0;
      for (const part of parts) df += partDf(part, field, term);
      for (const part of minus) df -= part.df(field, term);
      return df;
    },
  };
}

/** A text-field document frequency map over the whole collection (what `confident` asks of an index). */
export class CollectionFrequencies implements ReadonlyMap<string, number> {
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

/**
 * The union of ranked lists of one question over several parts scored with shared statistics, as rankPassages
 * ranks one index: the best `candidatePassages` by passage score, then the final score normalised by the best
 * passage and best sentence of those candidates (unscoped questions: no lead-sentence share).
 */
export function mergeRanked(lists: readonly (readonly RankedPassage[])[], options: RankingOptions): RankedPassage[] {
  if (lists.length === 1) return [...lists[0]!];
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
