/**
 * Folding for matching only: what users see is always the document's own text.
 * Every fold here maps one UTF-16 unit to one unit, so offsets in folded text are offsets in the original.
 */

const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
/** Zero-width and direction marks that documents carry invisibly (ObliQA has U+200E before numbers). */
const INVISIBLES = /[\u200b-\u200f\u202a-\u202e\u2060\ufeff\u00ad]/g;

/** Lower-cases and straightens quotes and dashes, keeping the string's length. */
export function foldForMatching(text: string): string {
  return text
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(INVISIBLES, ' ')
    .toLowerCase();
}

/** Straightens quotes and dashes and folds white space: the canonical form for comparing texts. */
export function canonicalText(text: string): string {
  return foldForMatching(text).replace(/\s+/g, ' ').trim();
}

/**
 * Orders names alphabetically, ignoring case first: a plain code-point order, not `localeCompare`, whose first
 * call loads ICU's collation data (some 10 ms of every start, for sorting a list of speakers).
 */
export function compareNames(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
