import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { BlockSink, TooLargeError, dateFromMeta, dateNearStart, oneLine, type Converted } from '../blocks.ts';
import type { IngestLimits } from '../limits.ts';

/** Elements whose content is never document text. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'button', 'select', 'input', 'textarea', 'head', 'img', 'video', 'audio', 'picture']);
/** Page furniture, dropped when the main content has to be found without Readability. */
const FURNITURE = new Set(['nav', 'header', 'footer', 'aside', 'form', 'menu', 'dialog']);
/** Elements that hold one paragraph of text. */
const LEAF_BLOCKS = new Set(['p', 'li', 'dt', 'dd', 'pre', 'figcaption', 'caption', 'address', 'summary', 'tr']);
/** Elements that break the flow of text: their inline neighbours become paragraphs of their own. */
const BLOCKS = new Set([
  ...LEAF_BLOCKS, 'div', 'section', 'article', 'main', 'blockquote', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot',
  'figure', 'details', 'hr', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'body', 'center', 'fieldset', 'nav', 'header', 'footer', 'aside', 'form',
]);

/** The minimal DOM surface the walker uses (linkedom's nodes have it). */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

/** The character set a page declares in a `<meta>` tag, or undefined. */
export function declaredCharset(head: string): string | undefined {
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return match?.[1]?.toLowerCase();
}

/** Decodes a page's bytes: UTF-8 when valid, else the declared (or HTTP) charset, else windows-1252. */
export function decodeHtml(bytes: Uint8Array, charsetHint?: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
    for (const label of [declaredCharset(head), charsetHint, 'windows-1252']) {
      if (!label) continue;
      try {
        return new TextDecoder(label).decode(bytes);
      } catch {
        // An unknown label: try the next.
      }
    }
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * An HTML page's main text: Readability (Firefox's reader view) finds the article and drops navigation, ads,
 * scripts and footers; the article's headings, paragraphs, list items and table rows become blocks, verbatim.
 */
export function convertHtml(bytes: Uint8Array, limits: IngestLimits, charsetHint?: string): Converted {
  const html = decodeHtml(bytes, charsetHint);
  // A page that would expand into a huge DOM is refused before it is parsed.
  const tags = countTags(html, limits.maxHtmlElements);
  if (tags > limits.maxHtmlElements) throw new TooLargeError(`more than ${limits.maxHtmlElements.toLocaleString('en')} HTML elements`);

  const { document } = parseHTML(html);
  const metaDate = dateFromMeta(
    metaContent(document, ['article:published_time', 'og:published_time', 'datePublished', 'date', 'dc.date', 'dcterms.date', 'pubdate']) ??
      (document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined),
  );
  const pageTitle = oneLine(document.querySelector('title')?.textContent ?? '');
  const firstH1 = oneLine(document.querySelector('h1')?.textContent ?? '');

  let article: ReturnType<Readability<string>['parse']> = null;
  try {
    const clone = parseHTML(html).document;
    article = new Readability(clone as never, { maxElemsToParse: limits.maxHtmlElements, charThreshold: 100 }).parse();
  } catch {
    article = null;
  }

  const sink = new BlockSink(limits.maxChars);
  if (article?.content && oneLine(article.textContent ?? '').length > 0) {
    htmlToBlocks(article.content, sink, true);
  } else {
    walk(document.body as unknown as DomNode, sink, true);
  }

  const siteName = oneLine(article?.siteName ?? '') || undefined;
  const title = chooseTitle(oneLine(article?.title ?? '') || pageTitle, firstH1, siteName);
  const blocks = sink.blocks.slice();
  // The article's own heading repeats the title: the title is in the front matter already.
  if (title && blocks[0]?.heading !== undefined && oneLine(blocks[0].text).toLowerCase() === title.toLowerCase()) blocks.shift();
  const date = dateFromMeta(article?.publishedTime) ?? metaDate ?? dateNearStart(title, blocks);
  return {
    kind: 'html',
    ...(title ? { title } : {}),
    ...(date ? { date } : {}),
    ...(siteName ? { publisher: siteName } : {}),
    blocks,
  };
}

/** The blocks of an HTML fragment (no main-content detection: all of it is content). */
export function htmlToBlocks(html: string, sink: BlockSink, dropFurniture = false): void {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  walk(document.body as unknown as DomNode, sink, dropFurniture);
}

/** Counts `<` followed by a letter, stopping early once past `cap`. */
function countTags(html: string, cap: number): number {
  let count = 0;
  const re = /<[a-zA-Z]/g;
  while (re.exec(html) && count <= cap) count++;
  return count;
}

function metaContent(document: { querySelector(s: string): { getAttribute(n: string): string | null } | null }, names: readonly string[]): string | undefined {
  for (const name of names) {
    const element = document.querySelector(`meta[property="${name}"]`) ?? document.querySelector(`meta[name="${name}"]`) ?? document.querySelector(`meta[itemprop="${name}"]`);
    const content = element?.getAttribute('content');
    if (content) return content;
  }
  return undefined;
}

/** `Harbour plan | Ports Agency` → `Harbour plan` when the page's heading or site name shows which part is the title. */
function chooseTitle(title: string, h1: string, siteName: string | undefined): string | undefined {
  if (!title) return h1 || undefined;
  if (h1 && title !== h1 && title.toLowerCase().startsWith(h1.toLowerCase())) return h1;
  if (siteName) {
    const parts = title.split(/\s+[|–—·:»-]\s+/);
    const kept = parts.filter((part) => part.toLowerCase() !== siteName.toLowerCase());
    if (kept.length > 0 && kept.length < parts.length) return kept.join(' - ');
  }
  return title;
}

/**
 * Walks the DOM in reading order. Inline content is gathered into the current paragraph; a block element ends
 * it. Headings become headings, table rows one paragraph with ` | ` between cells.
 */
function walk(root: DomNode, sink: BlockSink, dropFurniture: boolean): void {
  let inline = '';
  const flush = () => {
    if (inline.trim()) sink.paragraph(inline);
    inline = '';
  };
  const visit = (node: DomNode) => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.nodeName.toLowerCase();
    if (SKIP.has(tag) || (dropFurniture && FURNITURE.has(tag))) return;
    if (node.getAttribute?.('hidden') !== null && node.getAttribute?.('hidden') !== undefined) return;
    if (!BLOCKS.has(tag)) {
      for (const child of Array.from(node.childNodes)) visit(child);
      return;
    }
    flush();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      sink.heading(Number(heading[1]), node.textContent ?? '');
      return;
    }
    if (tag === 'tr') {
      const cells = Array.from(node.childNodes).filter((c) => c.nodeType === 1 && /^t[dh]$/i.test(c.nodeName)).map((c) => oneLine(c.textContent ?? ''));
      if (cells.some(Boolean)) sink.paragraph(cells.join(' | '));
      return;
    }
    for (const child of Array.from(node.childNodes)) visit(child);
    flush();
  };
  for (const child of Array.from(root?.childNodes ?? [])) visit(child);
  flush();
}
