import type { Highlight } from '../../core/types.ts';

/** Terminal styling; all functions return plain text when colour is off (pipes, files, NO_COLOR). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

export const PLAIN: Style = { bold: (t) => t, dim: (t) => t };
export const ANSI: Style = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
};

export function styleFor(stream: NodeJS.WriteStream): Style {
  return stream.isTTY && !process.env.NO_COLOR ? ANSI : PLAIN;
}

/** Wraps each highlighted range of `text` with `mark`; ranges are sorted and do not overlap. */
export function applyHighlights(text: string, highlights: readonly Highlight[], mark: (t: string) => string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of highlights) {
    if (start < at) continue;
    out += text.slice(at, start) + mark(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}
