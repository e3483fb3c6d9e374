import type { Corpus } from '../corpus/load.ts';
import { finish } from '../steps.ts';
import { learnAbbreviationsSteps, mergeAbbreviations, type Abbreviation } from './abbreviations.ts';
import { indexInSorted, wordNetGraph } from './wordnet.ts';

/**
 * What a corpus teaches about its questions, learned when it is indexed and kept in the snapshot's corpus file:
 * WordNet's relatives of every word, narrowed to the terms this corpus holds (so a question's "firms" finds the
 * corpus's "business", and the question-time lookup is a binary search), the abbreviations its documents define
 * (and the common ones), and every word WordNet knows (so that a real word absent from the corpus is never
 * "corrected" into a corpus word that looks like it).
 */
export interface LearnedExpansions {
  /** WordNet's stemmed words, sorted; word k's relatives in the corpus are `related[start[k]..start[k+1])`. */
  readonly words: readonly string[];
  readonly start: Int32Array;
  /** Terms of the corpus, as strings (the index's ids change with every re-index; strings do not). */
  readonly related: readonly string[];
  readonly weights: Float32Array;
  readonly abbreviations: readonly Abbreviation[];
}

/**
 * Learns the expansions of a corpus from its text and its vocabulary (`holds`: whether a term occurs in its
 * passages; WordNet's graph loaded, or made, once per process).
 */
export function learnExpansions(corpus: Corpus, holds: (term: string) => boolean): LearnedExpansions {
  return finish(learnExpansionsSteps(corpus, holds));
}

/** learnExpansions in steps of a few thousand words or one document (live re-indexing runs them between turns). */
export function* learnExpansionsSteps(corpus: Corpus, holds: (term: string) => boolean): Generator<void, LearnedExpansions> {
  const narrowed = yield* wordNetNarrowedSteps(holds);
  const abbreviations = yield* learnAbbreviationsSteps(corpus);
  return { ...narrowed, abbreviations };
}

/**
 * The expansions of several corpora taken as one (a layered engine's parts, the largest first), without walking
 * WordNet again: the first part's, with the words the later parts add (`added`: a later part's terms no earlier
 * part holds) put among the relatives of their WordNet neighbours (relations hold both ways), in the graph's
 * order, as one corpus's walk would list them; the abbreviations merged as one corpus's would be.
 */
export function* combineExpansionsSteps(first: LearnedExpansions, later: readonly { readonly abbreviations: readonly Abbreviation[]; readonly added: ReadonlySet<string> }[]): Generator<void, LearnedExpansions> {
  const abbreviations = mergeAbbreviations([first.abbreviations, ...later.map((p) => p.abbreviations)]);
  const graph = wordNetGraph();
  const adding = new Set(later.flatMap((p) => [...p.added]));
  if (!graph || adding.size === 0 || first.words.length !== graph.terms.length) return { ...first, abbreviations };
  const affected = new Set<number>();
  for (const term of adding) {
    const k = indexInSorted(graph.terms, term);
    if (k >= 0) for (let e = graph.start[k]!; e < graph.start[k + 1]!; e++) affected.add(graph.neighbours[e]!);
  }
  if (affected.size === 0) return { ...first, abbreviations };
  const start = new Int32Array(first.words.length + 1);
  const related: string[] = [];
  const weights: number[] = [];
  for (let k = 0; k < first.words.length; k++) {
    if ((k & 8191) === 0) yield;
    start[k] = related.length;
    const [from, to] = [first.start[k]!, first.start[k + 1]!];
    if (!affected.has(k)) {
      for (let e = from; e < to; e++) {
        related.push(first.related[e]!);
        weights.push(first.weights[e]!);
      }
      continue;
    }
    const had = new Set(first.related.slice(from, to));
    for (let e = graph.start[k]!; e < graph.start[k + 1]!; e++) {
      const other = graph.terms[graph.neighbours[e]!]!;
      if (had.has(other) || adding.has(other)) {
        related.push(other);
        weights.push(graph.weights[e]!);
      }
    }
  }
  start[first.words.length] = related.length;
  return { words: first.words, start, related, weights: Float32Array.from(weights), abbreviations };
}

/** WordNet's graph (loaded, or made, once per process) narrowed to the terms `holds` says a corpus has. */
function* wordNetNarrowedSteps(holds: (term: string) => boolean): Generator<void, Omit<LearnedExpansions, 'abbreviations'>> {
  const graph = wordNetGraph();
  const words: string[] = [];
  const start: number[] = [];
  const related: string[] = [];
  const weights: number[] = [];
  if (graph) {
    for (let k = 0; k < graph.terms.length; k++) {
      if ((k & 4095) === 0) yield;
      words.push(graph.terms[k]!);
      start.push(related.length);
      for (let e = graph.start[k]!; e < graph.start[k + 1]!; e++) {
        const other = graph.terms[graph.neighbours[e]!]!;
        if (holds(other)) {
          related.push(other);
          weights.push(graph.weights[e]!);
        }
      }
    }
  }
  start.push(related.length);
  return { words, start: Int32Array.from(start), related, weights: Float32Array.from(weights) };
}

/** Whether WordNet knows the stemmed word. */
export function isKnownWord(learned: LearnedExpansions, term: string): boolean {
  return indexInSorted(learned.words, term) >= 0;
}

/** WordNet's relatives of a stemmed word that the corpus holds, strongest first. */
export function wordNetRelatives(learned: LearnedExpansions, term: string): [string, number][] {
  const k = indexInSorted(learned.words, term);
  if (k < 0) return [];
  const out: [string, number][] = [];
  for (let e = learned.start[k]!; e < learned.start[k + 1]!; e++) out.push([learned.related[e]!, learned.weights[e]!]);
  return out;
}

/** The JSON form kept in the snapshot. */
export interface LearnedJson {
  words: string[];
  start: number[];
  related: string[];
  weights: number[];
  abbreviations: Abbreviation[];
}

export function learnedToJson(learned: LearnedExpansions): LearnedJson {
  return {
    words: [...learned.words],
    start: [...learned.start],
    related: [...learned.related],
    weights: [...learned.weights].map((w) => Math.round(w * 1000) / 1000),
    abbreviations: [...learned.abbreviations],
  };
}

/** The learned expansions from their JSON form; undefined when it is not one. */
export function learnedFromJson(json: unknown): LearnedExpansions | undefined {
  const j = json as Partial<LearnedJson> | null;
  if (!j || !Array.isArray(j.words) || !Array.isArray(j.start) || !Array.isArray(j.related) || !Array.isArray(j.weights) || !Array.isArray(j.abbreviations)) return undefined;
  if (j.start.length !== j.words.length + 1 || j.related.length !== j.weights.length) return undefined;
  return { words: j.words, start: Int32Array.from(j.start), related: j.related, weights: Float32Array.from(j.weights), abbreviations: j.abbreviations };
}
