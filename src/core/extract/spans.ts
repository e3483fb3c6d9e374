/**
 * Quotation spans of a text: curly “…” and ‘…’, straight "…" and '…', «…». One pass; an opening mark with no
 * closing one is dropped when the next opening mark comes. Single quotes double as apostrophes ("country’s",
 * "world‘s"), so they count only when the letters around them say they are quotation marks.
 */
import { isDigit, isLetter, isSpaceLike } from './chars.ts';

export interface QuoteSpan {
  /** Offset of the opening mark. */
  readonly open: number;
  /** Offset of the closing mark. */
  readonly close: number;
  /** Single quotes (‘…’, '…'), usually nested or scare quotes. */
  readonly single: boolean;
  /** Inside another span. */
  readonly nested: boolean;
}

const MARKS = /[“”"„«»‘’']/g;
/** Single-quoted spans longer than this are taken for apostrophes that happened to pair. */
const MAX_SINGLE_SPAN = 300;

/** The quotation spans of `text`, ordered by opening offset. */
export function findQuoteSpans(text: string): QuoteSpan[] {
  const raw: { open: number; close: number; single: boolean }[] = [];
  let curly = -1;
  let straight = -1;
  let guillemet = -1;
  let single = -1;
  MARKS.lastIndex = 0;
  for (let match = MARKS.exec(text); match; match = MARKS.exec(text)) {
    const i = match.index;
    switch (text[i]) {
      case '“':
      case '„':
        curly = i;
        break;
      case '”':
        if (curly >= 0) raw.push({ open: curly, close: i, single: false });
        curly = -1;
        break;
      case '«':
        guillemet = i;
        break;
      case '»':
        if (guillemet >= 0) raw.push({ open: guillemet, close: i, single: false });
        guillemet = -1;
        break;
      case '"': {
        const opens = opensAt(text, i);
        const closes = closesAt(text, i);
        if (straight >= 0 && (closes || !opens)) {
          raw.push({ open: straight, close: i, single: false });
          straight = -1;
        } else if (opens || straight < 0) {
          straight = i;
        }
        break;
      }
      case '‘':
      case "'":
      case '’': {
        const opens = text[i] !== '’' && opensAt(text, i);
        const closes = text[i] !== '‘' && closesAt(text, i);
        if (single >= 0 && closes && i - single <= MAX_SINGLE_SPAN) {
          raw.push({ open: single, close: i, single: true });
          single = -1;
        } else if (opens) {
          single = i;
        }
        break;
      }
    }
  }
  raw.sort((a, b) => a.open - b.open);
  // Nesting: a span inside an earlier, still open one. Spans that cross are kept as they are.
  const spans: QuoteSpan[] = [];
  let outerClose = -1;
  for (const span of raw) {
    if (span.close <= span.open + 1) continue;
    const nested = span.close < outerClose;
    spans.push({ ...span, nested });
    if (!nested) outerClose = span.close;
  }
  return spans;
}

/** A mark opens when what precedes it is not a letter or digit and what follows is. */
function opensAt(text: string, i: number): boolean {
  const before = i === 0 || !(isLetter(text, i - 1) || isDigit(text, i - 1) || text[i - 1] === '.' || text[i - 1] === ',');
  const after = i + 1 < text.length && !isSpaceLike(text, i + 1);
  return before && after;
}

/** A mark closes when what precedes it is not white space and what follows is not a letter or digit. */
function closesAt(text: string, i: number): boolean {
  const before = i > 0 && !isSpaceLike(text, i - 1);
  const after = i + 1 >= text.length || !(isLetter(text, i + 1) || isDigit(text, i + 1));
  return before && after;
}
