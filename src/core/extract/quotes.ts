/**
 * Quotes of one document: quotations with their speakers (named after the quote, "“…” Cao Xirui said", or
 * before it, "Cao Xirui said: “…”"), reported speech ("Wu Cangzhi … introduced that …"), and the short quoted
 * terms that are not quotations (“stuck neck”), for the glossary.
 */
import type { Passage, SentenceSpan } from '../types.ts';
import { SPEECH_VERBS } from './lexicon.ts';
import { parseSpeaker, SpeakerResolver, type ParsedSpeaker } from './speakers.ts';
import { findQuoteSpans, type QuoteSpan } from './spans.ts';
import type { Quote } from './types.ts';

/** A short quoted term as found in a passage. */
export interface TermOccurrence {
  readonly term: string;
  readonly docId: string;
  readonly paragraph: number;
  readonly passageIndex: number;
  readonly at: number;
}

export interface DocumentQuotes {
  readonly quotes: Quote[];
  readonly terms: TermOccurrence[];
}

/** A quotation of at least this many words is a quote even when no speaker is named. */
const QUOTE_MIN_WORDS = 8;
/** A quoted span of at most this many words, not attributed, is a term. */
const TERM_MAX_WORDS = 7;
const TERM_MAX_CHARS = 80;
/** How far after a quotation (or into a sentence) the reporting verb may stand. */
const ATTRIBUTION_REACH = 400;
/** Reported speech needs at least this many words after "that". */
const REPORTED_MIN_WORDS = 4;
/** Reported speech goes on for at most this many sentences after its own, and this many characters. */
const MAX_CONTINUED_SENTENCES = 3;
const MAX_REPORTED_CHARS = 1_500;

const VERBS = [...SPEECH_VERBS].sort((a, b) => b.length - a.length).map((v) => v.replace(/ /g, '[ \\u00a0]+')).join('|');
// ASCII patterns without the `u` flag: with `i` it makes V8 several times slower on long texts.
const SPEECH = new RegExp(`\\b(${VERBS})\\b`, 'gi');
const INVERTED = new RegExp(`(${VERBS})[ \\u00a0]+(?!that\\b)`, 'iy');
const VERB_BEFORE_QUOTE = new RegExp(`(?:^|[\\s,])(${VERBS})(?:[ \\u00a0]+(?:that|reporters|journalists|the reporter|this newspaper|the press|us|me|him|her|them))?[ \\u00a0]*[,:]?[ \\u00a0]*$`, 'i');
const ACCORDING_BEFORE_QUOTE = /(?:^|\s)According to ([^,“”"]{2,200}),[ \u00a0]*$/iu;
const ACCORDING_OPENING = /\W*According to ([^,“”"]{2,200}),[ \u00a0]+/iy;
const THAT_AFTER_VERB = /(?:[ \u00a0]+(?:reporters|journalists|the reporter|this newspaper|the press|us|me|him|her|them))?[ \u00a0]*,?[ \u00a0]+that[ \u00a0]+/iy;
const SKIP_AFTER_CLOSE = /[\s,—–-]{0,6}/y;
const WORD_GAP = /\s+/g;

/**
 * Quotes and quoted terms of one document's passages (in reading order). Speakers are resolved across the
 * passages: a later "the person in charge" or "he" is the speaker named before.
 */
export function extractQuotes(passages: readonly Passage[]): DocumentQuotes {
  const docId = passages[0]?.docId;
  if (passages.some((passage) => passage.docId !== docId)) {
    throw new Error('policybot: extractQuotes takes the passages of one document at a time');
  }
  const resolver = new SpeakerResolver();
  const quotes: Quote[] = [];
  const terms: TermOccurrence[] = [];
  for (const passage of passages) passageQuotes(passage, resolver, quotes, terms);
  return { quotes, terms };
}

interface Attribution {
  readonly speaker: ParsedSpeaker;
  readonly verb: string;
}

/** A reporting verb found in a passage. */
interface VerbAt {
  readonly index: number;
  readonly end: number;
  readonly verb: string;
}

function passageQuotes(passage: Passage, resolver: SpeakerResolver, quotes: Quote[], terms: TermOccurrence[]): void {
  const { text } = passage;
  const spans = findQuoteSpans(text);
  const verbs = speechVerbsOf(text);
  const sentences = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: text.length }];
  const base = { docId: passage.docId, paragraph: passage.paragraph, passageIndex: passage.index };
  const addTerm = (span: QuoteSpan) => {
    const term = termOf(text, span);
    if (term) terms.push({ ...base, term: term.text, at: term.at });
  };
  /** Top-level quotations: sentences starting inside them are quoted words, not reported speech. */
  const quotations: QuoteSpan[] = [];

  // Quotations and reported speech are taken in reading order so that speakers resolve in that order.
  let s = 0;
  const reportUpTo = (position: number) => {
    for (; s < sentences.length && sentences[s]!.start < position; s++) {
      const sentence = sentences[s]!;
      const lastQuotation = quotations[quotations.length - 1];
      if (lastQuotation && sentence.start > lastQuotation.open && sentence.start < lastQuotation.close) continue;
      const reported = reportedSpeech(text, sentences, s, spans, verbs, resolver);
      if (reported) quotes.push({ ...reported, ...base });
    }
  };

  for (const span of spans) {
    if (span.nested) {
      addTerm(span);
      continue;
    }
    reportUpTo(span.open);
    const inner = trimmedInner(text, span);
    if (!inner) continue;
    const words = wordCount(inner.text);
    const sentence = sentenceAt(sentences, span.open);
    const attribution = attributionOf(text, span, sentence, sentences, verbs, words);
    // A short quotation needs its own punctuation ("“We are ready,” he said"): a scare quote before a
    // sentence that happens to name a speaker stays a term.
    const isQuote = attribution
      ? words >= QUOTE_MIN_WORDS || /[.!?,…]$/.test(inner.text)
      : words >= QUOTE_MIN_WORDS && !span.single && /[.!?…]$/.test(inner.text);
    if (!isQuote) {
      if (words <= TERM_MAX_WORDS) addTerm(span);
      continue;
    }
    quotations.push(span);
    const speaker = attribution ? resolver.resolve(attribution.speaker) : undefined;
    quotes.push({
      text: inner.text,
      ...(speaker ? { speaker: speaker.name } : {}),
      ...(speaker?.role ? { role: speaker.role } : {}),
      ...(speaker && attribution ? { verb: attribution.verb } : {}),
      kind: 'direct',
      at: inner.at,
      ...base,
    });
  }
  reportUpTo(text.length + 1);
}

/** What attributes a quotation: a speaker and verb after it, else before it. */
function attributionOf(
  text: string, span: QuoteSpan, sentence: SentenceSpan, sentences: readonly SentenceSpan[], verbs: readonly VerbAt[], words: number,
): Attribution | undefined {
  const after = attributionAfter(text, span, sentences, verbs);
  if (after) return after;
  if (words < 3) return undefined;
  return attributionBefore(text, span, sentence);
}

function attributionAfter(text: string, span: QuoteSpan, sentences: readonly SentenceSpan[], verbs: readonly VerbAt[]): Attribution | undefined {
  SKIP_AFTER_CLOSE.lastIndex = span.close + 1;
  SKIP_AFTER_CLOSE.exec(text);
  const p = SKIP_AFTER_CLOSE.lastIndex;
  if (p >= text.length) return undefined;
  const limit = Math.min(sentenceAt(sentences, p).end, p + ATTRIBUTION_REACH);
  // Inverted: "…,” said Cao Xirui."
  INVERTED.lastIndex = p;
  const inverted = INVERTED.exec(text);
  if (inverted) {
    const phrase = text.slice(p + inverted[0].length, limit).replace(/[.!?…]+$/, '');
    const speaker = parseSpeaker(phrase.split(/[;:]/)[0]!, { afterVerb: true });
    if (speaker) return { speaker, verb: normaliseVerb(inverted[1]!) };
  }
  const verb = verbs[firstVerbFrom(verbs, p)];
  if (!verb || verb.index >= limit) return undefined;
  const phrase = text.slice(p, verb.index);
  if (/[“”"«»]/.test(phrase)) return undefined;
  const speaker = parseSpeaker(phrase);
  return speaker ? { speaker, verb: verb.verb } : undefined;
}

function attributionBefore(text: string, span: QuoteSpan, sentence: SentenceSpan): Attribution | undefined {
  const from = Math.max(sentence.start, span.open - ATTRIBUTION_REACH);
  if (from >= span.open) return undefined;
  const segment = text.slice(from, span.open);
  const according = ACCORDING_BEFORE_QUOTE.exec(segment);
  if (according) {
    const speaker = parseSpeaker(according[1]!);
    return speaker ? { speaker, verb: 'according to' } : undefined;
  }
  const verb = VERB_BEFORE_QUOTE.exec(segment);
  if (!verb) return undefined;
  const phrase = segment.slice(0, verb.index + (verb[0].length - verb[0].trimStart().length));
  if (/[“”"«»]/.test(phrase)) return undefined;
  const speaker = parseSpeaker(phrase);
  return speaker ? { speaker, verb: normaliseVerb(verb[1]!) } : undefined;
}

/**
 * "Wu Cangzhi, head of …, introduced that in order to …": the words after "that", as reported speech, with
 * the sentences after it that go on without a new speaker or quotation (news texts report a view over
 * several sentences: "Cao Xirui believes that …. At the same time, encourage them to …").
 */
function reportedSpeech(
  text: string, sentences: readonly SentenceSpan[], index: number, spans: readonly QuoteSpan[], verbs: readonly VerbAt[],
  resolver: SpeakerResolver,
): Omit<Quote, 'docId' | 'paragraph' | 'passageIndex'> | undefined {
  const sentence = sentences[index]!;
  let phrase: string;
  let verb: string;
  let contentStart: number;
  ACCORDING_OPENING.lastIndex = sentence.start;
  const according = ACCORDING_OPENING.exec(text);
  if (according && according.index + according[0].length < sentence.end) {
    phrase = according[1]!;
    verb = 'according to';
    contentStart = according.index + according[0].length;
  } else {
    const found = verbs[firstVerbFrom(verbs, sentence.start)];
    if (!found || found.index >= Math.min(sentence.end, sentence.start + ATTRIBUTION_REACH) || found.index === sentence.start) return undefined;
    THAT_AFTER_VERB.lastIndex = found.end;
    if (!THAT_AFTER_VERB.exec(text)) return undefined;
    phrase = text.slice(sentence.start, found.index);
    verb = found.verb;
    contentStart = THAT_AFTER_VERB.lastIndex;
  }
  if (/[“”"«»]/.test(phrase)) return undefined;
  if (wordCount(text.slice(contentStart, sentence.end)) < REPORTED_MIN_WORDS) return undefined;
  // A quotation inside the reported clause is a direct quote already.
  if (holdsQuotation(text, spans, contentStart, sentence.end)) return undefined;
  let end = sentence.end;
  for (let next = index + 1; next < sentences.length && next <= index + MAX_CONTINUED_SENTENCES; next++) {
    const following = sentences[next]!;
    if (following.end - contentStart > MAX_REPORTED_CHARS) break;
    const verbAt = verbs[firstVerbFrom(verbs, following.start)];
    if (verbAt && verbAt.index < following.end) break;
    if (holdsQuotation(text, spans, following.start, following.end) || insideQuotation(spans, following.start)) break;
    if (opensWithNewSpeaker(text, following)) break;
    end = following.end;
  }
  const content = text.slice(contentStart, end).trimEnd();
  const parsed = parseSpeaker(phrase);
  if (!parsed) return undefined;
  const speaker = resolver.resolve(parsed);
  if (!speaker) return undefined;
  return {
    text: content,
    speaker: speaker.name,
    ...(speaker.role ? { role: speaker.role } : {}),
    verb,
    kind: 'reported',
    at: contentStart,
  };
}

function normaliseVerb(verb: string): string {
  return verb.toLowerCase().replace(/\s+/g, ' ');
}

function trimmedInner(text: string, span: QuoteSpan): { text: string; at: number } | undefined {
  let start = span.open + 1;
  let end = span.close;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { text: text.slice(start, end), at: start } : undefined;
}

/** A quoted span as a glossary term: short, with a letter, without a closing comma or stop. */
function termOf(text: string, span: QuoteSpan): { text: string; at: number } | undefined {
  const inner = trimmedInner(text, span);
  if (!inner || inner.text.length > TERM_MAX_CHARS) return undefined;
  const term = inner.text.replace(/[\s,.;:]+$/, '');
  if (!/\p{L}/u.test(term) || /[.!?]\s/.test(term) || wordCount(term) > TERM_MAX_WORDS) return undefined;
  return { text: term, at: inner.at };
}

function wordCount(text: string): number {
  const trimmed = text.trim();
  if (!trimmed) return 0;
  WORD_GAP.lastIndex = 0;
  let count = 1;
  while (WORD_GAP.exec(trimmed)) count++;
  return count;
}

/** Words near a sentence's start that say someone else now speaks ("A few participants raised …", "Most were …"). */
const NEW_SPEAKER_WORDS = new Set([
  'participants', 'participant', 'members', 'member', 'officials', 'official', 'staff', 'committee', 'spokesperson',
  'spokesman', 'spokeswoman', 'minister', 'president', 'chairman', 'chair', 'governor', 'director', 'manager',
  'experts', 'expert', 'analysts', 'economists', 'respondents', 'he', 'she', 'they', 'we', 'i', 'most', 'many',
  'several', 'few', 'others', 'some',
]);
const OPENING_WORDS = /[A-Za-z]+/g;
const NEW_SPEAKER_REACH = 15;

function opensWithNewSpeaker(text: string, sentence: SentenceSpan): boolean {
  OPENING_WORDS.lastIndex = sentence.start;
  let n = 0;
  for (let match = OPENING_WORDS.exec(text); match && match.index < sentence.end && n < NEW_SPEAKER_REACH; match = OPENING_WORDS.exec(text), n++) {
    if (NEW_SPEAKER_WORDS.has(match[0].toLowerCase())) return true;
  }
  return false;
}

/** Does a sentence starting at `position` start inside a quotation that opened before it? */
function insideQuotation(spans: readonly QuoteSpan[], position: number): boolean {
  const last = firstSpanFrom(spans, position) - 1;
  for (let i = last; i >= 0 && i > last - 4; i--) {
    const span = spans[i]!;
    if (!span.nested && !span.single && span.close > position) return true;
  }
  return false;
}

/** Does a quotation (not a short term) open between `from` and `to`? */
function holdsQuotation(text: string, spans: readonly QuoteSpan[], from: number, to: number): boolean {
  for (let i = firstSpanFrom(spans, from); i < spans.length && spans[i]!.open < to; i++) {
    const span = spans[i]!;
    if (!span.nested && (span.close > to || wordCount(text.slice(span.open + 1, span.close)) >= QUOTE_MIN_WORDS)) return true;
  }
  return false;
}

/** The reporting verbs of a passage, in one scan. */
function speechVerbsOf(text: string): VerbAt[] {
  const verbs: VerbAt[] = [];
  SPEECH.lastIndex = 0;
  for (let match = SPEECH.exec(text); match; match = SPEECH.exec(text)) {
    verbs.push({ index: match.index, end: match.index + match[0].length, verb: normaliseVerb(match[1]!) });
  }
  return verbs;
}

/** Index of the first verb at or after `position`. */
function firstVerbFrom(verbs: readonly VerbAt[], position: number): number {
  let low = 0;
  let high = verbs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (verbs[mid]!.index < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first span opening at or after `position` (spans are ordered by opening). */
function firstSpanFrom(spans: readonly QuoteSpan[], position: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid]!.open < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

function sentenceAt(sentences: readonly SentenceSpan[], position: number): SentenceSpan {
  let low = 0;
  let high = sentences.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (sentences[mid]!.start <= position) low = mid;
    else high = mid - 1;
  }
  const found = sentences[low]!;
  // Between sentences (white space): the next sentence when there is one.
  if (position >= found.end && low + 1 < sentences.length) return sentences[low + 1]!;
  return found;
}
