import { createRequire } from 'node:module';
import type { CorpusDocument } from '../types.ts';
import { splitBlocks, structure } from './paragraphs.ts';

export type ParseResult = { readonly document: CorpusDocument; readonly warning?: string } | { readonly error: string };

interface Meta {
  title?: string;
  date?: string;
  source?: string;
  publisher?: string;
}

const SEED_TITLE_LINE = /^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$/i;
const TITLE_LINE_MAX_CHARS = 200;

/** Parses a `.txt` or `.md` file's text into a document. Pure: the loader does the I/O. */
export function parseDocument(id: string, file: string, text: string): ParseResult {
  const markdown = /\.(md|markdown)$/i.test(file);
  const content = text.replace(/^\ufeff/, '');
  let meta: Meta = {};
  let body = content;
  let warning: string | undefined;

  if (markdown) {
    const fm = splitFrontMatter(content);
    if (fm) {
      body = fm.body;
      const parsed = parseFrontMatter(fm.yaml);
      if ('error' in parsed) warning = `front matter ignored: ${parsed.error}`;
      else meta = parsed.meta;
    }
  } else {
    const firstBreak = content.search(/\r?\n/);
    const firstLine = firstBreak < 0 ? content : content.slice(0, firstBreak);
    const seedForm = SEED_TITLE_LINE.exec(firstLine);
    if (seedForm) {
      meta = { date: seedForm[1]!, title: seedForm[2]! };
      body = firstBreak < 0 ? '' : content.slice(firstBreak + 1);
    } else if (firstLine.trim() && firstLine.trim().length <= TITLE_LINE_MAX_CHARS && firstBreak >= 0) {
      meta = { title: firstLine.trim() };
      body = content.slice(firstBreak + 1);
    }
  }

  const blocks = splitBlocks(body, markdown);
  // A Markdown document without a title in its front matter takes its first top-level heading.
  if (markdown && !meta.title && blocks[0]?.headingLevel === 1) meta.title = blocks.shift()!.text;
  const { paragraphs, sections } = structure(blocks);
  if (paragraphs.length === 0) return { error: body.trim() ? 'no paragraphs of text' : 'empty document' };

  const document: CorpusDocument = {
    id,
    file,
    title: meta.title?.trim() || titleFromId(id),
    ...(meta.date ? { date: meta.date } : {}),
    ...(meta.source ? { source: meta.source } : {}),
    ...(meta.publisher ? { publisher: meta.publisher } : {}),
    sections,
    paragraphs: paragraphs.map((p) => p.text),
    paragraphSections: paragraphs.map((p) => p.section),
  };
  return warning ? { document, warning } : { document };
}

function splitFrontMatter(content: string): { yaml: string; body: string } | undefined {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(content);
  if (match) return { yaml: match[1]!, body: content.slice(match[0].length) };
  return undefined;
}

// yaml is loaded on the first front matter only: a start from the index snapshot parses no document, and the
// package costs ~80 ms to load.
const require = createRequire(import.meta.url);
let parseYaml: ((text: string, options: { prettyErrors: boolean }) => unknown) | undefined;

function parseFrontMatter(yaml: string): { meta: Meta } | { error: string } {
  let data: unknown;
  try {
    parseYaml ??= (require('yaml') as typeof import('yaml')).parse;
    data = parseYaml(yaml, { prettyErrors: false });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { error: `not valid YAML (${message})` };
  }
  if (data === null || data === undefined) return { meta: {} };
  if (typeof data !== 'object' || Array.isArray(data)) return { error: 'not a YAML mapping of keys to values' };
  const record = data as Record<string, unknown>;
  const meta: Meta = {};
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined);
  const title = text(record.title);
  if (title) meta.title = title;
  const date = record.date instanceof Date ? record.date.toISOString().slice(0, 10) : text(record.date);
  if (date) meta.date = date;
  const source = text(record.source);
  if (source) meta.source = source;
  const publisher = text(record.publisher);
  if (publisher) meta.publisher = publisher;
  return { meta };
}

/** `reports/2022-08-14_supply-chain` → `2022-08-14 supply chain`. */
export function titleFromId(id: string): string {
  const base = id.split('/').pop() ?? id;
  return base.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || id;
}
