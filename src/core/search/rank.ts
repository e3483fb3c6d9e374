import type { Highlight, Passage } from '../types.ts';
import { termsOf, tokenize } from '../text/tokenize.ts';
import { FIELD_BOOSTS, idf, type SearchIndex } from './index.ts';
import type { AnalyzedQuery } from './query.ts';
import { passageEntries, retrieve, termIdOf, textDocumentFrequency, type CompactIndex, type WeightedTerm } from './retrieve.ts';
import type { UnderstoodQuery } from '../expand/understand.ts';
import { synonymsOf } from './thesaurus.ts';
import { attributionOf, type Attribution } from './attribution.ts';

/** Tuning of the ranker; every field has a default in DEFAULT_RANKING. */
export interface RankingOptions {
  /** How many passages passage retrieval hands to sentence scoring. */
  candidatePassages: number;
  /** Weight of the passage's BM25 score (normalised to the best passage) in the final score. */
  passageWeight: number;
  /** Weight of the best sentence's BM25 score (normalised to the best sentence) in the final score. */
  sentenceWeight: number;
  /** BM25+ k1 and b for passages. */
  passageK1: number;
  passageB: number;
  /** BM25 k1 and b for sentences. */
  k1: number;
  b: number;
  /** Average sentence length in terms, for BM25 length normalisation. */
  averageSentenceTerms: number;
  /** Bonus per adjacent pair of question terms found next to each other, as a share of the pair's idf. */
  proximityWeight: number;
  /** Multiplier for sentences holding a number (or a date) when the question asks for one. */
  kindBoost: number;
  /** Weight of a related term (a WordNet relative or thesaurus term: `information` for `data`) relative to the question's own words, times its strength. */
  expansionWeight: number;
  /** Weight of an equivalent term (an abbreviation's words, a country for its adjective, a number for its word) relative to the question's own words. */
  equivalentWeight: number;
  /** Share of `expansionWeight` thesaurus terms get in passage search (1: as in sentence scoring). */
  searchExpansionShare: number;
  /** Share of a term matched by the previous sentence credited to a sentence that lacks it. */
  contextWeight: number;
  /** Whether the next sentence lends its matches too (else only the previous one does). */
  contextAfter: boolean;
  /**
   * Share of a question term credited to a sentence of a quotation that lacks it when the quotation's speaker or
   * their role holds it (search/attribution.ts): "what does the ministry say …" finds the ministry's words.
   */
  attributionWeight: number;
  /**
   * Questions scoped to one document only: how many associated terms (words that share passages with a
   * question term across the corpus, see `associatesOf`) join each question term in passage search. A single
   * document often words a topic its own way ("contact information" is "name, email and phone number" there);
   * the corpus tells which words go with which. Across a whole corpus the question's own words are found
   * somewhere and associates only pull in passages about neighbouring topics, so unscoped questions get none.
   */
  scopedAssociates: number;
  /** Weight of an associated term in passage search, relative to the question's own term. */
  associateWeight: number;
  /** How many passages holding a question term are read (evenly spread over its postings) to find its associates. */
  associateSample: number;
  /** Share of those passages an associate must occur in. */
  associateMinShare: number;
  /**
   * Questions scoped to one document only: weight of the passage's first sentence (its topic sentence, or its
   * heading run into the text: "Contact information. For example, …") in the final score, normalised like the
   * best sentence. Within one document it tells the paragraph about a topic from those that mention it in
   * passing; across a corpus it displaced better passages of other documents.
   */
  scopedLeadWeight: number;
  /**
   * Questions scoped to one document only: how many topic terms (see `topicTermsOf`) join passage search. Other
   * documents of the corpus answer the same question in their own words; the words their best passages share
   * ("opt", "unsubscrib", "link" for a question about stopping emails) tell the document's passage on the topic
   * from those that only use the question's words in passing. Unscoped, they would pull in neighbouring topics.
   */
  scopedTopicTerms: number;
  /** Weight of the strongest topic term in passage search, relative to the question's own term (the others scale by strength). */
  topicTermWeight: number;
  /** How many of the best passages of other documents (searched for the question's terms) the topic terms are read from. */
  topicSample: number;
  /** Share of those passages (by weight) a topic term must occur in. */
  topicMinShare: number;
  /**
   * Associates held by more than this share of all passages are left out of the search that topic terms are read
   * from: their idf is low, so they change little of its ranking, and their long postings would make that search
   * of the whole corpus the slowest part of a question on a large corpus.
   */
  topicFeedbackMaxShare: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  candidatePassages: 60,
  passageWeight: 0.45,
  sentenceWeight: 0.55,
  passageK1: 1.2,
  passageB: 0.7,
  k1: 1.2,
  b: 0.5,
  averageSentenceTerms: 18,
  proximityWeight: 0.5,
  kindBoost: 1.3,
  expansionWeight: 0.3,
  equivalentWeight: 0.8,
  searchExpansionShare: 0.5,
  contextWeight: 0.3,
  contextAfter: false,
  attributionWeight: 0.8,
  scopedAssociates: 8,
  associateWeight: 0.25,
  associateSample: 400,
  associateMinShare: 0.05,
  scopedLeadWeight: 0.3,
  scopedTopicTerms: 30,
  topicTermWeight: 1.2,
  topicSample: 30,
  topicMinShare: 0.1,
  topicFeedbackMaxShare: 0.05,
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

/** One question term with its weight, and the thesaurus terms standing in for it. */
interface TermGroup {
  readonly term: string;
  /** Term ids (the compact index's) of the group's members: the question's own term first (-1 when the corpus lacks it), then its expansions. */
  readonly ids: readonly number[];
  readonly weights: readonly number[];
  /** Each member's weight relative to the question's own term (1 for the term itself). */
  readonly shares: readonly number[];
}

/** The question's terms as weighted groups of vocabulary ids (terms the corpus lacks are left out). */
function termGroups(index: SearchIndex, query: AnalyzedQuery | UnderstoodQuery, options: RankingOptions): TermGroup[] {
  const groups: TermGroup[] = [];
  const own = new Set(query.terms.map((t) => t.term));
  const understood = 'expansions' in query ? query.expansions : undefined;
  for (const { term } of query.terms) {
    const ids: number[] = [];
    const weights: number[] = [];
    const shares: number[] = [];
    const add = (t: string, share: number) => {
      const id = index.compact.termIds.get(t);
      if (id !== undefined && share > 0 && !ids.includes(id)) {
        ids.push(id);
        weights.push(share * idf(index, t));
        shares.push(share);
      }
    };
    add(term, 1);
    if (ids.length === 0) ids.push(-1), weights.push(0), shares.push(0);
    const expansions = understood?.get(term) ?? synonymsOf(term).map((synonym) => ({ term: synonym, kind: 'related' as const, strength: 1 }));
    for (const e of expansions) if (!own.has(e.term)) add(e.term, e.kind === 'equivalent' ? options.equivalentWeight : options.expansionWeight * e.strength);
    groups.push({ term, ids, weights, shares });
  }
  return groups;
}

/**
 * Ranks passages for a question: BM25+ over passages (retrieve.ts, thesaurus terms down-weighted; for a question
 * scoped to one document, corpus associates of its terms and topic terms from other documents' answers too), then
 * BM25 over each candidate's sentences (and, scoped, a share for the passage's first sentence).
 */
export function rankPassages(
  index: SearchIndex,
  query: AnalyzedQuery,
  scope: { docId?: string } = {},
  options: RankingOptions = DEFAULT_RANKING,
): RankedPassage[] {
  if (query.terms.length === 0) return [];
  const { corpus } = index;
  const groups = termGroups(index, query, options);
  const searchTerms: WeightedTerm[] = [];
  const scoped = scope.docId !== undefined;
  const own = new Set(groups.map((g) => g.ids[0]!));
  const questionTerms = new Set(groups.flatMap((g) => g.ids.filter((id) => id >= 0).map((id) => index.compact.terms[id]!)));
  /** The question's words and their thesaurus stand-ins. */
  const wordTerms: WeightedTerm[] = [];
  groups.forEach((g, group) => {
    g.ids.forEach((id, m) => {
      if (id < 0) return;
      // Related terms search at a share of their weight (they re-rank sentences more than they find passages).
      const share = g.shares[m]!;
      const term = { term: index.compact.terms[id]!, weight: m === 0 ? 1 : share >= options.equivalentWeight ? share : share * options.searchExpansionShare, group };
      searchTerms.push(term);
      wordTerms.push(term);
    });
    // Associates search passages only: sentence scoring (the answer's choice) stays with the question's words.
    if (scoped && options.scopedAssociates > 0 && g.ids[0]! >= 0) {
      for (const id of associatesOf(index.compact, g.ids[0]!, options).slice(0, options.scopedAssociates)) {
        if (!own.has(id) && !g.ids.includes(id)) searchTerms.push({ term: index.compact.terms[id]!, weight: options.associateWeight, group });
      }
    }
  });
  const inDoc = scope.docId === undefined ? undefined : index.passagesByDoc.get(scope.docId);
  if (inDoc !== undefined && inDoc.length === 0) return [];
  const range = scope.docId === undefined ? undefined : inDoc === undefined ? ([0, 0] as const) : ([inDoc[0]!, inDoc[inDoc.length - 1]! + 1] as const);
  // Topic terms, like associates, search passages only.
  if (scoped && options.scopedTopicTerms > 0) {
    const maxPassages = options.topicFeedbackMaxShare * index.compact.passageCount;
    const feedbackTerms = searchTerms.filter((t) => wordTerms.includes(t) || textDocumentFrequency(index.compact, t.term) <= maxPassages);
    searchTerms.push(...topicTermsOf(index, feedbackTerms, searchTerms, scope.docId!, options));
  }
  const candidates = retrieve(index.compact, searchTerms, {
    limit: options.candidatePassages,
    boost: FIELD_BOOSTS,
    bm25: passageBm25(options),
    lengths: 'terms',
    ...(range ? { range } : {}),
  });
  if (candidates.length === 0) return [];

  const scored = candidates.map((hit) => {
    const passage = corpus.passages[hit.id]!;
    const sentenceScores = scoreSentences(passage, index.compact, query, groups, options, index.attributions?.(passage.index));
    let bestSentence = 0;
    sentenceScores.forEach((s, i) => {
      if (s > sentenceScores[bestSentence]!) bestSentence = i;
    });
    const held = new Set(hit.terms);
    const matchedTerms = new Set(groups.filter((g) => g.ids[0]! >= 0 && held.has(g.term)).map((g) => g.term));
    const holdsQuestionTerm = hit.terms.some((t) => questionTerms.has(t));
    return { passage, passageScore: hit.score, sentenceScores, bestSentence, matchedTerms, holdsQuestionTerm };
  });
  // Associates re-rank passages that speak to the question; found through associates alone, a passage comes after
  // every passage holding a word of the question or a thesaurus term for one (and never hides them from abstention).
  const topPassage = Math.max(...scored.map((s) => s.passageScore)) || 1;
  const topSentence = Math.max(...scored.map((s) => s.sentenceScores[s.bestSentence] ?? 0)) || 1;
  const leadWeight = scoped ? options.scopedLeadWeight : 0;
  // Objects built field by field: spreading and rest-destructuring 60 of them a question showed in profiles.
  const ranked = scored.map((s) => ({
    ranked: {
      passage: s.passage,
      passageScore: s.passageScore,
      sentenceScores: s.sentenceScores,
      bestSentence: s.bestSentence,
      matchedTerms: s.matchedTerms,
      score:
        options.passageWeight * (s.passageScore / topPassage) +
        options.sentenceWeight * ((s.sentenceScores[s.bestSentence] ?? 0) / topSentence) +
        leadWeight * ((s.sentenceScores[0] ?? 0) / topSentence),
    } satisfies RankedPassage,
    holdsQuestionTerm: s.holdsQuestionTerm,
  }));
  ranked.sort((a, b) => Number(b.holdsQuestionTerm) - Number(a.holdsQuestionTerm) || b.ranked.score - a.ranked.score || a.ranked.passage.index - b.ranked.passage.index);
  return ranked.map((r) => r.ranked);
}

/** Passage search's BM25+ parameters. */
function passageBm25(options: RankingOptions): { k: number; b: number; d: number } {
  return { k: options.passageK1, b: options.passageB, d: 0.5 };
}

/**
 * The `limit` terms most specific to a sample, strongest first: of (term id, p) pairs, p being the share of the
 * sample holding the term, those more frequent there than in the corpus at large (q, the share of all passages),
 * by p·log(p/q); ties by term id. Associates and topic terms are both chosen this way.
 */
function mostSpecific(compact: CompactIndex, shares: readonly (readonly [number, number])[], limit: number): [number, number][] {
  const { textStart, passageCount } = compact;
  const strengths: [number, number][] = [];
  for (const [term, p] of shares) {
    const q = (textStart[term + 1]! - textStart[term]!) / passageCount;
    if (p > q) strengths.push([term, p * Math.log(p / q)]);
  }
  strengths.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return strengths.slice(0, limit);
}

const associateScratch = new WeakMap<CompactIndex, { counts: Int32Array; seenIn: Int32Array; touched: Int32Array }>();

function associateScratchOf(compact: CompactIndex): { counts: Int32Array; seenIn: Int32Array; touched: Int32Array } {
  let scratch = associateScratch.get(compact);
  if (!scratch) {
    const V = compact.terms.length;
    associateScratch.set(compact, (scratch = { counts: new Int32Array(V), seenIn: new Int32Array(V), touched: new Int32Array(V) }));
  }
  return scratch;
}

/** Per index and sampling setting: each term's associates (term ids, strongest first) and how many were asked for, computed on first use. */
const associateCache = new WeakMap<CompactIndex, Map<string, { readonly asked: number; readonly associates: readonly number[] }>>();
const ASSOCIATE_CACHE_LIMIT = 50_000;
const MIN_ASSOCIATE_PASSAGES = 3;

/**
 * The terms that go with a term across the corpus: read an even sample of the passages holding it (at most
 * `associateSample`, so a common term costs no more than a rare one) and keep the terms found in at least
 * `associateMinShare` of them more often than in the corpus at large, by p·log(p/q) (p: share of the sampled
 * passages holding the term, q: share of all passages), strongest first: frequent companions that are specific
 * to the term ("financial" → credit, card, transaction; "track" → technology, cookie, browser).
 */
export function associatesOf(compact: CompactIndex, id: number, options: RankingOptions = DEFAULT_RANKING): readonly number[] {
  let cache = associateCache.get(compact);
  if (!cache) associateCache.set(compact, (cache = new Map()));
  const key = `${id}/${options.associateSample}/${options.associateMinShare}`;
  const cached = cache.get(key);
  if (cached && cached.asked >= options.scopedAssociates) return cached.associates.slice(0, options.scopedAssociates);
  const { textStart, textDoc, sentenceTerms } = compact;
  const from = textStart[id]!;
  const df = textStart[id + 1]! - from;
  const sample = Math.min(df, options.associateSample);
  // Counted in typed arrays kept per index (a term's count, the sample that last saw it, the terms touched): a
  // large corpus's passages hold hundreds of terms, and a Map per term would cost more than the reading.
  const { counts, seenIn, touched } = associateScratchOf(compact);
  let touchedCount = 0;
  for (let k = 0; k < sample; k++) {
    const passage = textDoc[from + Math.floor((k * df) / sample)]!;
    for (let [i, end] = passageEntries(compact, passage); i < end; i++) {
      const term = termIdOf(sentenceTerms[i]!);
      if (term === id || seenIn[term] === k + 1) continue;
      seenIn[term] = k + 1;
      if (counts[term] === 0) touched[touchedCount++] = term;
      counts[term] = counts[term]! + 1;
    }
  }
  const minCount = Math.max(MIN_ASSOCIATE_PASSAGES, options.associateMinShare * sample);
  const shares: [number, number][] = [];
  for (let t = 0; t < touchedCount; t++) {
    const term = touched[t]!;
    const count = counts[term]!;
    counts[term] = 0;
    seenIn[term] = 0;
    if (count >= minCount) shares.push([term, count / sample]);
  }
  const associates = mostSpecific(compact, shares, options.scopedAssociates).map(([term]) => term);
  if (cache.size >= ASSOCIATE_CACHE_LIMIT) cache.clear();
  cache.set(key, { asked: options.scopedAssociates, associates });
  return associates;
}

/**
 * Topic terms for a question scoped to one document (a relevance model read from the rest of the corpus): search
 * the corpus for `feedbackTerms` (the question's weighted terms, common associates aside), read the best
 * `topicSample` passages of other documents (each weighted by its score relative to the best), and keep the terms
 * held by at least `topicMinShare` of that weight more often than by the corpus at large (`mostSpecific`). Associates describe
 * each question term alone; these describe the question as a whole, as other documents answer it. The strongest
 * gets `topicTermWeight`, the others in proportion to their strength; terms in `searchTerms` are left out.
 */
export function topicTermsOf(
  index: SearchIndex,
  feedbackTerms: readonly WeightedTerm[],
  searchTerms: readonly WeightedTerm[],
  docId: string,
  options: RankingOptions = DEFAULT_RANKING,
): WeightedTerm[] {
  const compact = index.compact;
  const feedback = retrieve(compact, feedbackTerms, {
    limit: options.topicSample,
    boost: FIELD_BOOSTS,
    bm25: passageBm25(options),
    lengths: 'terms',
  }).filter((hit) => index.corpus.passages[hit.id]!.docId !== docId);
  if (feedback.length === 0) return [];
  const top = feedback[0]!.score || 1;
  const weights = new Map<number, number>();
  const seen = new Set<number>();
  let total = 0;
  for (const hit of feedback) {
    const weight = hit.score / top;
    total += weight;
    seen.clear();
    for (let [i, end] = passageEntries(compact, hit.id); i < end; i++) {
      const term = termIdOf(compact.sentenceTerms[i]!);
      if (seen.has(term)) continue;
      seen.add(term);
      weights.set(term, (weights.get(term) ?? 0) + weight);
    }
  }
  const searched = new Set(searchTerms.map((t) => t.term));
  const shares: [number, number][] = [];
  for (const [term, weight] of weights) {
    const p = weight / total;
    if (p >= options.topicMinShare && !searched.has(compact.terms[term]!)) shares.push([term, p]);
  }
  const kept = mostSpecific(compact, shares, options.scopedTopicTerms);
  const strongest = kept[0]?.[1] ?? 1;
  // Group 0: a topic term never counts as one more matched question term.
  return kept.map(([term, strength]) => ({ term: compact.terms[term]!, weight: options.topicTermWeight * (strength / strongest), group: 0 }));
}

/**
 * Scores every sentence of a passage for the question: BM25 over the sentence's terms (a thesaurus
 * term counts at its reduced weight, the best member of each group counts once), plus a share of what
 * the neighbouring sentences match ("These regions …" leans on the sentence before), plus proximity
 * and answer-kind bonuses.
 */
export function scoreSentences(
  passage: Passage,
  compact: CompactIndex,
  query: AnalyzedQuery,
  groups: readonly TermGroup[],
  options: RankingOptions = DEFAULT_RANKING,
  attributions: readonly Attribution[] = [],
): number[] {
  const slotOf = slotTable(compact);
  const ids: number[] = [];
  for (const g of groups) for (const id of g.ids) if (id >= 0 && slotOf[id] === -1) slotOf[id] = ids.push(id) - 1;
  try {
    return scoreSentencesWith(passage, compact, query, groups, options, slotOf, ids.length, attributions);
  } finally {
    for (const id of ids) slotOf[id] = -1;
  }
}

/** Per compact index (its vocabulary): a slot per term, -1 but for the question's terms while scoreSentences runs. */
const slotTables = new WeakMap<readonly string[], Int32Array>();

function slotTable(compact: CompactIndex): Int32Array {
  let table = slotTables.get(compact.terms);
  if (!table || table.length !== compact.terms.length) slotTables.set(compact.terms, (table = new Int32Array(compact.terms.length).fill(-1)));
  return table;
}

/**
 * Buffers reused by every call of scoreSentencesWith (it runs for each of a question's candidate passages, and a
 * new typed array each time cost more than the scoring) and of proximityBonus: synchronous, so never used by two
 * calls at once.
 */
const scratch = {
  tf: new Float64Array(1024),
  own: new Float64Array(1024),
  lengths: new Uint32Array(128),
  positionIds: new Int32Array(64),
  positionAt: new Int32Array(64),
};

/** `buffer` when it holds `size` entries, else a new one twice as long (at least `size`). */
function atLeast<T extends Float64Array | Uint32Array | Int32Array>(buffer: T, size: number, make: (length: number) => T): T {
  return buffer.length >= size ? buffer : make(Math.max(size, 2 * buffer.length));
}

/**
 * scoreSentences's work, with the question's term ids given slots 0..slotCount-1 in `slotOf`: a typed-array lookup
 * per sentence term instead of a map's (most of the time of scoring a passage's sentences).
 */
function scoreSentencesWith(
  passage: Passage,
  compact: CompactIndex,
  query: AnalyzedQuery,
  groups: readonly TermGroup[],
  options: RankingOptions,
  slotOf: Int32Array,
  slotCount: number,
  attributions: readonly Attribution[],
): number[] {
  const sentenceCount = passage.sentences.length;
  const firstSentence = compact.passageSentenceStart[passage.index]!;
  const { sentenceTermStart, sentenceTerms } = compact;
  // Term frequencies per sentence and slot, and each sentence's length in word tokens (a token's first term is
  // stored as its id, further terms of the same token as ~id).
  const tf = (scratch.tf = atLeast(scratch.tf, sentenceCount * slotCount, (n) => new Float64Array(n)));
  tf.fill(0, 0, sentenceCount * slotCount);
  const lengths = (scratch.lengths = atLeast(scratch.lengths, sentenceCount, (n) => new Uint32Array(n)));
  for (let s = 0; s < sentenceCount; s++) {
    const g = firstSentence + s;
    let length = 0;
    for (let i = sentenceTermStart[g]!, end = sentenceTermStart[g + 1]!; i < end; i++) {
      const entry = sentenceTerms[i]!;
      if (entry >= 0) length++;
      const slot = slotOf[termIdOf(entry)]!;
      if (slot >= 0) tf[s * slotCount + slot]! += 1;
    }
    lengths[s] = length;
  }
  // Each group's BM25 contribution in each sentence.
  // Every entry is written below before it is read.
  const own = (scratch.own = atLeast(scratch.own, sentenceCount * groups.length, (n) => new Float64Array(n)));
  for (let s = 0; s < sentenceCount; s++) {
    const lengthNorm = 1 - options.b + options.b * (lengths[s]! / options.averageSentenceTerms);
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      let best = 0;
      for (let m = 0; m < g.ids.length; m++) {
        const id = g.ids[m]!;
        if (id < 0) continue;
        const f = tf[s * slotCount + slotOf[id]!]!;
        if (f > 0) best = Math.max(best, (g.weights[m]! * f * (options.k1 + 1)) / (f + options.k1 * lengthNorm));
      }
      own[s * groups.length + gi] = best;
    }
  }
  const attributed = attributions.length > 0 && options.attributionWeight > 0 ? attributedScores(passage, compact, groups, options, slotOf, attributions) : undefined;
  const scores: number[] = [];
  for (let s = 0; s < sentenceCount; s++) {
    let score = 0;
    let direct = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const mine = own[s * groups.length + gi]!;
      direct += mine;
      const before = s > 0 ? own[(s - 1) * groups.length + gi]! : 0;
      const after = s + 1 < sentenceCount ? own[(s + 1) * groups.length + gi]! : 0;
      const bySpeaker = attributed ? attributed[s * groups.length + gi]! : 0;
      score += Math.max(mine, options.contextWeight * Math.max(before, options.contextAfter ? after : 0), bySpeaker);
    }
    if (direct === 0) {
      scores.push(0);
      continue;
    }
    score += proximityBonus(compact, firstSentence + s, query, groups, options, slotOf);
    const span = passage.sentences[s]!;
    if (query.kind !== 'any') {
      const sentence = passage.text.slice(span.start, span.end);
      if (query.kind === 'quantity' && NUMBER.test(sentence)) score *= options.kindBoost;
      if (query.kind === 'time' && DATE_WORD.test(sentence)) score *= options.kindBoost;
    }
    scores.push(score);
  }
  return scores;
}

/**
 * Per sentence and group: what the group earns in a sentence of a quotation whose speaker (or role) holds one of
 * its terms, `attributionWeight` of a single occurrence's BM25 in a sentence of average length; 0 elsewhere.
 */
function attributedScores(passage: Passage, compact: CompactIndex, groups: readonly TermGroup[], options: RankingOptions, slotOf: Int32Array, attributions: readonly Attribution[]): Float64Array {
  const sentenceCount = passage.sentences.length;
  const out = new Float64Array(sentenceCount * groups.length);
  const earned = new Map<Attribution, Float64Array>();
  const single = (options.k1 + 1) / (1 + options.k1);
  for (let s = 0; s < sentenceCount; s++) {
    const span = passage.sentences[s]!;
    const attribution = attributionOf(attributions, span.start, span.end);
    if (!attribution) continue;
    let byGroup = earned.get(attribution);
    if (!byGroup) {
      byGroup = new Float64Array(groups.length);
      const held = new Set<number>();
      for (const term of attribution.terms) {
        const id = compact.termIds.get(term);
        if (id !== undefined && slotOf[id]! >= 0) held.add(id);
      }
      groups.forEach((g, gi) => {
        for (let m = 0; m < g.ids.length; m++) if (held.has(g.ids[m]!)) byGroup![gi] = Math.max(byGroup![gi]!, options.attributionWeight * g.weights[m]! * single);
      });
      earned.set(attribution, byGroup);
    }
    out.set(byGroup, s * groups.length);
  }
  return out;
}

/**
 * Per question (its term groups): the question's consecutive term pairs as the groups' own term ids, each with the
 * bonus it earns (a pair whose terms the corpus lacks can never earn it and is left out), in the question's order.
 */
const proximityPairs = new WeakMap<readonly TermGroup[], { readonly first: Int32Array; readonly second: Int32Array; readonly bonus: Float64Array }>();

/**
 * Rewards question terms that stand next to each other (within two tokens) in the same order; `sentence` is a
 * global sentence index, `slotOf` scoreSentences's table (an entry without a slot is no question term).
 */
function proximityBonus(compact: CompactIndex, sentence: number, query: AnalyzedQuery, groups: readonly TermGroup[], options: RankingOptions, slotOf: Int32Array): number {
  if (query.pairs.length === 0 || options.proximityWeight === 0) return 0;
  let pairs = proximityPairs.get(groups);
  if (!pairs) {
    const own = new Map<string, { id: number; weight: number }>();
    for (const g of groups) if (g.ids[0]! >= 0 && !own.has(g.term)) own.set(g.term, { id: g.ids[0]!, weight: g.weights[0] ?? 0 });
    const kept = query.pairs.flatMap(([a, b]) => {
      const x = own.get(a);
      const y = own.get(b);
      return x && y && x.id !== y.id ? [{ first: x.id, second: y.id, bonus: options.proximityWeight * Math.min(x.weight, y.weight) }] : [];
    });
    pairs = { first: Int32Array.from(kept, (k) => k.first), second: Int32Array.from(kept, (k) => k.second), bonus: Float64Array.from(kept, (k) => k.bonus) };
    proximityPairs.set(groups, pairs);
  }
  if (pairs.first.length === 0) return 0;
  const from = compact.sentenceTermStart[sentence]!;
  const to = compact.sentenceTermStart[sentence + 1]!;
  // Where the question's terms stand in the sentence: term id and word position, in order.
  const positionIds = (scratch.positionIds = atLeast(scratch.positionIds, to - from, (n) => new Int32Array(n)));
  const positionAt = (scratch.positionAt = atLeast(scratch.positionAt, to - from, (n) => new Int32Array(n)));
  let count = 0;
  let position = -1;
  for (let i = from; i < to; i++) {
    const entry = compact.sentenceTerms[i]!;
    if (entry >= 0) position++;
    const id = termIdOf(entry);
    if (slotOf[id]! < 0) continue;
    positionIds[count] = id;
    positionAt[count++] = position;
  }
  if (count < 2) return 0;
  let bonus = 0;
  for (let p = 0; p < pairs.first.length; p++) {
    const a = pairs.first[p]!;
    const b = pairs.second[p]!;
    let found = false;
    for (let i = 0; i < count && !found; i++) {
      if (positionIds[i] !== a) continue;
      for (let j = 0; j < count; j++) {
        const gap = positionAt[j]! - positionAt[i]!;
        if (positionIds[j] === b && gap > 0 && gap <= 2) {
          found = true;
          break;
        }
      }
    }
    if (found) bonus += pairs.bonus[p]!;
  }
  return bonus;
}

/** Where the question's terms occur in a text: character ranges for bold rendering. */
export function highlightsIn(text: string, query: AnalyzedQuery): Highlight[] {
  const wanted = new Set(query.terms.map((t) => t.term));
  const initials = new Set([...wanted].map((term) => term[0]));
  const ranges: Highlight[] = [];
  for (const token of tokenize(text)) {
    // Index terms begin with their word's first letter (a hyphenated word's: with its parts'), so a word with
    // another first letter cannot match and is not stemmed.
    if (!initials.has(token.form[0]) && !token.form.includes('-')) continue;
    if (termsOf(token.form).some((term) => wanted.has(term))) ranges.push([token.start, token.end]);
  }
  return ranges;
}
