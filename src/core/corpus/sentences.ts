import { STOP_WORDS } from '../text/terms.ts';
import type { SentenceSpan } from '../types.ts';

/**
 * Abbreviations after which a period does not end a sentence (lower-case, without the final period).
 * Multi-period forms (`u.s`, `e.g`) are matched on the whole dotted word before the period.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep',
  'pres', 'rev', 'hon', 'no', 'nos', 'vol', 'vols', 'art', 'arts', 'sec', 'secs', 'para', 'paras', 'ch', 'chap',
  'fig', 'figs', 'p', 'pp', 'cf', 'vs', 'v', 'etc', 'approx', 'est', 'inc', 'ltd', 'co', 'corp', 'bros', 'dept',
  'univ', 'assn', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e',
  'u.s', 'u.k', 'u.n', 'e.u', 'u.s.a', 'p.r.c', 'a.m', 'p.m', 'ph.d', 'viz', 'al', 'ibid', 'op', 'reg', 'regs',
  'cl', 'subs', 'sch', 'r', 'nr',
]);

/** Abbreviations that always continue the sentence, whatever comes next (`e.g. Apple`, `No. 5`). */
const ALWAYS_CONTINUES = new Set(['e.g', 'i.e', 'cf', 'vs', 'v', 'viz', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'no', 'nos', 'art', 'sec', 'para', 'fig', 'pp', 'p', 'approx', 'gen', 'gov', 'sen', 'rep', 'hon', 'rev', 'capt', 'col', 'lt', 'sgt', 'mt', 'nr', 'reg', 'cl', 'sch', 'ch', 'vol']);

const CLOSING_ABBREVIATIONS = new Set(['etc', 'inc', 'ltd', 'corp', 'co', 'bros']);

const CLOSERS = '"\'”’»)]}';
const OPENERS = '"\'“‘«([{';

/**
 * Splits a passage into sentences, returned as offsets. A sentence ends at `.`, `!`, `?` or `…` (with any
 * closing quotes and brackets that follow, so a closing ” stays with its sentence) when white space and then
 * the start of a new sentence follow. Decimals (31.4), abbreviations (Mr., U.S., No. 5, e.g.) and initials
 * do not end sentences. Runs in one pass: linear in the text's length.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = skipSpace(text, 0);
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '.' || ch === '!' || ch === '?' || ch === '…') {
      let end = i + 1;
      while (end < text.length && (text[end] === '.' || text[end] === '!' || text[end] === '?' || text[end] === '…')) end++;
      while (end < text.length && CLOSERS.includes(text[end]!)) end++;
      const next = skipSpace(text, end);
      if (next > end && next < text.length && isBoundary(text, start, i, ch, next)) {
        spans.push(trimSpan(text, start, end));
        start = next;
        i = next;
        continue;
      }
      i = end;
      continue;
    }
    i++;
  }
  if (start < text.length) {
    const last = trimSpan(text, start, text.length);
    if (last.end > last.start) spans.push(last);
  }
  return repairFragments(text, spans.filter((span) => span.end > span.start));
}

/** The longest a sentence cut off from the one before it can be, in words. */
const FRAGMENT_WORDS = 6;
const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’%.,-]*/gu;

/**
 * Sentences cut short by a bad translation or split are joined to the sentence they belong to: "… has increased for
 * 12 consecutive years. Year ranked first in the world." is one sentence. A fragment is short (at most
 * `FRAGMENT_WORDS` words), starts with a bare word (not a name, pronoun, determiner or other stop word: "Year",
 * not "It" or "The"), and follows a sentence that ends on a figure (a number among its last four words).
 */
function repairFragments(text: string, spans: SentenceSpan[]): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  for (const span of spans) {
    const previous = out[out.length - 1];
    if (previous && isFragment(text.slice(span.start, span.end)) && endsOnFigure(text.slice(previous.start, previous.end))) {
      out[out.length - 1] = { start: previous.start, end: span.end };
    } else out.push(span);
  }
  return out;
}

/** A fragment of `FRAGMENT_WORDS` words is short: a longer sentence is not read word by word. */
const FRAGMENT_CHARS = 120;

function isFragment(sentence: string): boolean {
  if (sentence.length > FRAGMENT_CHARS) return false;
  const words = sentence.match(WORDS) ?? [];
  if (words.length === 0 || words.length > FRAGMENT_WORDS) return false;
  const [first, second] = words;
  if (!/^\p{Lu}\p{Ll}+$/u.test(first!) || STOP_WORDS.has(first!.toLowerCase())) return false;
  // "Year ranked first", not "John Smith agreed": a bare word followed by a lower-case one.
  return second === undefined || /^\p{Ll}/u.test(second);
}

function endsOnFigure(sentence: string): boolean {
  // Its last four words lie in its last 80 characters, but for very long words.
  return (sentence.slice(-80).match(WORDS) ?? []).slice(-4).some((word) => /\d/.test(word));
}

function isBoundary(text: string, sentenceStart: number, mark: number, ch: string, next: number): boolean {
  const following = text[next]!;
  if (!startsSentence(text, next)) return false;
  if (ch !== '.') return true;
  const word = wordBefore(text, mark, sentenceStart).toLowerCase();
  if (word === '') return true;
  if (ALWAYS_CONTINUES.has(word)) return false;
  // An initial: a single capital letter (`J. Smith`), but not a sentence-final pronoun `I`.
  if (/^[A-Z]$/.test(wordBefore(text, mark, sentenceStart)) && word !== 'i') return false;
  // Company suffixes and `etc.` often close a sentence; other abbreviations (`U.S.`, `Jan.`) rarely do.
  if (ABBREVIATIONS.has(word)) return CLOSING_ABBREVIATIONS.has(word) && !/[0-9]/.test(following);
  return true;
}

/** A new sentence starts with a capital letter, a digit, an opening quote or bracket, a dash or a bullet. */
function startsSentence(text: string, at: number): boolean {
  const c = text[at]!;
  if (/[\p{Lu}\p{Lt}\p{N}]/u.test(c)) return true;
  if (OPENERS.includes(c) || c === '—' || c === '–' || c === '-' || c === '•' || c === '*') return true;
  // Scripts without case (Chinese, Arabic …) start sentences with any letter.
  return /\p{L}/u.test(c) && !/[\p{Ll}]/u.test(c);
}

/** The dotted word that ends just before `mark` (`U.S` in `U.S.`, `Mr` in `Mr.`). */
function wordBefore(text: string, mark: number, floor: number): string {
  let j = mark;
  while (j > floor && /[\p{L}.]/u.test(text[j - 1]!)) j--;
  return text.slice(j, mark).replace(/^\.+/, '');
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function trimSpan(text: string, start: number, end: number): SentenceSpan {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return { start: s, end: e };
}
