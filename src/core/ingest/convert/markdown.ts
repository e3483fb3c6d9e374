import { parse as parseYaml } from 'yaml';
import { splitBlocks } from '../../corpus/paragraphs.ts';
import { BlockSink, dateNearStart, type Converted } from '../blocks.ts';
import type { IngestLimits } from '../limits.ts';
import { utf8Text } from './text.ts';

/** Keys the ingest sets itself; a document's own values for them are replaced. */
const OWN_KEYS = new Set(['title', 'date', 'source', 'publisher', 'added_by', 'added_at']);

/**
 * Markdown: front matter keys are kept (title, date, publisher, source and any others; `added_by` and
 * `added_at` are set by the ingest), `#` headings stay headings, the text stays as written.
 */
export function convertMarkdown(bytes: Uint8Array, limits: IngestLimits): Converted {
  const content = utf8Text(bytes);
  let body = content;
  let meta: Record<string, unknown> = {};
  const fm = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(content);
  if (fm) {
    body = content.slice(fm[0].length);
    try {
      const data: unknown = parseYaml(fm[1]!, { prettyErrors: false, maxAliasCount: 100 });
      if (data && typeof data === 'object' && !Array.isArray(data)) meta = data as Record<string, unknown>;
    } catch {
      // Broken front matter is dropped, as the loader would ignore it.
    }
  }
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined);
  let title = text(meta.title);
  let date = meta.date instanceof Date ? meta.date.toISOString().slice(0, 10) : text(meta.date);
  const publisher = text(meta.publisher);
  const source = text(meta.source);
  const extraMeta = Object.fromEntries(Object.entries(meta).filter(([key]) => !OWN_KEYS.has(key)));

  const blocks = splitBlocks(body, true);
  if (!title && blocks[0]?.headingLevel === 1) title = blocks.shift()!.text;
  const sink = new BlockSink(limits.maxChars);
  for (const block of blocks) {
    if (block.headingLevel !== undefined) sink.heading(block.headingLevel, block.text);
    else sink.paragraph(block.text);
  }
  date ??= dateNearStart(title, sink.blocks);
  return {
    kind: 'markdown',
    ...(title ? { title } : {}),
    ...(date ? { date } : {}),
    ...(publisher ? { publisher } : {}),
    ...(source ? { source } : {}),
    ...(Object.keys(extraMeta).length > 0 ? { extraMeta } : {}),
    blocks: sink.blocks,
  };
}
