import { decodeText } from '../../corpus/load.ts';
import { splitBlocks } from '../../corpus/paragraphs.ts';
import { BlockSink, dateNearStart, type Converted } from '../blocks.ts';
import type { IngestLimits } from '../limits.ts';

const SEED_TITLE_LINE = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$/i;
const TITLE_LINE_MAX_CHARS = 200;

/** Decodes UTF-8 text, or throws a message fit for the user. */
export function utf8Text(bytes: Uint8Array): string {
  const decoded = decodeText(bytes);
  if ('reason' in decoded) {
    if (/empty/.test(decoded.reason)) return '';
    throw new Error(decoded.reason);
  }
  return decoded.text.replace(/^\ufeff/, '');
}

/**
 * Plain text, read the way the corpus loader reads a `.txt` file: a first line `date YYYY-MM-DD Title` gives the
 * date and title, otherwise a short first line is the title; paragraphs are separated by blank lines.
 */
export function convertText(bytes: Uint8Array, limits: IngestLimits): Converted {
  const content = utf8Text(bytes);
  const firstBreak = content.search(/\r?\n/);
  const firstLine = firstBreak < 0 ? content : content.slice(0, firstBreak);
  let title: string | undefined;
  let date: string | undefined;
  let body = content;
  const seedForm = SEED_TITLE_LINE.exec(firstLine);
  if (seedForm) {
    date = seedForm[1]!;
    title = seedForm[2]!;
    body = firstBreak < 0 ? '' : content.slice(firstBreak + 1);
  } else if (firstLine.trim() && firstLine.trim().length <= TITLE_LINE_MAX_CHARS && firstBreak >= 0) {
    title = firstLine.trim();
    body = content.slice(firstBreak + 1);
  }
  const sink = new BlockSink(limits.maxChars);
  for (const block of splitBlocks(body, false)) sink.paragraph(block.text);
  date ??= dateNearStart(title, sink.blocks);
  return { kind: 'text', ...(title ? { title } : {}), ...(date ? { date } : {}), blocks: sink.blocks };
}
