/**
 * The year a figure refers to, read from its sentence: "31.4 trillion yuan in 2021", "In the second quarter
 * of this year, …", "a project launched in 2019", and the year it is compared with ("compared with 2019").
 */

export interface When {
  readonly year?: number;
  readonly period?: string;
  readonly baseYear?: number;
}

const YEAR = '((?:1[89]|20)\\d{2})(?![\\p{L}\\p{N}]|[.,/]\\d)';
const RELATIVE_YEAR = '(this|last|next|the current|the previous|the past|the same) year';
const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const PART_OF_YEAR = `(?:(?:first|second|third|fourth|last|final)\\s+(?:quarter|half|three months|six months|nine months)|${MONTH}(?:\\s+\\d{1,2},?)?|end|beginning|start|middle)\\s+of\\s+`;

/** "in 2012", "by 2025", "in the second quarter of 2022" right after the figure. */
const RIGHT_AFTER = new RegExp(`[ \\u00a0]*,?[ \\u00a0]*((?:in|by|as of|as at|at the end of|during|for|in fiscal(?: year)?|in the year)[ \\u00a0]+(?:the[ \\u00a0]+${PART_OF_YEAR})?(?:${YEAR}|${RELATIVE_YEAR}))`, 'iuy');
/** A sentence that opens with its time: "In 2021, …", "In the second quarter of this year, …". */
const OPENING = new RegExp(`^\\W*((?:In|By|As of|As at|During|At the end of|For|Through|Until|Since the start of)\\s+(?:the\\s+)?(?:${PART_OF_YEAR}|fiscal(?: year)?\\s+)?(?:${YEAR}|${RELATIVE_YEAR}))\\b`, 'u');
const OPENING_BASE = new RegExp(`^\\W*(?:Compared (?:with|to)|Since|Relative to|From)\\s+(?:the\\s+(?:same\\s+period\\s+(?:of|in)\\s+|end\\s+of\\s+))?(?:${YEAR}|(last) year)\\b`, 'u');
/** Years with their cue word inside a clause. */
const CUED_YEAR = new RegExp(`\\b(in|by|during|as of|end of|since|from|compared with|compared to|relative to|than|versus|vs\\.?|over|to|until|through|before|after)[ \\u00a0]+(?:the[ \\u00a0]+)?(?:${YEAR}|${RELATIVE_YEAR})`, 'giu');
const BASE_CUES = new Set(['since', 'from', 'compared with', 'compared to', 'relative to', 'than', 'versus', 'vs', 'vs.', 'over']);
const REFERENCE_CUES = new Set(['in', 'by', 'during', 'as of', 'end of']);
const CLAUSE_BREAK = /[,;:]\s|\s[—–]\s|——/g;

/**
 * The year of the figure at `[start, end)` of `sentence`. `documentYear` resolves "this year" / "last year";
 * without it those give no year.
 */
export function whenOf(sentence: string, start: number, end: number, documentYear?: number): When {
  const clause = clauseAround(sentence, start, end);
  const base = baseYearOf(sentence, clause, end, documentYear);
  const withBase = (when: When): When => (base === undefined || base === when.year ? when : { ...when, baseYear: base });

  RIGHT_AFTER.lastIndex = end;
  const after = RIGHT_AFTER.exec(sentence);
  if (after) {
    const year = yearOf(after[2], after[3], documentYear);
    if (year !== undefined) return withBase({ year, period: after[1]! });
  }
  const opening = OPENING.exec(sentence);
  if (opening && opening.index + opening[0].length <= start) {
    const year = yearOf(opening[2], opening[3], documentYear);
    if (year !== undefined) return withBase({ year, period: opening[1]! });
  }
  // A single year named in the figure's own clause ("the project launched in 2019").
  let found: { year: number; period: string } | undefined;
  let count = 0;
  CUED_YEAR.lastIndex = clause.start;
  for (let match = CUED_YEAR.exec(sentence); match && match.index < clause.end; match = CUED_YEAR.exec(sentence)) {
    if (match.index >= start && match.index < end) continue;
    const cue = match[1]!.toLowerCase();
    if (!REFERENCE_CUES.has(cue)) continue;
    const year = yearOf(match[2], match[3], documentYear);
    if (year === undefined) continue;
    count++;
    found = { year, period: match[0] };
  }
  if (count === 1 && found) return withBase(found);
  return withBase({});
}

function baseYearOf(sentence: string, clause: { start: number; end: number }, end: number, documentYear?: number): number | undefined {
  CUED_YEAR.lastIndex = end;
  for (let match = CUED_YEAR.exec(sentence); match && match.index < clause.end; match = CUED_YEAR.exec(sentence)) {
    if (BASE_CUES.has(match[1]!.toLowerCase())) return yearOf(match[2], match[3], documentYear);
  }
  const opening = OPENING_BASE.exec(sentence);
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
export function clauseAround(sentence: string, start: number, end: number): { start: number; end: number } {
  let clauseStart = 0;
  let clauseEnd = sentence.length;
  CLAUSE_BREAK.lastIndex = 0;
  for (let match = CLAUSE_BREAK.exec(sentence); match; match = CLAUSE_BREAK.exec(sentence)) {
    if (match.index + match[0].length <= start) clauseStart = match.index + match[0].length;
    else if (match.index >= end) {
      clauseEnd = match.index;
      break;
    }
  }
  return { start: clauseStart, end: clauseEnd };
}
