import type { Highlight, Passage, SentenceSpan } from '../types.ts';
import { termsOf, tokenize } from '../text/tokenize.ts';
import { FIELD_BOOSTS, idf, type SearchIndex } from './index.ts';
import type { AnalyzedQuery } from './query.ts';
import { retrieve, sentenceTermsOf, type SentenceTerms } from './retrieve.ts';

/** Tuning of the ranker; every field has a default in DEFAULT_RANKING. */
export interface RankingOptions {
  /** How many passages MiniSearch hands to sentence scoring. */
  candidatePassages: number;
  /** Weight of the passage's BM25 score (normalised to the best passage) in the final score. */
  passageWeight: number;
  /** Weight of the best sentence's BM25 score (normalised to the best sentence) in the final score. */
  sentenceWeight: number;
  /** BM25 k1 and b for sentences. */
  k1: number;
  b: number;
  /** Average sentence length in terms, for BM25 length normalisation. */
  averageSentenceTerms: number;
  /** Bonus per adjacent pair of question terms found next to each other, as a share of the pair's idf. */
  proximityWeight: number;
  /** Multiplier for sentences holding a number (or a date) when the question asks for one. */
  kindBoost: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  candidatePassages: 60,
  passageWeight: 0.45,
  sentenceWeight: 0.55,
  k1: 1.2,
  b: 0.5,
  averageSentenceTerms: 18,
  proximityWeight: 0.5,
  kindBoost: 1.3,
};

/** A passage scored for a question, with its best sentence. */
export interface RankedPassage {
  readonly passage: Passage;
  readonly passageScore: number;
  /** Scores of each of the passage's sentences. */
  readonly sentenceScores: readonly number[];
  readonly bestSentence: number;
  readonly score: number;
  /** Question terms found in the passage, its section or its document's title. */
  readonly matchedTerms: ReadonlySet<string>;
}

const NUMBER = /\d/;
const DATE_WORD = /\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december|quarter|year|month|since|until)\b/i;

/** Ranks passages for a question: MiniSearch BM25 over passages, then BM25 over each candidate's sentences. */
export function rankPassages(
  index: SearchIndex,
  query: AnalyzedQuery,
  scope: { docId?: string } = {},
  options: RankingOptions = DEFAULT_RANKING,
): RankedPassage[] {
  if (query.terms.length === 0) return [];
  const { corpus } = index;
  // Same hits as index.miniSearch.search(query.text, { boost: FIELD_BOOSTS, combineWith: 'OR' }), top k only (retrieve.ts).
  const inDoc = scope.docId === undefined ? undefined : index.passagesByDoc.get(scope.docId);
  const range = inDoc === undefined ? undefined : ([inDoc[0] ?? 0, (inDoc[inDoc.length - 1] ?? -1) + 1] as const);
  const candidates = retrieve(index.compact, query.text, { limit: options.candidatePassages, boost: FIELD_BOOSTS, ...(range ? { range } : {}) });
  if (candidates.length === 0) return [];

  const weights = new Map(query.terms.map((t) => [t.term, idf(index, t.term)]));
  const scored = candidates.map((hit) => {
    const passage = corpus.passages[hit.id]!;
    const sentenceScores = passage.sentences.map((span, i) => scoreSentence(passage.text, span, query, weights, options, sentenceTermsOf(index.compact, passage.index, i)));
    let bestSentence = 0;
    sentenceScores.forEach((s, i) => {
      if (s > sentenceScores[bestSentence]!) bestSentence = i;
    });
    return { passage, passageScore: hit.score, sentenceScores, bestSentence, matchedTerms: new Set(hit.terms) };
  });
  const topPassage = Math.max(...scored.map((s) => s.passageScore)) || 1;
  const topSentence = Math.max(...scored.map((s) => s.sentenceScores[s.bestSentence] ?? 0)) || 1;
  return scored
    .map((s) => ({
      ...s,
      score:
        options.passageWeight * (s.passageScore / topPassage) +
        options.sentenceWeight * ((s.sentenceScores[s.bestSentence] ?? 0) / topSentence),
    }))
    .sort((a, b) => b.score - a.score || a.passage.index - b.passage.index);
}

/** BM25 of one sentence for the question, plus proximity and answer-kind bonuses. */
export function scoreSentence(
  text: string,
  span: SentenceSpan,
  query: AnalyzedQuery,
  weights: ReadonlyMap<string, number>,
  options: RankingOptions = DEFAULT_RANKING,
  precomputed?: SentenceTerms,
): number {
  const sentence = text.slice(span.start, span.end);
  const { sequence, frequency } = precomputed ?? sentenceTerms(sentence);
  const lengthNorm = 1 - options.b + options.b * (sequence.length / options.averageSentenceTerms);
  let score = 0;
  for (const [term, weight] of weights) {
    const tf = frequency.get(term) ?? 0;
    if (tf > 0) score += (weight * tf * (options.k1 + 1)) / (tf + options.k1 * lengthNorm);
  }
  if (score === 0) return 0;
  score += proximityBonus(sequence, query, weights, options);
  if (query.kind === 'quantity' && NUMBER.test(sentence)) score *= options.kindBoost;
  if (query.kind === 'time' && DATE_WORD.test(sentence)) score *= options.kindBoost;
  return score;
}

/** A sentence's terms by tokenising it (the index holds them precomputed: sentenceTermsOf). */
function sentenceTerms(sentence: string): SentenceTerms {
  const sequence: string[] = [];
  const frequency = new Map<string, number>();
  for (const token of tokenize(sentence)) {
    const terms = termsOf(token.form);
    if (terms.length > 0) sequence.push(terms[0]!);
    for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  return { sequence, frequency };
}

/** Rewards question terms that stand next to each other (within two terms) in the same order. */
function proximityBonus(sequence: readonly string[], query: AnalyzedQuery, weights: ReadonlyMap<string, number>, options: RankingOptions): number {
  if (query.pairs.length === 0) return 0;
  const positions = new Map<string, number[]>();
  sequence.forEach((term, i) => {
    let list = positions.get(term);
    if (!list) positions.set(term, (list = []));
    list.push(i);
  });
  let bonus = 0;
  for (const [a, b] of query.pairs) {
    const pa = positions.get(a);
    const pb = positions.get(b);
    if (!pa || !pb) continue;
    if (pa.some((i) => pb.some((j) => j > i && j - i <= 2))) bonus += options.proximityWeight * Math.min(weights.get(a) ?? 0, weights.get(b) ?? 0);
  }
  return bonus;
}

/** Where the question's terms occur in a text: character ranges for bold rendering. */
export function highlightsIn(text: string, query: AnalyzedQuery): Highlight[] {
  const wanted = new Set(query.terms.map((t) => t.term));
  const ranges: Highlight[] = [];
  for (const token of tokenize(text)) {
    if (termsOf(token.form).some((term) => wanted.has(term))) ranges.push([token.start, token.end]);
  }
  return ranges;
}
