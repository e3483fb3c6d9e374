import type { Highlight } from '../../core/types.ts';
import { ELLIPSIS, safeSlice } from './limits.ts';

/** Characters that are markdown (or mention/link syntax) anywhere in a Discord message. */
const INLINE = /[\\*_~`|[\]<]/g;
/** Syntax that only counts at the start of a line: quotes, headings, lists, subtext. */
const LINE_START = /^([ \t]*)([>#+-]|\d+\.)/gm;

/**
 * Document or user text made literal for Discord markdown: `*`, `_`, `~`, `` ` ``, `|`, `[`, `]`, `<` (mentions,
 * timestamps) and line-start `>`, `#`, `-`, `+`, `1.` are backslash-escaped. `atLineStart` says whether the text
 * begins a line (false for a piece in the middle of a line).
 */
export function escapeMarkdown(text: string, atLineStart = true): string {
  return text.replace(INLINE, '\\$&').replace(LINE_START, (whole: string, indent: string, marker: string, offset: number) => {
    if (offset === 0 && !atLineStart) return whole;
    return marker.endsWith('.') ? `${indent}${marker.slice(0, -1)}\\.` : `${indent}\\${marker}`;
  });
}

/** Sorted, non-overlapping, whitespace-trimmed ranges on code point boundaries; ranges apart by spaces merged. */
export function normalizeHighlights(text: string, highlights: readonly Highlight[]): Array<[number, number]> {
  const isLow = (i: number) => i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!);
  const ranges = highlights
    .map(([s, e]): [number, number] => {
      let start = Math.max(0, Math.min(text.length, Math.floor(s)));
      let end = Math.max(0, Math.min(text.length, Math.floor(e)));
      if (isLow(start)) start -= 1;
      if (isLow(end)) end += 1;
      while (start < end && /\s/.test(text[start]!)) start += 1;
      while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
      return [start, end];
    })
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    // Words matched side by side read better as one bold run: "**domestic manufacturers**".
    if (last && (range[0] <= last[1] || /^[ \t]+$/.test(text.slice(last[1], range[0])))) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

interface Segment {
  readonly raw: string;
  readonly bold: boolean;
  readonly lineStart: boolean;
}

function render(segment: Segment, raw = segment.raw): string {
  const escaped = escapeMarkdown(raw, segment.lineStart);
  return segment.bold && raw ? `**${escaped}**` : escaped;
}

/** The longest word-boundary prefix of the segment whose rendering fits in `room` characters ('' if none). */
function fitSegment(segment: Segment, room: number): string {
  let take = Math.min(segment.raw.length, room);
  while (take > 0) {
    let raw = safeSlice(segment.raw, take);
    if (take < segment.raw.length) {
      const space = raw.search(/\s\S*$/);
      if (space > take / 2) raw = raw.slice(0, space);
      raw = raw.replace(/\s+$/, '');
    }
    const rendered = render(segment, raw);
    if (rendered.length <= room) return raw ? rendered : '';
    take -= Math.max(1, rendered.length - room);
  }
  return '';
}

/**
 * `text` as Discord markdown with each highlighted range in **bold**. Each piece is escaped on its own, so the
 * ranges (offsets into the raw text) stay right. At most `max` characters: a longer text is cut at a word with
 * `…`, never inside an escape, a bold marker or a surrogate pair.
 */
export function boldHighlights(text: string, highlights: readonly Highlight[], max = Infinity): string {
  const segments: Segment[] = [];
  let at = 0;
  const push = (start: number, end: number, bold: boolean) => {
    if (end > start) segments.push({ raw: text.slice(start, end), bold, lineStart: start === 0 || text[start - 1] === '\n' });
  };
  for (const [start, end] of normalizeHighlights(text, highlights)) {
    push(at, start, false);
    push(start, end, true);
    at = end;
  }
  push(at, text.length, false);
  const whole = segments.map((s) => render(s)).join('');
  if (whole.length <= max) return whole;
  if (max <= 0) return '';
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const segment of segments) {
    const rendered = render(segment);
    if (out.length + rendered.length <= budget) {
      out += rendered;
      continue;
    }
    out += fitSegment(segment, budget - out.length);
    break;
  }
  return `${out.replace(/\s+$/, '')}${ELLIPSIS}`;
}
