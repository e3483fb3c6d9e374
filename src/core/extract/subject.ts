/**
 * What a figure measures, as a short phrase of its sentence's own words: the clause's subject ("added value
 * of the manufacturing industry"), the counted noun phrase ("subcategories of the manufacturing industry"),
 * or the noun an attributive figure modifies ("hydrogen metallurgy demonstration project").
 */
import { PHRASE_STOPS, SUBJECT_VERBS } from './lexicon.ts';
import type { FactKind } from './types.ts';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.%-]*/gu;
const CLAUSE_BREAK = /[,;:]\s|\s[—–]\s|——|\(|\)/g;
const MAX_SUBJECT_WORDS = 10;
const MAX_COMPLEMENT_WORDS = 6;
/** Words a subject does not start with. */
const LEADING_NOISE = new Set([
  'the', 'a', 'an', 'and', 'but', 'or', 'while', 'whereas', 'which', 'that', 'this', 'these', 'those', 'its',
  'their', 'of', 'so', 'then', 'also', 'thus', 'meanwhile', 'moreover', 'furthermore', 'however', 'as', 'with',
]);
/** Words a phrase does not end with. */
const TRAILING_NOISE = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'in', 'to', 'for', 'with', 'by', 'on', 'at', 'from', 'as', 'than', 'that',
  'which', 'its', 'their', 'this', 'these', 'those', 'our', 'my', 'your', 'his', 'her',
]);
const PREPOSITIONS = new Set([
  'in', 'on', 'at', 'by', 'for', 'from', 'to', 'with', 'during', 'after', 'before', 'since', 'thanks', 'according',
  'under', 'over', 'among', 'between', 'through', 'within', 'without', 'despite', 'compared', 'as', 'judging', 'based',
]);
const COMPLEMENT_START = /^[ \u00a0]+(of|less|more|fewer|higher|lower)[ \u00a0]/i;

interface Word {
  readonly start: number;
  readonly end: number;
  readonly lower: string;
}

export interface SubjectInput {
  readonly sentence: string;
  /** The figure's value span in `sentence`. */
  readonly start: number;
  readonly end: number;
  readonly kind: FactKind;
  /** For counts: where the counted noun phrase starts in `sentence`. */
  readonly phraseStart?: number;
  readonly attributive: boolean;
}

/** The subject phrase of one figure; may be '' when the sentence gives nothing usable. */
export function subjectOf(input: SubjectInput): string {
  const { sentence, start, end, kind } = input;
  if (input.attributive) {
    const modified = phraseAfter(sentence, end, true);
    if (modified) return modified;
  }
  if (kind === 'count' && input.phraseStart !== undefined) {
    const counted = sentence.slice(input.phraseStart, end).replace(/^[\s-]+/, '');
    const complement = complementAfter(sentence, end, ['of', 'for', 'in', 'on', 'at', 'from', 'under', 'with']);
    return complement ? `${counted} ${complement}` : counted;
  }
  const subject = clauseSubject(sentence, start);
  const complement = kind === 'percent' || kind === 'fraction' || kind === 'multiplier' || kind === 'measure'
    ? complementAfter(sentence, end, ['of', 'less', 'more', 'fewer', 'higher', 'lower'])
    : undefined;
  if (subject && complement) return `${subject}, ${complement}`;
  return subject || complement?.replace(/^of\s+/i, '') || nearbyWords(sentence, start);
}

/** "of the manufacturing industry", "less carbon dioxide": the phrase right after the figure. */
function complementAfter(sentence: string, end: number, starts: readonly string[]): string | undefined {
  const head = COMPLEMENT_START.exec(sentence.slice(end, end + 12));
  if (!head || !starts.includes(head[1]!.toLowerCase())) return undefined;
  const words = wordsBetween(sentence, end, Math.min(sentence.length, end + 200));
  const kept: Word[] = [];
  for (const word of words) {
    if (kept.length > 0 && (SUBJECT_VERBS.has(word.lower) || /^\d/.test(word.lower) || breakBetween(sentence, kept[kept.length - 1]!.end, word.start))) break;
    if (kept.length > 0 && (word.lower === 'than' || word.lower === 'from' || word.lower === 'to' || word.lower === 'and' && kept.length > 2)) break;
    if (kept.length > 0 && isParticiple(word.lower)) break;
    kept.push(word);
    if (kept.length >= MAX_COMPLEMENT_WORDS) break;
  }
  return trimmed(sentence, kept, 2, false);
}

/** The noun phrase after an attributive figure: "1.2 million-ton [hydrogen metallurgy demonstration project]". */
function phraseAfter(sentence: string, end: number, stopAtParticiple: boolean): string | undefined {
  const words = wordsBetween(sentence, end, Math.min(sentence.length, end + 200));
  const kept: Word[] = [];
  for (const word of words) {
    if (kept.length > 0 && breakBetween(sentence, kept[kept.length - 1]!.end, word.start)) break;
    if (kept.length === 0 && breakBetween(sentence, end, word.start)) break;
    if (PHRASE_STOPS.has(word.lower) || SUBJECT_VERBS.has(word.lower)) break;
    if (stopAtParticiple && kept.length > 0 && isParticiple(word.lower)) break;
    kept.push(word);
    if (kept.length >= MAX_COMPLEMENT_WORDS) break;
  }
  return trimmed(sentence, kept, 1);
}

/**
 * The subject of the clause the figure stands in: the words before the clause's first verb. A clause without
 * its own subject (a participle, a prepositional phrase) takes the subject of an earlier clause.
 */
function clauseSubject(sentence: string, valueStart: number): string | undefined {
  const clauses = clauseStarts(sentence, valueStart);
  for (let c = clauses.length - 1; c >= 0; c--) {
    const from = clauses[c]!;
    const to = c === clauses.length - 1 ? valueStart : clauses[c + 1]!;
    const words = wordsBetween(sentence, from, to);
    const lead = words.findIndex((word) => !LEADING_NOISE.has(word.lower));
    if (lead < 0) continue;
    const first = words[lead]!;
    if (PREPOSITIONS.has(first.lower) || isParticiple(first.lower) && lead === 0) continue;
    const verb = words.findIndex((word, i) => i > lead && SUBJECT_VERBS.has(word.lower));
    if (verb > lead) return trimmed(sentence, words.slice(lead, verb), 1);
    // The figure is the clause's verb or object with no verb before it ("the market share more than doubled").
    if (verb < 0 && c === clauses.length - 1 && words.length - lead <= MAX_SUBJECT_WORDS) {
      return trimmed(sentence, words.slice(lead), 1);
    }
  }
  return undefined;
}

/** Starts of the clauses of `sentence` up to `limit`, first at 0. */
function clauseStarts(sentence: string, limit: number): number[] {
  const starts = [0];
  CLAUSE_BREAK.lastIndex = 0;
  for (let match = CLAUSE_BREAK.exec(sentence); match && match.index < limit; match = CLAUSE_BREAK.exec(sentence)) {
    const next = match.index + match[0].length;
    if (next <= limit) starts.push(next);
  }
  return starts;
}

/** Last resort: a few content words just before the figure. */
function nearbyWords(sentence: string, start: number): string {
  const words = wordsBetween(sentence, Math.max(0, start - 80), start).filter((w) => !PHRASE_STOPS.has(w.lower) && !/^\d/.test(w.lower));
  return words.slice(-4).map((w) => sentence.slice(w.start, w.end)).join(' ');
}

function wordsBetween(sentence: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = from;
  for (let match = WORD.exec(sentence); match && match.index < to; match = WORD.exec(sentence)) {
    const end = Math.min(to, match.index + match[0].length);
    const surface = sentence.slice(match.index, end).replace(/[.'’-]+$/, '');
    words.push({ start: match.index, end: match.index + surface.length, lower: surface.toLowerCase() });
  }
  return words;
}

function breakBetween(sentence: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = sentence[i];
    if (ch === ',' || ch === ';' || ch === ':' || ch === '(' || ch === ')' || ch === '.' || ch === '—' || ch === '–' || ch === '"' || ch === '“' || ch === '”') return true;
  }
  return false;
}

function isParticiple(lower: string): boolean {
  return lower.length > 5 && (lower.endsWith('ing') || lower.endsWith('ed')) && !PARTICIPLE_EXCEPTIONS.has(lower);
}
const PARTICIPLE_EXCEPTIONS = new Set(['including', 'during', 'according', 'building', 'housing', 'funding', 'financing', 'spending', 'lending', 'banking', 'manufacturing', 'training', 'processing', 'advanced', 'developed', 'integrated', 'industrialized', 'specialized', 'added', 'red', 'shipping', 'listed', 'registered', 'mixed', 'combined', 'consolidated', 'weighted', 'seasonally', 'unemployed', 'employed', 'insured', 'licensed', 'authorised', 'authorized', 'qualified', 'skilled', 'printed', 'detailed', 'limited', 'related', 'based', 'owned']);

/** The words' text, without leading determiners or trailing function words; undefined when none are left. */
function trimmed(sentence: string, words: readonly Word[], minWords: number, trimLeading = true): string | undefined {
  let first = 0;
  let last = Math.min(words.length, MAX_SUBJECT_WORDS) - 1;
  while (trimLeading && first <= last && LEADING_NOISE.has(words[first]!.lower)) first++;
  while (last >= first && TRAILING_NOISE.has(words[last]!.lower)) last--;
  if (last - first + 1 < minWords) return undefined;
  return sentence.slice(words[first]!.start, words[last]!.end);
}
