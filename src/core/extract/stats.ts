/**
 * Facts from one passage: each figure with its sentence, year, subject, and the change computed for
 * paired figures.
 */
import type { DocumentInfo, Passage, SentenceSpan } from '../types.ts';
import { changeBetween, pairFigures, type PairableFigure } from './change.ts';
import { findMentions, type Mention } from './mentions.ts';
import { clauseStartsOf, subjectOf } from './subject.ts';
import type { Change, Fact } from './types.ts';
import { sentenceTimes, whenOf } from './when.ts';

/**
 * Sentences longer than this are cut at white space before extraction, so that per-figure work on the
 * sentence stays bounded whatever a caller passes in (the loader already bounds sentences to 700 chars).
 */
const MAX_SENTENCE_CHARS = 1_000;
/** Count figures joined by these share the phrase that ends the list ("31 major categories, … and 609 subcategories of the manufacturing industry"). */
const LIST_JOIN = /^[ \u00a0]*(?:,|,?[ \u00a0]+and|,?[ \u00a0]+or)[ \u00a0]+$/;

/** The facts of one passage, in text order. `document` gives the year that "this year" means. */
export function extractFacts(passage: Passage, document?: Pick<DocumentInfo, 'date'>): Fact[] {
  const mentions = findMentions(passage.text);
  if (mentions.length === 0) return [];
  const documentYear = document?.date ? Number(document.date.slice(0, 4)) : undefined;
  const sentences = boundedSentences(passage);
  const facts: Fact[] = [];
  let m = 0;
  for (const span of sentences) {
    const inSentence: Mention[] = [];
    while (m < mentions.length && mentions[m]!.start < span.end) {
      const mention = mentions[m++]!;
      if (mention.start >= span.start && mention.end <= span.end) inSentence.push(mention);
    }
    if (inSentence.length > 0) facts.push(...sentenceFacts(passage, span, inSentence, documentYear));
    if (m >= mentions.length) break;
  }
  return facts;
}

interface Draft extends PairableFigure {
  readonly mention: Mention;
  /** For counts: the counted noun phrase as written ("major categories"). */
  readonly counted?: string;
  subject: string;
  readonly period?: string;
  readonly baseYear?: number;
  change?: Change;
}

function sentenceFacts(passage: Passage, span: SentenceSpan, mentions: readonly Mention[], documentYear?: number): Fact[] {
  const sentence = passage.text.slice(span.start, span.end);
  const times = sentenceTimes(sentence);
  const clauses = clauseStartsOf(sentence);
  const drafts: Draft[] = mentions.map((mention) => {
    const start = mention.start - span.start;
    const end = mention.end - span.start;
    const phraseStart = mention.phraseStart === undefined ? undefined : mention.phraseStart - span.start;
    const when = whenOf(times, start, end, documentYear);
    const subject = subjectOf({
      sentence,
      clauses,
      start,
      end,
      kind: mention.kind,
      attributive: mention.attributive,
      ...(phraseStart === undefined ? {} : { phraseStart }),
    });
    return {
      mention,
      start,
      end,
      value: sentence.slice(start, end),
      number: mention.number,
      unit: mention.unit,
      kind: mention.kind,
      ...(mention.high === undefined ? {} : { high: mention.high }),
      ...(when.year === undefined ? {} : { year: when.year }),
      ...(when.period === undefined ? {} : { period: when.period }),
      ...(when.baseYear === undefined ? {} : { baseYear: when.baseYear }),
      ...(phraseStart === undefined ? {} : { counted: sentence.slice(phraseStart, end).trim() }),
      subject,
    };
  });
  shareListComplements(sentence, drafts);
  for (const [from, to] of pairFigures(sentence, drafts)) {
    const a = drafts[from]!;
    const b = drafts[to]!;
    b.change = changeBetween(a, b);
    // The earlier figure of a pair often stands without its "of …" phrase ("… from 22.5%").
    if (b.subject.startsWith(a.subject) && b.subject.length > a.subject.length) a.subject = b.subject;
  }
  return drafts.map((draft) => toFact(passage, sentence, draft));
}

/** "31 major categories, 179 medium categories and 609 subcategories of the manufacturing industry". */
function shareListComplements(sentence: string, drafts: Draft[]): void {
  for (let i = drafts.length - 2; i >= 0; i--) {
    const here = drafts[i]!;
    const next = drafts[i + 1]!;
    if (here.counted === undefined || next.counted === undefined) continue;
    if (!LIST_JOIN.test(sentence.slice(here.end, next.start))) continue;
    const complement = next.subject.startsWith(next.counted) ? next.subject.slice(next.counted.length) : '';
    if (complement && here.subject === here.counted) here.subject = `${here.counted}${complement}`;
  }
}

function toFact(passage: Passage, sentence: string, draft: Draft): Fact {
  const { mention } = draft;
  return {
    value: draft.value,
    number: mention.number,
    ...(mention.low === undefined ? {} : { low: mention.low, high: mention.high! }),
    unit: mention.unit,
    kind: mention.kind,
    ...(mention.qualifier === undefined ? {} : { qualifier: mention.qualifier }),
    ...(draft.year === undefined ? {} : { year: draft.year }),
    ...(draft.period === undefined ? {} : { period: draft.period }),
    ...(draft.baseYear === undefined ? {} : { baseYear: draft.baseYear }),
    subject: draft.subject,
    ...(draft.change === undefined ? {} : { change: draft.change }),
    text: sentence,
    at: draft.start,
    docId: passage.docId,
    paragraph: passage.paragraph,
    passageIndex: passage.index,
  };
}

/** The passage's sentences, none longer than MAX_SENTENCE_CHARS; the whole text when it has none. */
function boundedSentences(passage: Passage): SentenceSpan[] {
  const spans = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
  const bounded: SentenceSpan[] = [];
  for (const span of spans) {
    let start = span.start;
    while (span.end - start > MAX_SENTENCE_CHARS) {
      let cut = passage.text.lastIndexOf(' ', start + MAX_SENTENCE_CHARS);
      if (cut <= start + MAX_SENTENCE_CHARS / 2) cut = start + MAX_SENTENCE_CHARS;
      bounded.push({ start, end: cut });
      start = cut;
      while (start < span.end && passage.text[start] === ' ') start++;
    }
    if (start < span.end) bounded.push({ start, end: span.end });
  }
  return bounded;
}
