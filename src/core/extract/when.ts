/**
 * The year a figure refers to, read from its sentence: "31.4 trillion yuan in 2021", "In the second quarter
 * of this year, …", "a project launched in 2019", and the year it is compared with ("compared with 2019").
 */

export interface When {
  readonly year?: number;
  readonly period?: string;
  readonly baseYear?: number;
}

/** A year in digits; the lookahead is ASCII and Latin letters so the patterns can go without the slow `u` flag. */
const YEAR = '((?:1[89]|20)\\d{2})(?![A-Za-z0-9\\u00c0-\\u024f]|[.,/]\\d)';
const RELATIVE_YEAR = '(this|last|next|the current|the previous|the past|the same) year';
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const PART_OF_YEAR = `(?:(?:first|second|third|fourth|last|final)\\s+(?:quarter|half|three months|six months|nine months)|${MONTH}(?:\\s+\\d{1,2},?)?|end|beginning|start|middle)\\s+of\\s+`;

/** "in 2012", "by 2025", "in the second quarter of 2022" right after the figure. */
const RIGHT_AFTER = new RegExp(`[ \\u00a0]*,?[ \\u00a0]*((?:in|by|as of|as at|at the end of|during|for|in fiscal(?: year)?|in the year)[ \\u00a0]+(?:the[ \\u00a0]+${PART_OF_YEAR})?(?:${YEAR}|${RELATIVE_YEAR}))`, 'iy');
/** A sentence that opens with its time: "In 2021, …", "In the second quarter of this year, …", "Last year, …". */
const OPENING = new RegExp(`^\\W*((?:(?:In|By|As of|As at|During|At the end of|For|Through|Until|Since the start of)\\s+(?:the\\s+)?(?:${PART_OF_YEAR}|fiscal(?: year)?\\s+)?)?(?:${YEAR}|${RELATIVE_YEAR}))\\b`, 'i');
const OPENING_BASE = new RegExp(`^\\W*(?:Compared (?:with|to)|Since|Relative to|From)\\s+(?:the\\s+(?:same\\s+period\\s+(?:of|in)\\s+|end\\s+of\\s+))?(?:${YEAR}|(last) year)\\b`);
/** Years with their cue word. */
const CUED_YEAR = new RegExp(`\\b(in|by|during|as of|end of|since|from|compared with|compared to|relative to|than|versus|vs\\.?|over|to|until|through|before|after)[ \\u00a0]+(?:the[ \\u00a0]+)?(?:${YEAR}|${RELATIVE_YEAR})`, 'gi');
const BASE_CUES = new Set(['since', 'from', 'compared with', 'compared to', 'relative to', 'than', 'versus', 'vs', 'vs.', 'over']);
const REFERENCE_CUES = new Set(['in', 'by', 'during', 'as of', 'end of']);
const CLAUSE_BREAK = /[,;:]\s|\s[—–]\s|——/g;

interface CuedYear {
  readonly index: number;
  readonly cue: string;
  readonly digits?: string;
  readonly relative?: string;
  readonly text: string;
}

/** What one sentence says about time, read once for all its figures. */
export interface SentenceTimes {
  readonly sentence: string;
  readonly breaks: readonly { readonly index: number; readonly end: number }[];
  readonly cued: readonly CuedYear[];
  readonly opening: RegExpExecArray | null;
  readonly openingBase: RegExpExecArray | null;
}

export function sentenceTimes(sentence: string): SentenceTimes {
  const breaks: { index: number; end: number }[] = [];
  CLAUSE_BREAK.lastIndex = 0;
  for (let match = CLAUSE_BREAK.exec(sentence); match; match = CLAUSE_BREAK.exec(sentence)) breaks.push({ index: match.index, end: match.index + match[0].length });
  const cued: CuedYear[] = [];
  CUED_YEAR.lastIndex = 0;
  for (let match = CUED_YEAR.exec(sentence); match; match = CUED_YEAR.exec(sentence)) {
    cued.push({
      index: match.index,
      cue: match[1]!.toLowerCase(),
      ...(match[2] ? { digits: match[2] } : {}),
      ...(match[3] ? { relative: match[3] } : {}),
      text: match[0],
    });
  }
  return { sentence, breaks, cued, opening: OPENING.exec(sentence), openingBase: OPENING_BASE.exec(sentence) };
}

/**
 * The year of the figure at `[start, end)` of a sentence. `documentYear` resolves "this year" / "last year";
 * without it those give no year.
 */
export function whenOf(times: SentenceTimes, start: number, end: number, documentYear?: number): When {
  const { sentence } = times;
  const clause = clauseAround(times, start, end);
  const base = baseYearOf(times, clause, end, documentYear);
  const withBase = (when: When): When => (base === undefined || base === when.year ? when : { ...when, baseYear: base });

  RIGHT_AFTER.lastIndex = end;
  const after = RIGHT_AFTER.exec(sentence);
  if (after) {
    const year = yearOf(after[2], after[3], documentYear);
    if (year !== undefined) return withBase({ year, period: after[1]! });
  }
  const opening = times.opening;
  if (opening && opening.index + opening[0].length <= start) {
    const year = yearOf(opening[2], opening[3], documentYear);
    if (year !== undefined) return withBase({ year, period: opening[1]! });
  }
  // A single year named in the figure's own clause ("the project launched in 2019").
  let found: { year: number; period: string } | undefined;
  let count = 0;
  for (const cued of times.cued) {
    if (cued.index < clause.start || (cued.index >= start && cued.index < end)) continue;
    if (cued.index >= clause.end) break;
    if (!REFERENCE_CUES.has(cued.cue)) continue;
    const year = yearOf(cued.digits, cued.relative, documentYear);
    if (year === undefined) continue;
    count++;
    found = { year, period: cued.text };
  }
  if (count === 1 && found) return withBase(found);
  return withBase({});
}

function baseYearOf(times: SentenceTimes, clause: { start: number; end: number }, end: number, documentYear?: number): number | undefined {
  for (const cued of times.cued) {
    if (cued.index < end) continue;
    if (cued.index >= clause.end) break;
    if (BASE_CUES.has(cued.cue)) return yearOf(cued.digits, cued.relative, documentYear);
  }
  const opening = times.openingBase;
  if (opening) return opening[1] ? Number(opening[1]) : documentYear === undefined ? undefined : documentYear - 1;
  return undefined;
}

function yearOf(digits: string | undefined, relative: string | undefined, documentYear?: number): number | undefined {
  if (digits) return Number(digits);
  if (!relative || documentYear === undefined) return undefined;
  switch (relative.toLowerCase()) {
    case 'this':
    case 'the current':
      return documentYear;
    case 'last':
    case 'the previous':
      return documentYear - 1;
    case 'next':
      return documentYear + 1;
    default:
      return undefined;
  }
}

/** The clause holding `[start, end)`: between the nearest commas, semicolons, colons or dashes. */
function clauseAround(times: SentenceTimes, start: number, end: number): { start: number; end: number } {
  let clauseStart = 0;
  let clauseEnd = times.sentence.length;
  for (const found of times.breaks) {
    if (found.end <= start) clauseStart = found.end;
    else if (found.index >= end) {
      clauseEnd = found.index;
      break;
    }
  }
  return { start: clauseStart, end: clauseEnd };
}
