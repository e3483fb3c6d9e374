/**
 * Reading the unit that follows a number: percent signs and words, currencies, measures, units of time,
 * multipliers, and counted noun phrases ("609 subcategories", "445 national demonstration bases").
 */
import { isLetter } from './chars.ts';
import {
  CLASSIFIER_NOUNS, CURRENCY_WORDS, IRREGULAR_PLURALS, MEASURE_WORDS, NOT_PLURAL_NOUNS, PHRASE_STOPS, TIME_WORDS,
} from './lexicon.ts';
import type { FactKind } from './types.ts';

export interface UnitReading {
  /** Normalised unit: `%`, `yuan`, `tons`, `years`, `major categories`, `kinds of industrial products`. */
  readonly unit: string;
  readonly kind: FactKind;
  /** Where the unit ends in the text (the figure's value ends here). */
  readonly end: number;
  /** Joined to the number by a hyphen and modifying the noun after it (`1.2 million-ton project`). */
  readonly attributive: boolean;
  /** Where the counted noun phrase starts, for counts (used as the subject). */
  readonly phraseStart?: number;
}

const PERCENT_SIGN = /[ \u00a0]?%/y;
const PERCENT_WORDS = /[ \u00a0-](percentage[ -]points?|per ?cent|pct|basis[ -]points?|bps|bp)(?![\p{L}\p{N}])/iuy;
const DEGREES = /[ \u00a0]?°[ \u00a0]?([CF])(?![\p{L}])/uy;
/** One word after a space or hyphen; its letters may include inner apostrophes and hyphens. */
const NEXT_WORD = /([ \u00a0]|-)([\p{L}][\p{L}]*(?:['’-][\p{L}]+)*)/uy;
const FOLLOWING_WORD = /[ \u00a0]([\p{L}][\p{L}]*(?:['’-][\p{L}]+)*)/uy;
const OF_WORD = /[ \u00a0]of(?=[ \u00a0])/y;
/** "per month", "per ounce", "/kWh": any word after "per", a known unit after a slash. */
const PER_UNIT = /(?:[ \u00a0]per[ \u00a0](?!cent\b)((?:calendar|fiscal|financial|school|business|working)[ \u00a0](?:year|day|month|quarter|week)|\p{L}{2,20})|\/(year|month|week|day|hour|kg|ton|tonne|barrel|unit|kwh|mwh|km|litre|liter|capita|mu|hectare))(?![\p{L}])/iuy;
const SQUARE = /[ \u00a0](square|sq\.?|cubic|metric)[ \u00a0](kilometres|kilometers|km|metres|meters|miles|feet|tons|tonnes|m)(?![\p{L}])/iuy;
const US_DOLLARS = /[ \u00a0](?:US|U\.S\.)[ \u00a0]dollars?(?![\p{L}])/uy;
const MULTIPLIER = /(?:[ \u00a0](times)|-?(fold))(?![\p{L}])/iuy;

/** How many words a counted noun phrase may have ("national demonstration bases" is three). */
const MAX_PHRASE_WORDS = 4;

export interface ReadUnitOptions {
  /** Only units of measure, money, percent, time and multiples; no counted noun phrases (for spelled numbers). */
  readonly measuresOnly?: boolean;
}

/** Reads the unit starting right after a number (and its scale word) at `at`. */
export function readUnit(text: string, at: number, options: ReadUnitOptions = {}): UnitReading | undefined {
  const simple = readSymbolUnit(text, at);
  if (simple) return withPer(text, simple);
  MULTIPLIER.lastIndex = at;
  const multiple = MULTIPLIER.exec(text);
  if (multiple) return { unit: 'times', kind: 'multiplier', end: at + multiple[0].length, attributive: false };
  SQUARE.lastIndex = at;
  const square = SQUARE.exec(text);
  if (square) {
    const unit = `${square[1]!.toLowerCase().replace(/\.$/, '')} ${square[2]!.toLowerCase()}`;
    return withPer(text, { unit, kind: 'measure', end: at + square[0].length, attributive: false });
  }
  US_DOLLARS.lastIndex = at;
  const dollars = US_DOLLARS.exec(text);
  if (dollars) return withPer(text, { unit: 'US dollars', kind: 'currency', end: at + dollars[0].length, attributive: false });

  NEXT_WORD.lastIndex = at;
  const first = NEXT_WORD.exec(text);
  if (!first) return undefined;
  const attributive = first[1] === '-';
  const word = first[2]!;
  const lower = word.toLowerCase();
  const wordEnd = at + first[0].length;
  const currency = CURRENCY_WORDS.get(lower);
  // `EUR`, `USD` must be written in capitals; `yuan`, `dollars` in any case.
  if (currency && (lower.length > 3 || lower === 'yen' || word === word.toUpperCase())) {
    return withPer(text, { unit: currency, kind: 'currency', end: wordEnd, attributive });
  }
  const measure = MEASURE_WORDS.get(lower);
  if (measure) {
    return withPer(text, { unit: measure, kind: 'measure', end: wordEnd, attributive });
  }
  const time = TIME_WORDS.get(lower);
  if (time) {
    // The caller drops attributive times: "10-year bond", "Five-Year Plan" name a kind of thing.
    return withPer(text, { unit: time, kind: 'duration', end: wordEnd, attributive });
  }
  if (attributive) return undefined;
  const phrase = readCountedPhrase(text, at, first.index + 1);
  // Spelled numbers count only with units of time or measure ("three consecutive years", not "two parties").
  return options.measuresOnly && phrase?.kind === 'count' ? undefined : phrase;
}

/** `%`, `percent`, `percentage points`, `basis points`, `°C`. */
function readSymbolUnit(text: string, at: number): UnitReading | undefined {
  PERCENT_SIGN.lastIndex = at;
  const sign = PERCENT_SIGN.exec(text);
  if (sign) return { unit: '%', kind: 'percent', end: at + sign[0].length, attributive: false };
  PERCENT_WORDS.lastIndex = at;
  const words = PERCENT_WORDS.exec(text);
  if (words) {
    const w = words[1]!.toLowerCase();
    const unit = w.startsWith('percentage') ? 'percentage points' : w.startsWith('b') ? 'basis points' : '%';
    return { unit, kind: 'percent', end: at + words[0].length, attributive: words[0].startsWith('-') };
  }
  DEGREES.lastIndex = at;
  const degrees = DEGREES.exec(text);
  if (degrees) return { unit: `°${degrees[1]}`, kind: 'measure', end: at + degrees[0].length, attributive: false };
  return undefined;
}

/** Extends a unit with "per month", "/kWh". */
export function withPer(text: string, reading: UnitReading): UnitReading {
  PER_UNIT.lastIndex = reading.end;
  const per = PER_UNIT.exec(text);
  if (!per) return reading;
  return { ...reading, unit: `${reading.unit} per ${(per[1] ?? per[2]!).toLowerCase().replace(/\s+/g, ' ')}`, end: reading.end + per[0].length };
}

function looksPlural(word: string): boolean {
  const lower = word.toLowerCase();
  if (IRREGULAR_PLURALS.has(lower)) return true;
  if (lower.length < 4 || !lower.endsWith('s') || NOT_PLURAL_NOUNS.has(lower)) return false;
  return !/(?:ss|us|is|['’]s)$/.test(lower);
}

/**
 * A counted noun phrase: up to four words ending in a plural noun, with no function word or verb before it
 * ("31 major categories", "445 national demonstration bases"). A classifier noun takes its "of" phrase
 * ("220 kinds of industrial products").
 */
function readCountedPhrase(text: string, at: number, phraseStart: number): UnitReading | undefined {
  const head = readPluralPhrase(text, at);
  if (!head) return undefined;
  let end = head.end;
  if (CLASSIFIER_NOUNS.has(head.headWord.toLowerCase())) {
    OF_WORD.lastIndex = end;
    if (OF_WORD.exec(text)) {
      const complement = readPluralPhrase(text, OF_WORD.lastIndex);
      if (complement) end = complement.end;
    }
  }
  // Units of time and measure are shown normalised ("12 consecutive years" → years); counted things as written.
  const time = TIME_WORDS.get(head.headWord.toLowerCase());
  const measure = MEASURE_WORDS.get(head.headWord.toLowerCase());
  if (time) return { unit: time, kind: 'duration', end, attributive: false };
  if (measure) return { unit: measure, kind: 'measure', end, attributive: false };
  return { unit: text.slice(phraseStart, end), kind: 'count', end, attributive: false, phraseStart };
}

function readPluralPhrase(text: string, at: number): { end: number; headWord: string } | undefined {
  let position = at;
  for (let n = 0; n < MAX_PHRASE_WORDS; n++) {
    FOLLOWING_WORD.lastIndex = position;
    const match = FOLLOWING_WORD.exec(text);
    if (!match) return undefined;
    const word = match[1]!;
    const lower = word.toLowerCase();
    const end = position + match[0].length;
    if (isLetter(text, end) || text[end] === '-') return undefined;
    if (PHRASE_STOPS.has(lower)) return undefined;
    if (TIME_WORDS.has(lower) || MEASURE_WORDS.has(lower) && lower.length > 2) return { end, headWord: word };
    if (looksPlural(word)) return { end, headWord: word };
    position = end;
  }
  return undefined;
}
