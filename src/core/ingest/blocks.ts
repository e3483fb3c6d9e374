import type { DocumentKind } from './sniff.ts';

/** A piece of a converted document: a heading or a paragraph, its text verbatim on one line. */
export type Block = { readonly heading: number; readonly text: string } | { readonly heading?: undefined; readonly text: string };

/** What a converter makes of a document's bytes. */
export interface Converted {
  readonly kind: DocumentKind;
  /** The document's own title (metadata, `<title>`, a Title-styled paragraph …) when it has one. */
  readonly title?: string;
  /** ISO `YYYY-MM-DD` when the document says when it was published. */
  readonly date?: string;
  readonly publisher?: string;
  /** Where a Markdown document says it comes from (its own `source` key). */
  readonly source?: string;
  /** Other front matter keys a Markdown document brought along, kept as they were. */
  readonly extraMeta?: Readonly<Record<string, unknown>>;
  readonly blocks: readonly Block[];
}

/** Collapses white space (including line breaks and non-breaking spaces) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Thrown by a converter whose output would pass the character cap. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/** Collects blocks while keeping count of characters, so a converter stops as soon as the cap is passed. */
export class BlockSink {
  readonly blocks: Block[] = [];
  private chars = 0;
  constructor(private readonly maxChars: number) {}

  paragraph(text: string): void {
    const line = oneLine(text);
    if (line) this.push({ text: line });
  }

  heading(level: number, text: string): void {
    const line = oneLine(text);
    if (line) this.push({ heading: Math.min(Math.max(level, 1), 6), text: line });
  }

  private push(block: Block): void {
    this.chars += block.text.length + 2;
    if (this.chars > this.maxChars) throw new TooLargeError(`more than ${this.maxChars.toLocaleString('en')} characters of text`);
    this.blocks.push(block);
  }
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

function monthNumber(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3))) + 1;
}

/**
 * A full date (`2022-08-14`, `14 August 2022`, `August 14, 2022`, `2022年8月14日`) in a short text, as ISO, or
 * undefined. Only full dates count: a year alone says too little to date a document.
 */
export function findDate(text: string): string | undefined {
  const isoMatch = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(text);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  const dayFirst = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i').exec(text);
  if (dayFirst) return iso(Number(dayFirst[3]), monthNumber(dayFirst[2]!), Number(dayFirst[1]));
  const monthFirst = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  if (monthFirst) return iso(Number(monthFirst[3]), monthNumber(monthFirst[1]!), Number(monthFirst[2]));
  const cjk = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (cjk) return iso(Number(cjk[1]), Number(cjk[2]), Number(cjk[3]));
  return undefined;
}

/** An ISO date from a metadata value (`2023-05-02T10:00:00Z`, `D:20230502…`), or undefined. */
export function dateFromMeta(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const pdf = /^D:(\d{4})(\d{2})(\d{2})/.exec(value);
  if (pdf) return iso(Number(pdf[1]), Number(pdf[2]), Number(pdf[3]));
  return findDate(value);
}

/**
 * The date a document gives near its start: in its title or in a short line among its first blocks (a dateline
 * or byline). Dates inside the first paragraphs' prose are not taken: they usually name something else.
 */
export function dateNearStart(title: string | undefined, blocks: readonly Block[]): string | undefined {
  const head = [title ?? '', ...blocks.slice(0, 3).filter((b) => b.text.length <= 120).map((b) => b.text)].join('\n');
  return findDate(head);
}
