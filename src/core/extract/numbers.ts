/**
 * Reading numbers as documents write them: digits with separators and decimals, simple fractions,
 * spelled-out cardinals, scale words, ranges and hedging qualifiers. Readers work in place on the text
 * (offsets in, offsets out) so that nothing is copied per character.
 */
import { isDigit, isLetter } from './chars.ts';
import { GLUED_CURRENCY_SCALES, SCALES, SPELLED_NUMBERS } from './lexicon.ts';

/** Digits read at one position. */
export interface Numeral {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  /** Written without a decimal point or fraction. */
  readonly integer: boolean;
  /** Written with thousands separators (`1,500`): never a year. */
  readonly grouped: boolean;
  /** Letters glued after the digits (`th` in `14th`, `P` in `1080P`, `m` in `$5m`). */
  readonly glued?: string;
}

/** Digits that are not an amount: `1.3.3`, `20.12.2013`, `9:00`, `2016/679`. */
export interface NonAmount {
  readonly start: number;
  readonly end: number;
  readonly reference: true;
}

const FRACTION_DENOMINATORS = new Set([2, 3, 4, 8, 16, 32]);
/** Separators of thousands that are never anything else. */
const HARD_GROUP_SPACES = new Set(['\u00a0', '\u202f', '\u2009']);

export interface ReadNumeralOptions {
  /** Accept plain spaces between groups of three digits (`EUR 10 000`): only after a currency. */
  readonly spaceGroups?: boolean;
}

/** Reads the digits starting at `at` (which must be a digit not preceded by one). */
export function readNumeral(text: string, at: number, options: ReadNumeralOptions = {}): Numeral | NonAmount {
  let i = at;
  while (isDigit(text, i)) i++;
  let digits = text.slice(at, i);
  let grouped = false;
  if (digits.length <= 3) {
    for (;;) {
      const sep = text[i];
      const groupable = sep === ',' || (sep !== undefined && HARD_GROUP_SPACES.has(sep)) || (sep === ' ' && options.spaceGroups);
      if (!groupable || !threeDigitsAt(text, i + 1)) break;
      digits += text.slice(i + 1, i + 4);
      grouped = true;
      i += 4;
    }
  }
  let integer = true;
  if (text[i] === '.' && isDigit(text, i + 1)) {
    let j = i + 1;
    while (isDigit(text, j)) j++;
    if (text[j] === '.' && isDigit(text, j + 1)) return { start: at, end: skipDottedRun(text, j), reference: true };
    digits += text.slice(i, j);
    integer = false;
    i = j;
  }
  if ((text[i] === ':' || text[i] === '/') && isDigit(text, i + 1)) {
    const fraction = text[i] === '/' && integer && !grouped ? readFractionTail(text, i, Number(digits)) : undefined;
    if (fraction) return { start: at, end: fraction.end, value: fraction.value, integer: false, grouped: false };
    return { start: at, end: skipDottedRun(text, i), reference: true };
  }
  // A mixed fraction: `5-1/4 percent`, `2 1/2 percent`.
  if (integer && !grouped && (text[i] === '-' || text[i] === ' ') && isDigit(text, i + 1)) {
    let j = i + 1;
    while (isDigit(text, j)) j++;
    if (text[j] === '/' && isDigit(text, j + 1)) {
      const tail = readFractionTail(text, j, Number(text.slice(i + 1, j)));
      if (tail && tail.value < 1) return { start: at, end: tail.end, value: Number(digits) + tail.value, integer: false, grouped: false };
    }
  }
  const value = Number(digits);
  let glued: string | undefined;
  if (isLetter(text, i)) {
    let j = i;
    while (isLetter(text, j)) j++;
    glued = text.slice(i, j);
    i = j;
  }
  return glued === undefined ? { start: at, end: i, value, integer, grouped } : { start: at, end: i, value, integer, grouped, glued };
}

function threeDigitsAt(text: string, at: number): boolean {
  return isDigit(text, at) && isDigit(text, at + 1) && isDigit(text, at + 2) && !isDigit(text, at + 3);
}

/** `/4` after a numerator: a fraction when the denominator is a usual one and no more digits follow. */
function readFractionTail(text: string, slash: number, numerator: number): { end: number; value: number } | undefined {
  let j = slash + 1;
  while (isDigit(text, j)) j++;
  const denominator = Number(text.slice(slash + 1, j));
  if (!FRACTION_DENOMINATORS.has(denominator) || numerator >= denominator * 4) return undefined;
  if (text[j] === '/' || text[j] === '.' && isDigit(text, j + 1) || isLetter(text, j)) return undefined;
  return { end: j, value: numerator / denominator };
}

/** Skips a run of digits and `.`, `:`, `/`, `-` separators between digits: `1.3.3`, `2016/679`, `9:00`. */
function skipDottedRun(text: string, from: number): number {
  let i = from;
  while (isDigit(text, i) || ((text[i] === '.' || text[i] === ':' || text[i] === '/') && isDigit(text, i + 1))) i++;
  while (isLetter(text, i)) i++;
  return i;
}

export function isNumeral(reading: Numeral | NonAmount): reading is Numeral {
  return !('reference' in reading);
}

/** A scale word right after a number (`trillion`, `-million`, ` bn`). */
export interface Scale {
  readonly factor: number;
  readonly word: string;
  readonly end: number;
}

const SCALE_AFTER = /[ \u00a0-]?(hundred|thousand|million|billion|trillion|bn|mn|mln|tn)(?![\p{L}\p{N}])/iuy;

export function readScale(text: string, at: number): Scale | undefined {
  SCALE_AFTER.lastIndex = at;
  const match = SCALE_AFTER.exec(text);
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  return { factor: SCALES.get(word)!, word, end: at + match[0].length };
}

/** The factor of a suffix glued to an amount after a currency sign (`$5m`), if it is one. */
export function gluedCurrencyScale(glued: string): number | undefined {
  return GLUED_CURRENCY_SCALES.get(glued.toLowerCase());
}

/** Applies a scale exactly: `16.98` × 1e12 is 16,980,000,000,000, not 16,979,999,999,999.998. */
export function applyScale(value: number, factor: number): number {
  if (factor === 1) return value;
  const exponent = Math.round(Math.log10(factor));
  if (10 ** exponent === factor) return Number(`${value}e${exponent}`);
  return value * factor;
}

/** A spelled-out cardinal: `twenty-five`, `three`. */
export interface SpelledNumeral {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

const SPELLED = /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(one|two|three|four|five|six|seven|eight|nine))?\b/giy;

/** Reads a spelled-out cardinal at `at`, or nothing. */
export function readSpelledNumeral(text: string, at: number): SpelledNumeral | undefined {
  SPELLED.lastIndex = at;
  const match = SPELLED.exec(text);
  if (!match) return undefined;
  const tens = SPELLED_NUMBERS.get(match[1]!.toLowerCase())!;
  const units = match[2] ? SPELLED_NUMBERS.get(match[2].toLowerCase()) ?? 0 : 0;
  if (units > 0 && (tens < 20 || tens % 10 !== 0)) return undefined;
  return { start: at, end: at + match[0].length, value: tens + units };
}

/**
 * Qualifiers written before a figure, longest first where one is the tail of another. Matched against a short
 * window that ends where the figure starts, so the regex cannot run away on long text.
 */
const QUALIFIER_BEFORE = new RegExp(
  '(?:^|[^\\p{L}])(' + [
    'no more than', 'not more than', 'no less than', 'not less than', 'no fewer than', 'not fewer than',
    'more than', 'less than', 'fewer than', 'at least', 'at most', 'up to', 'as much as', 'as many as',
    'as high as', 'as low as', 'as little as', 'as few as', 'just over', 'just under', 'well over', 'well above',
    'well below', 'in excess of', 'upwards of', 'close to', 'an estimated', 'an average of', 'a maximum of',
    'a minimum of', 'a total of', 'a record', 'nearly', 'almost', 'about', 'around', 'approximately', 'approx\\.',
    'roughly', 'some', 'circa', 'over', 'above', 'exceeding', 'under', 'below', 'only', 'just', 'maximum of',
    'minimum of', 'total of', 'estimated',
  ].join('|') + ')[ \\u00a0]+$', 'iu');
const QUALIFIER_WINDOW = 28;

/** A qualifier standing right before `at`, with where it starts. */
export function qualifierBefore(text: string, at: number, floor = 0): { qualifier: string; start: number } | undefined {
  const from = Math.max(floor, at - QUALIFIER_WINDOW);
  const window = text.slice(from, at);
  const match = QUALIFIER_BEFORE.exec(window);
  if (!match) return undefined;
  const word = match[1]!;
  // The group ends where the trailing spaces begin.
  const start = from + match.index + match[0].trimEnd().length - word.length;
  return { qualifier: word.toLowerCase(), start };
}

/** What `parseAmount` makes of a figure written on its own. */
export interface Amount {
  readonly number: number;
  readonly low?: number;
  readonly high?: number;
  readonly qualifier?: string;
}

const AMOUNT = /^\s*(?:(no more than|not more than|no less than|not less than|more than|less than|fewer than|at least|at most|up to|nearly|almost|about|around|approximately|roughly|over|under|some)\s+)?(?:[$€£¥]|US\$|USD\s?|EUR\s?|RMB\s?)?(\d[\d,]*(?:\.\d+)?)(?:\s?(?:-|–|to)\s?(\d[\d,]*(?:\.\d+)?))?(?:[\s-]?(hundred|thousand|million|billion|trillion|bn|mn|tn))?/i;

/**
 * Parses a figure written on its own (`nearly 30%`, `31.4 trillion yuan`, `10 to 30 percent`): its number
 * with the scale applied, a range's ends and the qualifier. Units are not read here; see `readUnit`.
 */
export function parseAmount(value: string): Amount | undefined {
  const match = AMOUNT.exec(value);
  if (!match) return undefined;
  const factor = match[4] ? SCALES.get(match[4].toLowerCase())! : 1;
  const low = applyScale(Number(match[2]!.replace(/,/g, '')), factor);
  const qualifier = match[1]?.toLowerCase();
  const base = qualifier ? { qualifier } : {};
  if (match[3] === undefined) return { number: low, ...base };
  const high = applyScale(Number(match[3].replace(/,/g, '')), factor);
  return { number: low, low, high, ...base };
}
