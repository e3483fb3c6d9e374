import type { Corpus } from '../corpus/load.ts';
import { learnAbbreviations, type Abbreviation } from './abbreviations.ts';
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
  const graph = wordNetGraph();
  const words: string[] = [];
  const start: number[] = [];
  const related: string[] = [];
  const weights: number[] = [];
  if (graph) {
    for (let k = 0; k < graph.terms.length; k++) {
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
  return { words, start: Int32Array.from(start), related, weights: Float32Array.from(weights), abbreviations: learnAbbreviations(corpus) };
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
