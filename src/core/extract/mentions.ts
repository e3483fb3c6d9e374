/**
 * Finding the figures of a text: every number with a unit, a scale or a currency, plus multiplier verbs
 * ("more than doubled") and fractions ("nearly half of"). Dates, years standing alone, references
 * ("Article 5", "Rule 1.3.3"), ordinals ("14th"), list numbers and names glued to digits ("1080P", "2K", "5G")
 * are skipped. One left-to-right pass over the text: every reader is bounded or sticky.
 */
import { isDigit, isLetter, isSpaceLike, isUpper, skipSpaceBack, wordEndingAt } from './chars.ts';
import { FRACTION_WORDS, MEASURE_WORDS, MONTHS, MULTIPLIER_VERBS, REFERENCE_WORDS } from './lexicon.ts';
import {
  applyScale, gluedCurrencyScale, isNumeral, qualifierBefore, readNumeral, readScale, readSpelledNumeral,
  SPELLED_ANYWHERE, type Numeral,
} from './numbers.ts';
import type { FactKind } from './types.ts';
import { readUnit, withPer, type UnitReading } from './units.ts';

/** A figure found in a text; offsets are in that text. */
export interface Mention {
  /** Start of the value: its qualifier, currency sign or first digit. */
  readonly start: number;
  readonly end: number;
  readonly number: number;
  readonly low?: number;
  readonly high?: number;
  readonly unit: string;
  readonly kind: FactKind;
  readonly qualifier?: string;
  readonly attributive: boolean;
  /** For counts: where the counted noun phrase starts. */
  readonly phraseStart?: number;
}

const DIGIT = /\d/g;
const CURRENCY_BEFORE = /(US\$|HK\$|A\$|C\$|S\$|[$€£¥₹]|(?<![\p{L}])(?:USD|EUR|GBP|AED|RMB|CNY|JPY|CHF|SGD|INR|Rs\.?))[ \u00a0]?$/u;
const MONTH_AFTER = /[ \u00a0](January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b/y;
const RANGE_LINK = /[ \u00a0]?(-|–|—|to|and)[ \u00a0]?(?:US\$|[$€£¥])?(?=\d)/y;
const PERCENT_RANGE_LINK = /[ \u00a0]?(?:-|–)[ \u00a0]?(?=\d)/y;
const BETWEEN_BEFORE = /\bbetween[ \u00a0]+$/i;
/** After a duration, these make it a point in time ("two years ago"), not a figure. */
const TIME_REFERENCE_AFTER = /[ \u00a0](?:ago|earlier|later|before|after|hence|from now|prior)\b/y;
const MULTIPLIER_VERB = /\b(doubled|tripled|trebled|quadrupled|halved)\b/giu;
const FRACTION = /\b(?:(a|one|two|three|four)[- ])?(half|thirds?|quarters?|fifths?)[ \u00a0]+of\b/giu;
const NUMERATORS: ReadonlyMap<string, number> = new Map([['a', 1], ['one', 1], ['two', 2], ['three', 3], ['four', 4]]);
/** Words before "half of", "quarter of" that make it a period or a part, not a share ("the first half of the year"). */
const NOT_A_SHARE_BEFORE = new Set([
  'the', 'first', 'second', 'third', 'fourth', 'fifth', 'last', 'next', 'past', 'latter', 'former', 'this', 'that',
  'other', 'each', 'every', 'coming', 'previous', 'following', 'same', 'current', 'whole', 'final', 'one', 'on', 'behalf',
]);
/** Characters before a number that make it list numbering when a capitalised word follows it. */
const LIST_OPENERS = '.!?:;•*-–—|(';

/** Finds every figure of `text`, in text order, without overlaps. */
export function findMentions(text: string): Mention[] {
  const found = digitMentions(text);
  const extra = [...wordMentions(text)].sort((a, b) => a.start - b.start);
  if (extra.length === 0) return found;
  const all = [...found, ...extra].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of all) {
    const last = kept[kept.length - 1];
    if (last && mention.start < last.end) continue;
    kept.push(mention);
  }
  return kept;
}

function digitMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  /** End of the last reference or date: "Articles 4, 5 and 6", "July 26-27, 2011" chain on it. */
  let lastSkipEnd = -1;
  let lastMentionEnd = 0;
  let from = 0;
  while (from < text.length) {
    DIGIT.lastIndex = from;
    const digit = DIGIT.exec(text);
    if (!digit) break;
    const s = digit.index;
    const outcome = readFigureAt(text, s, lastSkipEnd, lastMentionEnd);
    from = Math.max(outcome.next, s + 1);
    if (outcome.skipped) lastSkipEnd = outcome.next;
    if (outcome.mention) {
      mentions.push(outcome.mention);
      lastMentionEnd = outcome.mention.end;
    }
  }
  return mentions;
}

interface Outcome {
  readonly next: number;
  readonly mention?: Mention;
  /** A reference or date: numbers linked to it by "and", ",", "to", "-" are skipped too. */
  readonly skipped?: boolean;
}

function readFigureAt(text: string, s: number, lastSkipEnd: number, lastMentionEnd: number): Outcome {
  const prev = text[s - 1];
  const glued = prev !== undefined && (isLetter(text, s - 1) || ((prev === '.' || prev === '-' || prev === '‐') && isLetter(text, s - 2)));
  const currencyMatch = glued ? null : CURRENCY_BEFORE.exec(text.slice(Math.max(0, s - 5), s));
  const currency = currencyMatch ? currencyMatch[1]! : undefined;
  const prefixStart = currencyMatch ? s - currencyMatch[0].length : s;
  const numeral = readNumeral(text, s, { spaceGroups: currency !== undefined });
  if (glued || prev === '#' || prev === '§' || prev === '№') return { next: numeral.end, skipped: true };
  if (!isNumeral(numeral)) return { next: numeral.end, skipped: true };
  if (!currency && (isReference(text, s) || chainsOn(text, lastSkipEnd, s))) return { next: numeral.end, skipped: true };
  if (isDate(text, s, numeral.end)) return { next: numeral.end, skipped: true };

  let factor = 1;
  let unit: UnitReading | undefined;
  let end = numeral.end;
  if (numeral.glued !== undefined) {
    const gluedScale = currency ? gluedCurrencyScale(numeral.glued) : undefined;
    const gluedMeasure = MEASURE_WORDS.get(numeral.glued.toLowerCase());
    if (gluedScale) factor = gluedScale;
    else if (gluedMeasure && numeral.glued.length >= 2) unit = withPer(text, { unit: gluedMeasure, kind: 'measure', end, attributive: false });
    else return { next: end }; // an ordinal (14th), a name (1080P, 2K, 5G), a decade (1990s)
  }
  const scale = factor === 1 && !unit ? readScale(text, end) : undefined;
  if (scale) {
    factor = scale.factor;
    end = scale.end;
  }
  if (!unit) unit = currency ? withPer(text, { unit: currency, kind: 'currency', end, attributive: false }) : readUnit(text, end);

  let low: number | undefined;
  let high: number | undefined;
  let number = applyScale(numeral.value, factor);
  if (!unit || (unit.kind === 'percent' && unit.unit === '%')) {
    const range = readRangeEnd(text, s, numeral, factor, unit, currency);
    if (range) {
      ({ low, high, unit } = range);
      number = low;
    }
  }
  if (!unit) {
    if (factor === 1) return { next: end };
    unit = { unit: '', kind: 'count', end, attributive: false };
  }
  const yearLike = numeral.integer && !numeral.grouped && numeral.value >= 1800 && numeral.value <= 2100 && factor === 1 && !currency;
  if (yearLike && unit.kind !== 'percent' && unit.kind !== 'currency' && unit.kind !== 'measure') return { next: unit.end };
  if (unit.kind === 'duration' && (unit.attributive || followedBy(text, unit.end, TIME_REFERENCE_AFTER))) return { next: unit.end };
  if (unit.kind === 'count' && unit.phraseStart !== undefined && startsList(text, prefixStart) && isUpper(text, unit.phraseStart)) {
    return { next: unit.end };
  }

  const negative = !currency && (prev === '-' || prev === '−') && (s < 2 || isSpaceLike(text, s - 2) || text[s - 2] === '(');
  const valueStart = negative ? s - 1 : prefixStart;
  const qualifier = qualifierBefore(text, valueStart, lastMentionEnd);
  const sign = negative ? -1 : 1;
  const mention: Mention = {
    start: qualifier?.start ?? valueStart,
    end: unit.end,
    number: sign * number,
    ...(low === undefined ? {} : { low: sign * low, high: sign * high! }),
    unit: unit.unit,
    kind: unit.kind,
    ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
    attributive: unit.attributive,
    ...(unit.phraseStart === undefined ? {} : { phraseStart: unit.phraseStart }),
  };
  return { next: unit.end, mention };
}

/** `10 to 30 percent`, `between 5 and 10 million tons`, `10-30%`, `$5-10 billion`. */
function readRangeEnd(
  text: string, s: number, first: Numeral, firstFactor: number, firstUnit: UnitReading | undefined, currency: string | undefined,
): { low: number; high: number; unit: UnitReading } | undefined {
  const at = firstUnit ? firstUnit.end : firstFactor === 1 ? first.end : readScale(text, first.end)?.end ?? first.end;
  const link = firstUnit ? PERCENT_RANGE_LINK : RANGE_LINK;
  link.lastIndex = at;
  const linked = link.exec(text);
  if (!linked) return undefined;
  if (linked[1] === 'and' && !BETWEEN_BEFORE.test(text.slice(Math.max(0, s - 12), s))) return undefined;
  const secondStart = at + linked[0].length;
  const second = readNumeral(text, secondStart);
  if (!isNumeral(second) || second.glued !== undefined) return undefined;
  const secondScale = readScale(text, second.end);
  const afterSecond = secondScale?.end ?? second.end;
  const unit = currency ? withPer(text, { unit: currency, kind: 'currency', end: afterSecond, attributive: false }) : readUnit(text, afterSecond);
  if (!unit || unit.attributive && unit.kind === 'duration') return undefined;
  if (firstUnit && unit.unit !== firstUnit.unit) return undefined;
  const highFactor = secondScale?.factor ?? 1;
  const lowFactor = firstFactor === 1 ? highFactor : firstFactor;
  const low = applyScale(first.value, lowFactor);
  const high = applyScale(second.value, highFactor);
  if (!(high > low)) return undefined;
  return { low, high, unit };
}

/** The number at `s` follows a reference word: "Article 5", "No. 1303", "OJ L 347", "paragraph (2)". */
function isReference(text: string, s: number): boolean {
  let i = skipSpaceBack(text, s - 1, Math.max(0, s - 40));
  if (text[i] === '(') i = skipSpaceBack(text, i - 1, Math.max(0, s - 40));
  if (text[i] === '.') i--;
  if (i < 0 || !isLetter(text, i)) return false;
  const { word } = wordEndingAt(text, i, Math.max(0, i - 30));
  if (word.length === 1) return isUpper(word, 0) || word === 'p';
  return REFERENCE_WORDS.has(word.toLowerCase());
}

/** "Articles 4, 5 and 6", "July 26-27": a number joined to a skipped one by a list connector. */
function chainsOn(text: string, lastSkipEnd: number, s: number): boolean {
  if (lastSkipEnd < 0 || s - lastSkipEnd > 8) return false;
  const between = text.slice(lastSkipEnd, s).replace(/[\s\u200e\u200f]/g, '');
  return between === '' || between === ',' || between === 'and' || between === 'or' || between === 'to' || between === '-' || between === '–' || between === '&' || between === ',and' || between === '(' || between === ')(';
}

/** A day next to a month name: "July 28", "28 July", "August 4,". */
function isDate(text: string, s: number, end: number): boolean {
  MONTH_AFTER.lastIndex = end;
  if (MONTH_AFTER.test(text)) return true;
  let i = skipSpaceBack(text, s - 1, Math.max(0, s - 12));
  if (text[i] === '.') i--;
  if (i < 0 || !isLetter(text, i)) return false;
  return MONTHS.has(wordEndingAt(text, i, Math.max(0, i - 12)).word);
}

function followedBy(text: string, at: number, sticky: RegExp): boolean {
  sticky.lastIndex = at;
  return sticky.test(text);
}

/** The number opens a sentence or a list item ("3 Authorised Persons must …" is numbering). */
function startsList(text: string, start: number): boolean {
  const i = skipSpaceBack(text, start - 1, Math.max(0, start - 8));
  return i < 0 || LIST_OPENERS.includes(text[i]!);
}

/** Figures written in words: spelled numbers with a unit, multiplier verbs and fractions. */
function* wordMentions(text: string): Generator<Mention> {
  SPELLED_ANYWHERE.lastIndex = 0;
  for (let match = SPELLED_ANYWHERE.exec(text); match; match = SPELLED_ANYWHERE.exec(text)) {
    const spelled = readSpelledNumeral(text, match.index);
    if (!spelled) continue;
    SPELLED_ANYWHERE.lastIndex = spelled.end;
    const scale = readScale(text, spelled.end);
    const end = scale?.end ?? spelled.end;
    const unit = readUnit(text, end, { measuresOnly: true });
    if (!unit || unit.attributive) continue;
    if (unit.kind === 'duration' && followedBy(text, unit.end, TIME_REFERENCE_AFTER)) continue;
    const qualifier = qualifierBefore(text, spelled.start);
    yield {
      start: qualifier?.start ?? spelled.start,
      end: unit.end,
      number: applyScale(spelled.value, scale?.factor ?? 1),
      unit: unit.unit,
      kind: unit.kind,
      ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
      attributive: false,
    };
  }
  MULTIPLIER_VERB.lastIndex = 0;
  for (let match = MULTIPLIER_VERB.exec(text); match; match = MULTIPLIER_VERB.exec(text)) {
    const qualifier = qualifierBefore(text, match.index);
    yield {
      start: qualifier?.start ?? match.index,
      end: match.index + match[0].length,
      number: MULTIPLIER_VERBS.get(match[1]!.toLowerCase())!,
      unit: 'times',
      kind: 'multiplier',
      ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
      attributive: false,
    };
  }
  FRACTION.lastIndex = 0;
  for (let match = FRACTION.exec(text); match; match = FRACTION.exec(text)) {
    const numeratorWord = match[1]?.toLowerCase();
    const fractionWord = match[2]!.toLowerCase();
    if (!numeratorWord && fractionWord !== 'half') continue;
    const before = skipSpaceBack(text, match.index - 1, Math.max(0, match.index - 4));
    const previous = before >= 0 && isLetter(text, before) ? wordEndingAt(text, before, Math.max(0, before - 20)).word.toLowerCase() : '';
    if (NOT_A_SHARE_BEFORE.has(previous)) continue;
    const numerator = numeratorWord ? NUMERATORS.get(numeratorWord)! : 1;
    const valueEnd = match.index + match[0].length - 2 - (match[0].length - match[0].trimEnd().length) - 1;
    const wordEnd = text.lastIndexOf(match[2]!, valueEnd) + match[2]!.length;
    const qualifier = qualifierBefore(text, match.index);
    yield {
      start: qualifier?.start ?? match.index,
      end: wordEnd,
      number: numerator * FRACTION_WORDS.get(fractionWord)!,
      unit: 'share',
      kind: 'fraction',
      ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
      attributive: false,
    };
  }
}

export { isDigit };
