/** Character tests used by the scanners: charCode checks for ASCII, one precompiled regex otherwise. */

const LETTER = /\p{L}/u;
const SPACE_LIKE = /[\s\u00a0\u2000-\u200f\u202a-\u202f\u2060\ufeff]/;

export function isDigit(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

export function isLetter(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (Number.isNaN(c)) return false;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128) return false;
  return LETTER.test(text[at]!);
}

export function isUpper(text: string, at: number): boolean {
  const ch = text[at];
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** White space and the invisible marks documents carry (U+200E before numbers in ObliQA). */
export function isSpaceLike(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 32) return true;
  if (Number.isNaN(c) || (c > 32 && c < 128)) return false;
  return SPACE_LIKE.test(text[at]!);
}

/** Index of the first non-space-like character at or before `at` going left (−1 when none). */
export function skipSpaceBack(text: string, at: number, floor = 0): number {
  let i = at;
  while (i >= floor && isSpaceLike(text, i)) i--;
  return i;
}

/** Index of the first non-space-like character at or after `at` going right. */
export function skipSpaceForward(text: string, at: number, ceiling = text.length): number {
  let i = at;
  while (i < ceiling && isSpaceLike(text, i)) i++;
  return i;
}

/** The word (letters, `.`-free) that ends at or before `end` (inclusive index), with its start. */
export function wordEndingAt(text: string, end: number, floor = 0): { word: string; start: number } {
  let i = end;
  while (i >= floor && isLetter(text, i)) i--;
  return { word: text.slice(i + 1, end + 1), start: i + 1 };
}
