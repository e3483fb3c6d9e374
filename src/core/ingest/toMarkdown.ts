import { stringify } from 'yaml';
import type { Block } from './blocks.ts';

export interface FrontMatter {
  readonly title: string;
  readonly date?: string;
  readonly publisher?: string;
  /** Where the document came from: the URL, or the name of the uploaded file. */
  readonly source?: string;
  readonly addedBy?: string;
  /** ISO timestamp. */
  readonly addedAt: string;
  /** Other keys a Markdown document brought along. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * The corpus's Markdown form: YAML front matter, then one line per paragraph with blank lines between, headings
 * as `##`… (never `#`, which would read as the title). The words are the document's own, unchanged.
 */
export function toMarkdown(meta: FrontMatter, blocks: readonly Block[]): string {
  const front: Record<string, unknown> = { title: meta.title };
  if (meta.date) front.date = meta.date;
  if (meta.publisher) front.publisher = meta.publisher;
  if (meta.source) front.source = meta.source;
  if (meta.addedBy) front.added_by = meta.addedBy;
  front.added_at = meta.addedAt;
  for (const [key, value] of Object.entries(meta.extra ?? {})) if (!(key in front)) front[key] = value;
  const yaml = stringify(front, { lineWidth: 0 }).trimEnd();
  const body = blocks.map((block) => (block.heading !== undefined ? `${'#'.repeat(Math.max(2, block.heading))} ${block.text}` : block.text));
  return `---\n${yaml}\n---\n\n${body.join('\n\n')}\n`;
}
