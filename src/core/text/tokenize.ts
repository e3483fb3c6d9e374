import { foldForMatching } from './fold.ts';
import { STOP_WORDS, stem } from './terms.ts';

/** A word as found in the text: its folded form and where it stands in the original string. */
export interface Token {
  /** Folded surface form, e.g. `low-carbon`, `24.7%`, `16.98`. */
  readonly form: string;
  readonly start: number;
  readonly end: number;
}

/*
 * A token is a number (with decimals, thousands separators and an optional %), or a run of letters and
 * digits joined by hyphens or inner apostrophes, or letters joined by `&` (`R&D`, `M&A`). Everything else separates tokens.
 */
const TOKEN = /(?:\d+(?:[.,]\d+)*(?:%|\p{L}+)?|[\p{L}\p{N}]+)(?:['-][\p{L}\p{N}]+|&\p{L}+)*/gu;

/** Splits text into tokens with their offsets, folding case, quotes and dashes. */
export function tokenize(text: string): Token[] {
  const folded = foldForMatching(text);
  const tokens: Token[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    tokens.push({ form: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Token forms only, for indexing (MiniSearch's `tokenize` option). */
export function tokenizeForms(text: string): string[] {
  return tokenize(text).map((token) => token.form);
}

/**
 * The index terms of one token: stop words give none; a hyphenated word gives itself and each half;
 * a percentage also gives its bare number; words are Porter-stemmed; possessive 's is dropped.
 */
export function termsOf(form: string): string[] {
  if (form.includes('-')) {
    const parts = form.split('-').filter(Boolean);
    const halves = parts.flatMap(termOfPart);
    return parts.length > 1 ? [parts.map(stemPart).join('-'), ...halves] : halves;
  }
  return termOfPart(form);
}

function termOfPart(part: string): string[] {
  if (/^\d/.test(part)) {
    const number = part.replace(/,(?=\d{3}(?:\D|$))/g, '');
    return number.endsWith('%') ? [number, number.slice(0, -1)] : [number];
  }
  const word = part.replace(/'s$/, '').replace(/'/g, '');
  if (word.length < 2 || STOP_WORDS.has(word) || STOP_WORDS.has(part)) return [];
  return [stem(word)];
}

function stemPart(part: string): string {
  return /^\d/.test(part) ? part : stem(part.replace(/'/g, ''));
}

/** All index terms of a text, in order (repeats kept, for term frequency). */
export function termsOfText(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) for (const term of termsOf(token.form)) terms.push(term);
  return terms;
}
