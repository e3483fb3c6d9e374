/**
 * Finding the figures of a text: every number with a unit, a scale or a currency, plus multiplier verbs
 * ("more than doubled") and fractions ("nearly half of"). Dates, years standing alone, references
 * ("Article 5", "Rule 1.3.3"), ordinals ("14th"), list numbers and names glued to digits ("1080P", "2K", "5G")
 * are skipped. One left-to-right pass over the text: every reader is bounded or sticky.
 */
import { STOP_WORDS } from '../text/terms.ts';
import { isLetter, isSpaceLike, isUpper, skipSpaceBack, wordEndingAt } from './chars.ts';
import { FRACTION_WORDS, MEASURE_WORDS, MONTHS, MULTIPLIER_VERBS, REFERENCE_WORDS } from './lexicon.ts';
import {
  applyScale, gluedCurrencyScale, isNumeral, qualifierBefore, readNumeral, readScale, readSpelledNumeral, type Numeral,
} from './numbers.ts';
import type { Fact, FactKind } from './types.ts';
import { readUnit, withPer, type UnitReading } from './units.ts';

/** A figure found in a text, with the amount fields a Fact takes over; offsets are in that text. */
export interface Mention extends Pick<Fact, 'number' | 'low' | 'high' | 'unit' | 'kind' | 'qualifier'> {
  /** Start of the value: its qualifier, currency sign or first digit. */
  readonly start: number;
  readonly end: number;
  readonly attributive: boolean;
  /** For counts: where the counted noun phrase starts. */
  readonly phraseStart?: number;
}

const DIGIT = /\d/g;
const CURRENCY_BEFORE = /(US\$|HK\$|A\$|C\$|S\$|[$€£¥₹]|(?<![\p{L}])(?:USD|EUR|GBP|AED|RMB|CNY|JPY|CHF|SGD|INR|Rs\.?|euro|ECU|ecu))[ \u00a0]?$/u;
const MONTH_AFTER = /[ \u00a0](January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b/y;
const RANGE_LINK = /[ \u00a0]?(-|–|—|to|and)[ \u00a0]?(?:US\$|[$€£¥])?(?=\d)/y;
const PERCENT_RANGE_LINK = /[ \u00a0]?(?:-|–)[ \u00a0]?(?=\d)/y;
const BETWEEN_BEFORE = /between[ \u00a0]+$/i;
/** After a duration, these make it a point in time ("two years ago"), not a figure. */
const TIME_REFERENCE_AFTER = /[ \u00a0](?:ago|earlier|later|before|after|afterwards?|thereafter|beforehand|hence|from now|prior)\b/y;
/** "three quarters of the population" is a share, read by the fraction reader. */
const SHARE_OF_AFTER = /[ \u00a0]+of\b/y;
const NUMERATORS: ReadonlyMap<string, number> = new Map([['a', 1], ['one', 1], ['two', 2], ['three', 3], ['four', 4]]);
/** Words before "half of", "quarter of" that make it a period or a part, not a share ("the first half of the year"). */
const NOT_A_SHARE_BEFORE = new Set([
  'the', 'first', 'second', 'third', 'fourth', 'fifth', 'last', 'next', 'past', 'latter', 'former', 'this', 'that',
  'other', 'each', 'every', 'coming', 'previous', 'following', 'same', 'current', 'whole', 'final', 'one', 'on', 'behalf',
]);
/** Kinds of unit that make a number a figure even after a reference word. */
const STRONG_UNITS: ReadonlySet<FactKind> = new Set(['percent', 'currency', 'measure']);
const TEMPORAL_QUALIFIERS = new Set(['over', 'under', 'above', 'below', 'just over', 'just under', 'well over']);
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
  /** The last reference or date: "Articles 4, 5 and 6", "July 26-27, 2011" chain on it. */
  let lastSkip: Skip | undefined;
  let lastMentionEnd = 0;
  let from = 0;
  while (from < text.length) {
    DIGIT.lastIndex = from;
    const digit = DIGIT.exec(text);
    if (!digit) break;
    const s = digit.index;
    const outcome = readFigureAt(text, s, lastSkip, lastMentionEnd);
    from = Math.max(outcome.next, s + 1);
    if (outcome.skipped) lastSkip = { end: outcome.next, kind: outcome.skipped };
    if (outcome.mention) {
      mentions.push(outcome.mention);
      lastMentionEnd = outcome.mention.end;
    }
  }
  return mentions;
}

interface Skip {
  readonly end: number;
  readonly kind: 'reference' | 'date';
}

interface Outcome {
  readonly next: number;
  readonly mention?: Mention;
  /** A reference or date: numbers linked to it by "and", ",", "to", "-" are skipped too. */
  readonly skipped?: Skip['kind'];
}

function readFigureAt(text: string, s: number, lastSkip: Skip | undefined, lastMentionEnd: number): Outcome {
  const prev = text[s - 1];
  // Glued to a word: "G20", "COVID-19", "mid-2023", "observations.3", and footnote marks ("Parkinson,2 Director").
  const glued = prev !== undefined && (isLetter(text, s - 1) || ((prev === '.' || prev === '-' || prev === '‐' || prev === ',') && isLetter(text, s - 2)));
  const currencyMatch = glued ? null : CURRENCY_BEFORE.exec(text.slice(Math.max(0, s - 6), s));
  const currency = currencyMatch ? currencyMatch[1]! : undefined;
  const prefixStart = currencyMatch ? s - currencyMatch[0].length : s;
  const numeral = readNumeral(text, s, { spaceGroups: currency !== undefined });
  if (glued || prev === '#' || prev === '§' || prev === '№') return { next: numeral.end, skipped: 'reference' };
  if (!isNumeral(numeral)) return { next: numeral.end, skipped: 'reference' };
  const referenced = !currency && isReference(text, s);
  if (!currency && !referenced && lastSkip && chainsOn(text, lastSkip, s, numeral)) return { next: numeral.end, skipped: lastSkip.kind };
  if (isDate(text, s, numeral.end)) return { next: numeral.end, skipped: 'date' };

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
  // "Article 5", "level 3" are references; "a level 20% higher" is still a figure.
  if (referenced && !(unit && STRONG_UNITS.has(unit.kind))) return { next: numeral.end, skipped: 'reference' };

  let low: number | undefined;
  let high: number | undefined;
  let rangeStart: number | undefined;
  let number = applyScale(numeral.value, factor);
  if (!unit || (unit.kind === 'percent' && unit.unit === '%')) {
    const range = readRangeEnd(text, s, numeral, factor, unit, currency);
    if (range) {
      ({ low, high, unit } = range);
      number = low;
      if (range.betweenStart !== undefined) rangeStart = range.betweenStart;
    }
  }
  if (!unit) {
    if (factor === 1) return { next: end };
    unit = { unit: '', kind: 'count', end, attributive: false };
  }
  const yearLike = numeral.integer && !numeral.grouped && numeral.value >= 1800 && numeral.value <= 2100 && factor === 1 && !currency;
  if (yearLike && unit.kind !== 'percent' && unit.kind !== 'currency' && unit.kind !== 'measure' && !countsThings(text, prefixStart, unit, lastMentionEnd)) {
    return { next: unit.end };
  }
  if (unit.kind === 'duration' && (unit.attributive || followedBy(text, unit.end, TIME_REFERENCE_AFTER))) return { next: unit.end };
  if (unit.kind === 'count' && unit.phraseStart !== undefined && startsList(text, prefixStart) && isUpper(text, unit.phraseStart)) {
    return { next: unit.end };
  }

  const negative = !currency && (prev === '-' || prev === '−') && (s < 2 || isSpaceLike(text, s - 2) || text[s - 2] === '(');
  const valueStart = rangeStart ?? (negative ? s - 1 : prefixStart);
  const found = qualifierBefore(text, valueStart, lastMentionEnd);
  // Before a duration, "over" and "under" say when ("a cut over 2 years"), not how much.
  const qualifier = found && unit.kind === 'duration' && TEMPORAL_QUALIFIERS.has(found.qualifier) ? undefined : found;
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
): { low: number; high: number; unit: UnitReading; betweenStart?: number } | undefined {
  const at = firstUnit ? firstUnit.end : firstFactor === 1 ? first.end : readScale(text, first.end)?.end ?? first.end;
  const link = firstUnit ? PERCENT_RANGE_LINK : RANGE_LINK;
  link.lastIndex = at;
  const linked = link.exec(text);
  if (!linked) return undefined;
  const between = linked[1] === 'and' ? BETWEEN_BEFORE.exec(text.slice(Math.max(0, s - 12), s)) : undefined;
  if (between === null) return undefined;
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
  return between ? { low, high, unit, betweenStart: s - between[0].length } : { low, high, unit };
}

/**
 * A number that could be a year (1800-2100, no thousands separator) counting a plural noun is a figure when its
 * words say so: a qualifier before it ("about 2000 workers"), or a word before it that a year does not follow
 * ("hired 2000 employees", "built 1850 homes"). After "in", "since", "the", "of", a month, a comma or at a
 * sentence's start it stays a year ("in 2021 exports rose", "the 2022 budgets", "2021 sales grew"), and so it
 * does before the nouns of a base year ("below 1990 levels").
 */
function countsThings(text: string, start: number, unit: UnitReading, floor: number): boolean {
  if (unit.kind !== 'count' || unit.phraseStart === undefined) return false;
  const noun = /^\p{L}+/u.exec(text.slice(unit.phraseStart, unit.end))?.[0].toLowerCase() ?? '';
  if (!/[^su]s$|people$/.test(noun) || BASE_YEAR_NOUNS.has(noun) || STOP_WORDS.has(noun)) return false;
  if (qualifierBefore(text, start, floor)) return true;
  const i = skipSpaceBack(text, start - 1, Math.max(0, start - 8));
  if (i < 0 || !isLetter(text, i)) return false;
  const before = wordEndingAt(text, i, Math.max(0, i - 20)).word;
  // A capital before it makes the number part of a name or a date: "Horizon 2020 projects", "March 2021 figures".
  return !isUpper(before, 0) && !YEAR_CONTEXT_BEFORE.has(before);
}

/** Words after which a four-digit number is a year: prepositions of time, determiners, seasons, "fiscal". */
const YEAR_CONTEXT_BEFORE = new Set([
  'in', 'since', 'by', 'from', 'until', 'till', 'through', 'throughout', 'before', 'after', 'during', 'of', 'for',
  'the', 'this', 'that', 'these', 'those', 'its', 'their', 'our', 'his', 'her', 'a', 'an', 'and', 'or', 'between',
  'early', 'late', 'mid', 'end', 'fiscal', 'fy', 'year', 'spring', 'summer', 'autumn', 'fall', 'winter', 'circa',
  'as', 'at', 'on', 'per', 's',
]);

/** Words after a year that are not what it counts: a base year's nouns ("55% below 1990 levels"), "onwards". */
const BASE_YEAR_NOUNS = new Set(['onwards', 'afterwards', 'levels', 'prices', 'terms', 'values', 'figures', 'rates', 'emissions', 'baselines', 'standards', 'numbers', 'estimates', 'forecasts', 'projections', 'accounts', 'results', 'elections', 'olympics', 'games']);

/** The number at `s` follows a reference word: "Article 5", "No. 1303", "OJ L 347", "paragraph (2)". */
function isReference(text: string, s: number): boolean {
  let i = skipSpaceBack(text, s - 1, Math.max(0, s - 40));
  if (text[i] === '(') i = skipSpaceBack(text, i - 1, Math.max(0, s - 40));
  if (text[i] === '.') i--;
  if (i < 0 || !isLetter(text, i)) return false;
  let { word } = wordEndingAt(text, i, Math.max(0, i - 30));
  // Texts with lost line breaks glue a heading to the word before it: "external actionChapter 2".
  const glued = /\p{Ll}(\p{Lu}\p{Ll}+)$/u.exec(word);
  if (glued) word = glued[1]!;
  if (word.length === 1) return isUpper(word, 0) || word === 'p' || word === 's' || word === 'r';
  return REFERENCE_WORDS.has(word.toLowerCase());
}

/** "Articles 4, 5 and 6", "July 26-27": a number joined to a skipped one by a list connector. */
function chainsOn(text: string, lastSkip: Skip | undefined, s: number, numeral: Numeral): boolean {
  if (!lastSkip || s - lastSkip.end > 8) return false;
  // After a date only a day or a year continues it: "August 4, 445 bases" is a new figure.
  if (lastSkip.kind === 'date' && !(numeral.integer && (numeral.value <= 31 || numeral.value >= 1800 && numeral.value <= 2100))) return false;
  const between = text.slice(lastSkip.end, s).replace(/[\s\u200e\u200f]/g, '');
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

/**
 * Figures written in words: spelled numbers with a unit, multiplier verbs and fractions. One scan for all
 * three; ASCII-only, so without the `u` flag (with `i`, it makes V8 several times slower).
 */
const WORD_FIGURE = /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|doubled|tripled|trebled|quadrupled|halved|half|thirds?|quarters?|fifths?)\b/gi;
const OF_AFTER = /[ \u00a0]+of\b/y;
const NUMERATOR_BEFORE = /(?:^|[^A-Za-z])(a|one|two|three|four)[- ]$/i;

function* wordMentions(text: string): Generator<Mention> {
  WORD_FIGURE.lastIndex = 0;
  for (let match = WORD_FIGURE.exec(text); match; match = WORD_FIGURE.exec(text)) {
    const word = match[1]!.toLowerCase();
    const mention = MULTIPLIER_VERBS.has(word)
      ? multiplierAt(text, match.index, word)
      : FRACTION_WORDS.has(word)
        ? fractionAt(text, match.index, word)
        : spelledAt(text, match.index);
    if (mention) {
      yield mention;
      WORD_FIGURE.lastIndex = Math.max(WORD_FIGURE.lastIndex, mention.end);
    }
  }
}

function spelledAt(text: string, at: number): Mention | undefined {
  const spelled = readSpelledNumeral(text, at);
  if (!spelled) return undefined;
  const scale = readScale(text, spelled.end);
  const end = scale?.end ?? spelled.end;
  const unit = readUnit(text, end, { measuresOnly: true });
  if (!unit || unit.attributive) return undefined;
  if (unit.kind === 'duration' && followedBy(text, unit.end, TIME_REFERENCE_AFTER)) return undefined;
  if (unit.unit === 'quarters' && followedBy(text, unit.end, SHARE_OF_AFTER)) return undefined;
  const qualifier = qualifierBefore(text, spelled.start);
  return {
    start: qualifier?.start ?? spelled.start,
    end: unit.end,
    number: applyScale(spelled.value, scale?.factor ?? 1),
    unit: unit.unit,
    kind: unit.kind,
    ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
    attributive: false,
  };
}

/** "the market share more than doubled". */
function multiplierAt(text: string, at: number, word: string): Mention {
  const qualifier = qualifierBefore(text, at);
  return {
    start: qualifier?.start ?? at,
    end: at + word.length,
    number: MULTIPLIER_VERBS.get(word)!,
    unit: 'times',
    kind: 'multiplier',
    ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
    attributive: false,
  };
}

/** "nearly half of", "two-thirds of"; not "the first half of the year". */
function fractionAt(text: string, at: number, word: string): Mention | undefined {
  OF_AFTER.lastIndex = at + word.length;
  if (!OF_AFTER.test(text)) return undefined;
  const numeratorMatch = NUMERATOR_BEFORE.exec(text.slice(Math.max(0, at - 6), at));
  const numeratorWord = numeratorMatch?.[1]!.toLowerCase();
  if (!numeratorWord && word !== 'half') return undefined;
  const start = numeratorMatch ? at - numeratorMatch[1]!.length - 1 : at;
  const before = skipSpaceBack(text, start - 1, Math.max(0, start - 4));
  const previous = before >= 0 && isLetter(text, before) ? wordEndingAt(text, before, Math.max(0, before - 20)).word.toLowerCase() : '';
  if (NOT_A_SHARE_BEFORE.has(previous)) return undefined;
  const numerator = numeratorWord ? NUMERATORS.get(numeratorWord)! : 1;
  const qualifier = qualifierBefore(text, start);
  return {
    start: qualifier?.start ?? start,
    end: at + word.length,
    number: numerator * FRACTION_WORDS.get(word)!,
    unit: 'share',
    kind: 'fraction',
    ...(qualifier ? { qualifier: qualifier.qualifier } : {}),
    attributive: false,
  };
}
