/**
 * Ranking facts and quotes for a topic (`/stats topic`, `/quote topic [speaker]`), and the key figures of a
 * corpus when there is no topic. BM25 over a figure's subject, unit, value and sentence (or a quote's words
 * and speaker), plus its passage as weaker context. Expected failures come back as values.
 */
import { finish, slicer } from '../steps.ts';
import { canonicalText } from '../text/fold.ts';
import { termsOfText } from '../text/tokenize.ts';
import { failure, type Outcome } from '../types.ts';
import { TermIndex, type ScoredTerms } from './scoring.ts';
import { matchSpeakers, speakerMatches } from './speakers.ts';
import type { Extraction, Fact, FactKind, Quote } from './types.ts';

/** Options of `rankFacts`, `keyFacts` and `rankQuotes`. */
export interface RankOptions {
  /** Only this document (its corpus id). Unknown ids give an `unknown_document` failure. */
  readonly doc?: string;
  /** Most results to return: a positive integer, 10 when left out. */
  readonly limit?: number;
}

/** Options of `rankQuotes`. */
export interface QuoteRankOptions extends RankOptions {
  /** Only quotes whose speaker or role contains this (case and quotes folded): "Cao Xirui", "Ministry of …". */
  readonly speaker?: string;
}

export type RankedFact = Fact & { readonly score: number };
export type RankedQuote = Quote & { readonly score: number };
/** `keyFigures` is true when the topic had no content words and the corpus's key figures were listed instead. */
export type FactAnswer = Outcome<{ readonly query: string; readonly keyFigures: boolean; readonly results: readonly RankedFact[] }>;
export type QuoteAnswer = Outcome<{ readonly query: string; readonly speaker?: string; readonly results: readonly RankedQuote[] }>;

export const DEFAULT_LIMIT = 10;
/** Topics are cut to this many characters before their terms are taken: a pasted essay is not a better query. */
const MAX_TOPIC_CHARS = 2_000;
/** A passage's words count this much against its sentence's own. */
const CONTEXT_WEIGHT = 0.3;
/** Results scoring under this share of the best are left out: they match a stray word. */
const RELATIVE_CUT = 0.2;
/** Field weights. A figure's subject says best what it measures; a quote's speaker matters less than its words. */
const FACT_FIELDS = { subject: 2, unit: 1, value: 1, year: 1, sentence: 1 } as const;
const QUOTE_FIELDS = { text: 1, speaker: 0.5 } as const;
/** Direct quotations are what `/quote` is for; reported speech and unattributed quotations rank after them. */
const QUOTE_KIND_WEIGHT = { direct: 1, reported: 0.7, unattributed: 0.6 } as const;
/** A figure of the kind the topic asks for ("share" → a percentage) ranks a little higher. */
const INTENT_BOOST = 1.25;
const INTENTS: readonly [FactKind, RegExp][] = [
  ['percent', /%|\b(?:share|percent(?:age)?s?|proportion|ratio|rate)\b/i],
  ['currency', /\b(?:money|costs?|value|worth|spend(?:ing)?|invest(?:ment)?s?|fund(?:ing|s)?|budget|revenue|price|yuan|dollars?|euros?|gdp)\b|[$€£¥]/i],
  ['currency', /\bhow (?:big|large)\b|\bsize\b/i],
  ['measure', /\bhow (?:big|large)\b|\bsize\b/i],
  ['count', /\bhow many\b|\bnumber of\b|\bcount\b/i],
  ['duration', /\bhow long\b|\bsince when\b|\bduration\b/i],
  ['measure', /\b(?:tons?|tonnes|capacity|volume|weight|output)\b/i],
];
/**
 * Words a figure's kind stands for though its sentence may not say them: a percentage is a share ("accounting
 * for nearly 30% of the world's total"), money is a value or amount.
 */
const KIND_WORDS: Readonly<Record<FactKind, string>> = {
  percent: 'percent share proportion',
  currency: 'value amount money',
  measure: 'amount quantity',
  count: 'number',
  duration: 'duration',
  multiplier: 'multiple growth',
  fraction: 'share proportion',
};
/** The key-figure list shows at most this many figures of one sentence. */
const KEY_FACTS_PER_SENTENCE = 2;
const KIND_SALIENCE: Readonly<Record<FactKind, number>> = {
  currency: 3, percent: 2.5, measure: 2, count: 2, multiplier: 1.5, fraction: 1.5, duration: 1,
};

/** Facts ranked for `topic`; an empty topic (or one of stop words only) lists the key figures. */
export function rankFacts(extraction: Extraction, topic: string, options: RankOptions = {}): FactAnswer {
  const limit = checkedLimit(options.limit);
  const query = checkedTopic(topic);
  const scope = checkedScope(extraction, options.doc);
  if (!scope.ok) return scope;
  if (!extraction.facts.some(scope.has)) {
    return failure('not_found', options.doc ? `I found no figures in ${options.doc}.` : 'I found no figures in the corpus.');
  }
  const terms = queryTerms(query);
  if (terms.length === 0) return { ok: true, query, keyFigures: true, results: keyFacts(extraction, { ...options, limit }) };
  const index = factIndexOf(extraction);
  const scores = combinedScores(terms, index, extraction.facts.length, scope.has === everything ? undefined : (i) => scope.has(extraction.facts[i]!));
  const intents = INTENTS.filter(([, pattern]) => pattern.test(query)).map(([kind]) => kind);
  const ranked: RankedFact[] = [];
  for (const [i, score] of scores) {
    const fact = extraction.facts[i]!;
    ranked.push({ ...fact, score: round(score * (intents.includes(fact.kind) ? INTENT_BOOST : 1)) });
  }
  const results = topResults(ranked, limit, (a, b) => Number(Boolean(b.change)) - Number(Boolean(a.change)) || a.passageIndex - b.passageIndex || a.at - b.at);
  if (results.length === 0) {
    const hints = keyFacts(extraction, { ...options, limit: 5 }).map((fact) => fact.subject).filter(Boolean);
    return failure('not_found', `I found no figures about “${shortened(query)}”${options.doc ? ` in ${options.doc}` : ''}.`, [...new Set(hints)]);
  }
  return { ok: true, query, keyFigures: false, results };
}

/**
 * The key figures of the corpus (or of one document), for `/stats` without a topic: money and percentages
 * before counts and durations, changes first, earlier paragraphs before later ones, at most two per sentence,
 * documents taking turns.
 */
export function keyFacts(extraction: Extraction, options: RankOptions = {}): RankedFact[] {
  const limit = checkedLimit(options.limit);
  const paired = new Set<string>();
  for (const fact of extraction.facts) if (fact.change) paired.add(`${fact.passageIndex}\u0000${fact.text}\u0000${fact.change.from.value}`);
  const byDoc = new Map<string, RankedFact[]>();
  for (const fact of extraction.facts) {
    if (options.doc && fact.docId !== options.doc) continue;
    const isFromEnd = paired.has(`${fact.passageIndex}\u0000${fact.text}\u0000${fact.value}`);
    const score = KIND_SALIENCE[fact.kind] + (fact.change ? 2 : 0) + (Math.abs(fact.number) >= 1e6 ? 0.5 : 0)
      + (fact.year === undefined ? 0 : 0.3) - (isFromEnd ? 1.5 : 0) + 1 / (1 + fact.paragraph / 5);
    let list = byDoc.get(fact.docId);
    if (!list) byDoc.set(fact.docId, (list = []));
    list.push({ ...fact, score: round(score) });
  }
  const perDoc = [...byDoc.values()].map((list) => capPerSentence(list.sort((a, b) => b.score - a.score || a.passageIndex - b.passageIndex || a.at - b.at)));
  const results: RankedFact[] = [];
  for (let turn = 0; results.length < limit; turn++) {
    let added = false;
    for (const list of perDoc) {
      const fact = list[turn];
      if (fact && results.length < limit) {
        results.push(fact);
        added = true;
      }
    }
    if (!added) break;
  }
  return results;
}

/**
 * Quotes ranked for `topic`, optionally only those of one speaker. With no topic: the speaker's quotes (or
 * all quotes) in reading order, direct quotations first.
 */
export function rankQuotes(extraction: Extraction, topic: string, options: QuoteRankOptions = {}): QuoteAnswer {
  const limit = checkedLimit(options.limit);
  const query = checkedTopic(topic);
  const scope = checkedScope(extraction, options.doc);
  if (!scope.ok) return scope;
  const speakerFilter = typeof options.speaker === 'string' && options.speaker.trim() ? options.speaker.trim() : undefined;
  const inScope = (quote: Quote) => scope.has(quote) && (!speakerFilter || speakerMatches(speakerFilter, quote.speaker, quote.role));
  const withSpeaker = speakerFilter ? { speaker: speakerFilter } : {};
  if (!extraction.quotes.some(inScope)) {
    if (speakerFilter) {
      const hints = speakerHints(extraction, speakerFilter);
      return failure('not_found', `Nobody called “${shortened(speakerFilter)}” is quoted${options.doc ? ` in ${options.doc}` : ' in the corpus'}.`, hints);
    }
    return failure('not_found', options.doc ? `I found no quotations in ${options.doc}.` : 'I found no quotations in the corpus.');
  }
  const terms = queryTerms(query);
  if (terms.length === 0) {
    const listed = extraction.quotes.filter(inScope).sort((a, b) => quoteTier(a) - quoteTier(b) || a.passageIndex - b.passageIndex || a.at - b.at);
    return { ok: true, query, ...withSpeaker, results: listed.slice(0, limit).map((quote) => ({ ...quote, score: 0 })) };
  }
  const index = quoteIndexOf(extraction);
  const scores = combinedScores(terms, index, extraction.quotes.length, (i) => inScope(extraction.quotes[i]!));
  const ranked: RankedQuote[] = [];
  for (const [i, score] of scores) {
    const quote = extraction.quotes[i]!;
    ranked.push({ ...quote, score: round(score * kindWeight(quote)) });
  }
  const results = topResults(ranked, limit, (a, b) => quoteTier(a) - quoteTier(b) || a.passageIndex - b.passageIndex || a.at - b.at);
  if (results.length === 0) {
    const who = speakerFilter ? `“${shortened(speakerFilter)}” is quoted, but not` : 'I found no quotations';
    return failure('not_found', `${who} about “${shortened(query)}”${options.doc ? ` in ${options.doc}` : ''}.`);
  }
  return { ok: true, query, ...withSpeaker, results };
}

function kindWeight(quote: Quote): number {
  if (!quote.speaker) return QUOTE_KIND_WEIGHT.unattributed;
  return QUOTE_KIND_WEIGHT[quote.kind];
}

function quoteTier(quote: Quote): number {
  if (!quote.speaker) return 2;
  return quote.kind === 'direct' ? 0 : 1;
}

function speakerHints(extraction: Extraction, typed: string): string[] {
  const names = new Set<string>();
  for (const word of [typed, ...canonicalText(typed).split(' ')]) {
    if (word.length < 2) continue;
    for (const speaker of matchSpeakers(extraction.speakers, word, 5)) names.add(speaker.name);
    if (names.size >= 5) break;
  }
  return [...names].slice(0, 5);
}

/** Fact or quote scores: own fields plus the passage as context, scaled by how many query terms matched. */
function combinedScores(terms: readonly string[], index: RankIndex, itemCount: number, keep?: (item: number) => boolean): Map<number, number> {
  const scores = new Map<number, number>();
  const matched = new Map<number, number>();
  const seenForTerm = new Int32Array(itemCount).fill(-1);
  terms.forEach((term, t) => {
    const touch = (item: number, score: number) => {
      if (keep && !keep(item)) return;
      scores.set(item, (scores.get(item) ?? 0) + score);
      if (seenForTerm[item] !== t) {
        seenForTerm[item] = t;
        matched.set(item, (matched.get(item) ?? 0) + 1);
      }
    };
    index.own.scoreTerm(term, touch);
    index.context.scoreTerm(term, (passage, score) => {
      for (const item of index.itemsByPassage.get(passage) ?? []) touch(item, score * CONTEXT_WEIGHT);
    });
  });
  for (const [item, score] of scores) scores.set(item, score * (0.5 + (0.5 * (matched.get(item) ?? 0)) / terms.length));
  return scores;
}

function topResults<T extends { readonly score: number }>(ranked: T[], limit: number, tieBreak: (a: T, b: T) => number): T[] {
  ranked.sort((a, b) => b.score - a.score || tieBreak(a, b));
  const best = ranked[0]?.score ?? 0;
  if (best <= 0) return [];
  return ranked.filter((item) => item.score >= best * RELATIVE_CUT).slice(0, limit);
}

function capPerSentence(sorted: RankedFact[]): RankedFact[] {
  const perSentence = new Map<string, number>();
  return sorted.filter((fact) => {
    const key = `${fact.passageIndex}\u0000${fact.text}`;
    const n = perSentence.get(key) ?? 0;
    perSentence.set(key, n + 1);
    return n < KEY_FACTS_PER_SENTENCE;
  });
}

/** The search indexes of one extraction, built on first use. */
interface RankIndex {
  readonly own: ScoredTerms;
  readonly context: ScoredTerms;
  readonly itemsByPassage: ReadonlyMap<number, readonly number[]>;
}

/**
 * Builds the ranking indexes now instead of on the first query. They are built once per extraction either
 * way; on a large corpus (the 94 MB pool) that takes seconds: see `prepareRankingSliced` to build them
 * without blocking the event loop.
 */
export function prepareRanking(extraction: Extraction): void {
  factIndexOf(extraction);
  quoteIndexOf(extraction);
}

const pending = new WeakMap<Extraction, Promise<void>>();

/**
 * Builds the ranking indexes in slices of about `sliceMs` that yield to the event loop in between (once per
 * extraction; later calls share the first). A query that comes meanwhile finishes the build itself, so awaiting
 * this first keeps a server responsive while the indexes of a large corpus are built.
 */
export function prepareRankingSliced(extraction: Extraction, sliceMs = 8): Promise<void> {
  let done = pending.get(extraction);
  if (!done) {
    done = (async () => {
      for (const [cache, build] of [[factIndexes, factIndexSteps], [quoteIndexes, quoteIndexSteps]] as const) {
        if (cache.has(extraction)) continue;
        const steps = build(extraction);
        const pause = slicer(sliceMs);
        for (;;) {
          // A query may have built the index synchronously meanwhile.
          if (cache.has(extraction)) break;
          const step = steps.next();
          if (step.done) {
            cache.set(extraction, step.value);
            break;
          }
          const waiting = pause();
          if (waiting) await waiting;
        }
      }
    })();
    pending.set(extraction, done);
  }
  return done;
}

const factIndexes = new WeakMap<Extraction, RankIndex>();
const quoteIndexes = new WeakMap<Extraction, RankIndex>();

function factIndexOf(extraction: Extraction): RankIndex {
  let index = factIndexes.get(extraction);
  if (!index) factIndexes.set(extraction, (index = finish(factIndexSteps(extraction))));
  return index;
}

function quoteIndexOf(extraction: Extraction): RankIndex {
  let index = quoteIndexes.get(extraction);
  if (!index) quoteIndexes.set(extraction, (index = finish(quoteIndexSteps(extraction))));
  return index;
}

function factIndexSteps(extraction: Extraction): Generator<void, RankIndex> {
  let lastText = '';
  let lastTerms: string[] = [];
  return buildIndexSteps(extraction, extraction.facts, (fact) => {
    if (fact.text !== lastText) {
      lastText = fact.text;
      lastTerms = termsOfText(fact.text);
    }
    return [
      { terms: termsOfText(fact.subject), weight: FACT_FIELDS.subject },
      { terms: termsOfText(`${fact.unit} ${KIND_WORDS[fact.kind]}`), weight: FACT_FIELDS.unit },
      { terms: termsOfText(fact.value), weight: FACT_FIELDS.value },
      // The figure's own year counts on top of the sentence's: "in 2012" picks 16.98 out of "from 16.98 … in 2012 to 31.4 … in 2021".
      { terms: fact.year === undefined ? [] : [String(fact.year)], weight: FACT_FIELDS.year },
      { terms: lastTerms, weight: FACT_FIELDS.sentence },
    ];
  });
}

function quoteIndexSteps(extraction: Extraction): Generator<void, RankIndex> {
  return buildIndexSteps(extraction, extraction.quotes, (quote) => [
    { terms: termsOfText(quote.text), weight: QUOTE_FIELDS.text },
    { terms: termsOfText(`${quote.speaker ?? ''} ${quote.role ?? ''}`), weight: QUOTE_FIELDS.speaker },
  ]);
}

/** Builds a ranking index, pausing after every item (a fact can hold a long sentence to tokenise; see prepareRankingSliced). */
function* buildIndexSteps<T extends { readonly passageIndex: number }>(
  extraction: Extraction, items: readonly T[], fields: (item: T) => { terms: readonly string[]; weight: number }[],
): Generator<void, RankIndex> {
  const own = new TermIndex();
  const context = new TermIndex();
  const sections = new Map<string, string[]>();
  const sectionTerms = (section: string | undefined) => {
    if (!section) return [];
    let terms = sections.get(section);
    if (!terms) sections.set(section, (terms = termsOfText(section)));
    return terms;
  };
  const itemsByPassage = new Map<number, number[]>();
  for (let i = 0; i < items.length; i++) {
    yield;
    const item = items[i]!;
    own.add(i, fields(item));
    let list = itemsByPassage.get(item.passageIndex);
    if (!list) {
      itemsByPassage.set(item.passageIndex, (list = []));
      const passage = extraction.passages[item.passageIndex];
      if (passage) {
        const text = extraction.passageTerms ? extraction.passageTerms(item.passageIndex) : termsOfText(passage.text);
        context.add(item.passageIndex, [{ terms: sectionTerms(passage.section), weight: 1 }, { terms: text, weight: 1 }]);
      }
    }
    list.push(i);
  }
  // Sealed into typed arrays: the indexes of a large corpus are served for as long as it is, at a third of the memory.
  return { own: yield* own.sealSteps(), context: yield* context.sealSteps(), itemsByPassage };
}

/** Distinct index terms of a topic, in order. */
function queryTerms(query: string): string[] {
  return [...new Set(termsOfText(query.slice(0, MAX_TOPIC_CHARS)))];
}

const everything = () => true;

function checkedScope(extraction: Extraction, doc: string | undefined): Outcome<{ has: (item: { readonly docId: string }) => boolean }> {
  if (doc === undefined || doc === '') return { ok: true, has: everything };
  if (typeof doc !== 'string') throw new TypeError('policybot: the doc option must be a document id (a string)');
  if (!extraction.documentIds.includes(doc)) {
    const folded = canonicalText(doc);
    const hints = extraction.documentIds.filter((id) => canonicalText(id).includes(folded) || folded.includes(canonicalText(id))).slice(0, 5);
    return failure('unknown_document', `There is no document “${shortened(doc)}” in the corpus.`, hints.length ? hints : extraction.documentIds.slice(0, 5));
  }
  return { ok: true, has: (item) => item.docId === doc };
}

function checkedLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`policybot: limit must be a positive integer, got ${String(limit)}`);
  return limit;
}

function checkedTopic(topic: string): string {
  if (typeof topic !== 'string') throw new TypeError('policybot: the topic must be a string (use "" for none)');
  return topic.trim();
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

function round(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}
