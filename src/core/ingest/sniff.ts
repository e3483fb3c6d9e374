import { decodeText } from '../corpus/load.ts';

/** The kinds of document that can be added. */
export type DocumentKind = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';

export type Sniffed = { readonly kind: DocumentKind } | { readonly unsupported: string };

/** Well-known binary formats, named so that a refusal can say what the file is. */
const MAGIC: readonly (readonly [bytes: readonly number[], what: string])[] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x42, 0x5a, 0x68], 'a bzip2 archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office file (.doc/.xls/.ppt); save it as .docx or PDF'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF file; save it as .docx or PDF'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF)'],
  [[0x4d, 0x5a], 'a Windows program'],
  [[0x00, 0x00, 0x00], 'a binary file'],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** Where `%PDF-` appears in the first KB (some PDFs carry a few bytes of junk before it), or -1. */
export function pdfHeaderOffset(bytes: Uint8Array): number {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.indexOf('%PDF-');
}

/** True when `bytes` is a ZIP archive whose entries include a Word document body. */
function zipEntryNames(bytes: Uint8Array): string {
  // Entry names sit in plain bytes in the local and central headers; a scan is enough to tell a DOCX
  // from another ZIP (the DOCX converter then reads the archive properly and checks it).
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

const HTML_START = /^(?:\s|<!--[\s\S]*?-->)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>])/i;
const HTML_TAGS = /<(?:html|head|body|p|div|article|h[1-6]|title|meta|table|section)[\s>/]/gi;

/** True when text looks like an HTML page rather than text or Markdown that mentions a tag. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  if (HTML_START.test(head)) return true;
  const tags = head.match(HTML_TAGS)?.length ?? 0;
  return tags >= 4 && /<\/(?:p|div|body|html)>/i.test(head);
}

/**
 * Tells a document's type from its bytes. The name (or a URL's Content-Type) is only a hint: it decides
 * between Markdown and plain text, never whether bytes are a PDF or a Word file.
 */
export function sniffType(bytes: Uint8Array, nameHint = ''): Sniffed {
  if (pdfHeaderOffset(bytes) >= 0) return { kind: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const names = zipEntryNames(bytes);
    if (names.includes('word/document.xml')) return { kind: 'docx' };
    if (names.includes('xl/workbook.xml')) return { unsupported: 'an Excel workbook' };
    if (names.includes('ppt/presentation.xml')) return { unsupported: 'a PowerPoint presentation' };
    if (names.includes('content.xml') && names.includes('mimetypeapplication/vnd.oasis')) return { unsupported: 'an OpenDocument file; save it as .docx or PDF' };
    if (names.includes('mimetypeapplication/epub')) return { unsupported: 'an EPUB book' };
    return { unsupported: 'a ZIP archive, not a Word document' };
  }
  const utf8Bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  if (!utf8Bom && (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))) {
    return { unsupported: 'UTF-16 text; save it as UTF-8' };
  }
  for (const [magic, what] of MAGIC) if (startsWith(bytes, magic)) return { unsupported: what };

  // HTML is told apart before the UTF-8 check: a page may be in another character set.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  if (!head.includes('\u0000') && looksLikeHtml(head)) return { kind: 'html' };

  const decoded = decodeText(bytes.length > 65_536 ? bytes.subarray(0, cutAtCharBoundary(bytes, 65_536)) : bytes);
  // White space only is text: the converter then says the document is empty.
  if ('reason' in decoded) return /empty/.test(decoded.reason) ? { kind: 'text' } : { unsupported: decoded.reason.replace(/^binary file/, 'a binary file') };
  if (/\.(md|markdown)$/i.test(nameHint) || /markdown/i.test(nameHint)) return { kind: 'markdown' };
  if (/^\ufeff?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*\r?\n/.test(decoded.text.slice(0, 8192))) return { kind: 'markdown' };
  if (/^#{1,6}\s+\S/m.test(decoded.text.slice(0, 8192)) && !/\.txt$/i.test(nameHint)) return { kind: 'markdown' };
  return { kind: 'text' };
}

/** A cut point at or before `at` that does not split a UTF-8 sequence. */
function cutAtCharBoundary(bytes: Uint8Array, at: number): number {
  let cut = at;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return cut;
}
