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
const TRAILING_MARKS = ".'’-";
/** How far before its figure a subject is looked for, in characters. */
const SUBJECT_REACH = 300;
const MAX_COMPLEMENT_WORDS = 6;
/** Words a subject does not start with. */
const LEADING_NOISE = new Set([
  'the', 'a', 'an', 'and', 'but', 'or', 'while', 'whereas', 'which', 'that', 'this', 'these', 'those', 'its',
  'their', 'of', 'so', 'then', 'also', 'thus', 'meanwhile', 'moreover', 'furthermore', 'however', 'as', 'with',
]);
/** Words a phrase does not end with. */
const TRAILING_NOISE = new Set([
  'the', 'a', 'an', 'of', 'and', 'or', 'in', 'to', 'for', 'with', 'by', 'on', 'at', 'from', 'as', 'than', 'that',
  'which', 'its', 'their', 'this', 'these', 'those', 'our', 'my', 'your', 'his', 'her', 'next', 'last', 'past',
  'first', 'such', 'same', 'every', 'least', 'most', 'over', 'under', 'about', 'around', 'nearly', 'almost',
  'some', 'all', 'only', 'just', 'another', 'final', 'more', 'less', 'is', 'are', 'was', 'were', 'be',
]);
const PREPOSITIONS = new Set([
  'in', 'on', 'at', 'by', 'for', 'from', 'to', 'with', 'during', 'after', 'before', 'since', 'thanks', 'according',
  'under', 'over', 'among', 'between', 'through', 'within', 'without', 'despite', 'compared', 'as', 'judging', 'based',
]);
const COMPLEMENTIZERS = new Set(['that', 'which', 'whether', 'who', 'whom', 'where', 'when', 'if']);
const PRONOUNS = new Set(['it', 'he', 'she', 'they', 'we', 'you', 'i', 'there', 'this', 'that', 'these', 'those', 'one', 'someone', 'everyone', 'anyone']);
const COMPLEMENT_START = /^[ \u00a0]+([a-z]+)[ \u00a0]/i;

interface Word {
  readonly start: number;
  readonly end: number;
  readonly lower: string;
}

export interface SubjectInput {
  readonly sentence: string;
  /** Where the sentence's clauses start (`clauseStartsOf`), computed once for all its figures. */
  readonly clauses: readonly number[];
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
  const subject = clauseSubject(sentence, input.clauses, start);
  const complement = kind === 'percent' || kind === 'fraction' || kind === 'multiplier' || kind === 'measure'
    ? complementAfter(sentence, end, ['of', 'less', 'more', 'fewer', 'higher', 'lower'])
    : undefined;
  if (subject && complement) return `${subject}, ${complement}`;
  return subject || complement?.replace(/^of\s+/i, '') || nearbyWords(sentence, input.clauses, start);
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
function clauseSubject(sentence: string, allClauses: readonly number[], valueStart: number): string | undefined {
  const clauses = clausesBefore(allClauses, valueStart);
  for (let c = clauses.length - 1; c >= 0; c--) {
    const to = c === clauses.length - 1 ? valueStart : clauses[c + 1]!;
    // Subjects stand near their figure: a window keeps the work per figure bounded in run-on sentences.
    const from = Math.max(clauses[c]!, valueStart - SUBJECT_REACH);
    if (from >= to) break;
    const words = wordsBetween(sentence, from, to);
    // "members agreed that [the decrease in the rate] should …": the subject follows the last complementizer.
    let lead = 0;
    const verbAt = words.findIndex((word) => SUBJECT_VERBS.has(word.lower));
    const scanTo = verbAt < 0 ? words.length : verbAt;
    for (let i = 0; i < scanTo; i++) if (COMPLEMENTIZERS.has(words[i]!.lower)) lead = i + 1;
    while (lead < words.length && LEADING_NOISE.has(words[lead]!.lower)) lead++;
    if (lead >= words.length) continue;
    const first = words[lead]!;
    if (PREPOSITIONS.has(first.lower) || PRONOUNS.has(first.lower) || SUBJECT_VERBS.has(first.lower) || /^\d/.test(first.lower)) continue;
    if (isParticiple(first.lower) && lead === 0) continue;
    const verb = words.findIndex((word, i) => i > lead && SUBJECT_VERBS.has(word.lower));
    const end = verb > lead ? verb : words.length;
    // A subject stops before another figure ("foreign currency exceeding [$150 million]").
    const numeric = words.findIndex((word, i) => i > lead && i < end && /^\d/.test(word.lower));
    const stop = numeric > lead ? numeric : end;
    if (verb > lead) return trimmed(sentence, words.slice(lead, stop), 1);
    // The figure is the clause's verb or object with no verb before it ("the market share more than doubled").
    if (verb < 0 && c === clauses.length - 1 && stop - lead <= MAX_SUBJECT_WORDS) {
      return trimmed(sentence, words.slice(lead, stop), 1);
    }
  }
  return undefined;
}

/** Where the clauses of `sentence` start, the first at 0. */
export function clauseStartsOf(sentence: string): number[] {
  const starts = [0];
  CLAUSE_BREAK.lastIndex = 0;
  for (let match = CLAUSE_BREAK.exec(sentence); match; match = CLAUSE_BREAK.exec(sentence)) starts.push(match.index + match[0].length);
  return starts;
}

/** The clause starts at or before `limit`. */
function clausesBefore(clauses: readonly number[], limit: number): readonly number[] {
  let n = 0;
  while (n < clauses.length && clauses[n]! <= limit) n++;
  return n === clauses.length ? clauses : clauses.slice(0, n);
}

/** Last resort: the few words just before the figure in its clause, as written. */
function nearbyWords(sentence: string, allClauses: readonly number[], start: number): string {
  const clauses = clausesBefore(allClauses, start);
  const words = wordsBetween(sentence, Math.max(clauses[clauses.length - 1]!, start - 80), start).filter((w) => !/^\d/.test(w.lower));
  let first = Math.max(0, words.length - 5);
  while (first < words.length && (PHRASE_STOPS.has(words[first]!.lower) || LEADING_NOISE.has(words[first]!.lower))) first++;
  return trimmed(sentence, words.slice(first), 1) ?? '';
}

function wordsBetween(sentence: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = from;
  for (let match = WORD.exec(sentence); match && match.index < to; match = WORD.exec(sentence)) {
    let end = Math.min(to, match.index + match[0].length);
    // Trailing dots, apostrophes and hyphens are punctuation, not part of the word.
    while (end > match.index + 1 && TRAILING_MARKS.includes(sentence[end - 1]!)) end--;
    words.push({ start: match.index, end, lower: sentence.slice(match.index, end).toLowerCase() });
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
  while (last >= first && (TRAILING_NOISE.has(words[last]!.lower) || isParticiple(words[last]!.lower))) last--;
  if (last - first + 1 < minWords) return undefined;
  return sentence.slice(words[first]!.start, words[last]!.end);
}
