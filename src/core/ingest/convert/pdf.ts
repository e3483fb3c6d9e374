import type { TextItem } from 'pdfjs-dist/types/src/display/api.d.ts';
import { BlockSink, dateNearStart, oneLine, type Converted } from '../blocks.ts';
import type { IngestLimits } from '../limits.ts';

/** Why a PDF could not be read: the ingest turns these into coded failures. */
export class PdfError extends Error {
  constructor(readonly reason: 'scanned' | 'corrupt' | 'encrypted' | 'too_large', message: string) {
    super(message);
    this.name = 'PdfError';
  }
}


/** Fewer visible characters than this in the whole file: there is no text layer to index. */
const MIN_TEXT_CHARS = 16;

/** Titles that PDF producers write on their own, not the author's. */
const JUNK_TITLE = /^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd|tex|dvi)|document\d*|slide \d+|title)$/i;

/**
 * A PDF's text layer (pdf.js, Mozilla's PDF reader): lines are joined into paragraphs, a paragraph ends where the
 * vertical gap between lines is wider than usual, and at a page end that closes a sentence. The words are the
 * document's own; a line-end hyphen (`indus-` / `try`) is kept and the halves joined. No rendering, no OCR:
 * a scanned PDF without a text layer is refused.
 */
export async function convertPdf(bytes: Uint8Array, limits: IngestLimits): Promise<Converted> {
  await checkExpansion(bytes, limits.maxPdfExpandedBytes);
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let pdf;
  try {
    pdf = await getDocument({
      data: new Uint8Array(bytes), // a copy: pdf.js takes ownership of (detaches) the buffer, and refuses a Buffer
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') throw new PdfError('encrypted', 'the PDF is password-protected');
    throw new PdfError('corrupt', `the PDF cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    let title: string | undefined;
    try {
      const info = (await pdf.getMetadata()).info as { Title?: unknown };
      const raw = typeof info.Title === 'string' ? oneLine(info.Title) : '';
      if (raw && !JUNK_TITLE.test(raw)) title = raw;
    } catch {
      // Metadata is optional.
    }
    const sink = new BlockSink(limits.maxChars);
    let visible = 0;
    let paragraph = '';
    const flush = () => {
      if (paragraph.trim()) sink.paragraph(paragraph);
      paragraph = '';
    };
    const addLine = (line: string) => {
      const text = oneLine(line);
      if (!text) return;
      visible += text.replace(/\s/g, '').length;
      if (!paragraph) paragraph = text;
      else if (/\p{L}-$/u.test(paragraph) && /^\p{Ll}/u.test(text)) paragraph += text;
      else paragraph += ` ${text}`;
    };
    const pages = Math.min(pdf.numPages, limits.maxPdfPages);
    for (let n = 1; n <= pages; n++) {
      let content;
      try {
        const page = await pdf.getPage(n);
        content = await page.getTextContent();
        page.cleanup();
      } catch (error) {
        throw new PdfError('corrupt', `page ${n} of the PDF cannot be read (${error instanceof Error ? error.message : String(error)})`);
      }
      const items = content.items.filter((item): item is TextItem => 'str' in item);
      let line = '';
      let lineY: number | undefined;
      let lineHeight = 0;
      let previousY: number | undefined;
      let previousGap: number | undefined;
      const endLine = () => {
        if (line.trim() && lineY !== undefined) {
          const gap = previousY === undefined ? undefined : Math.abs(previousY - lineY);
          // A gap clearly wider than the line before it (or than the font's height) starts a new paragraph.
          const usual = Math.max(previousGap ?? 0, lineHeight * 1.2, 1);
          if (gap !== undefined && gap > usual * 1.35) flush();
          addLine(line);
          if (gap !== undefined && gap <= usual * 1.35) previousGap = gap;
          previousY = lineY;
        }
        line = '';
        lineY = undefined;
        lineHeight = 0;
      };
      for (const item of items) {
        if (item.str) {
          if (lineY === undefined) lineY = item.transform[5] ?? 0;
          lineHeight = Math.max(lineHeight, item.height || Math.abs(item.transform[3] ?? 0));
          line += item.str;
        }
        if (item.hasEOL) endLine();
      }
      endLine();
      // A page break ends the paragraph unless the text runs on mid-sentence.
      if (!/[\p{L},;\-–]$/u.test(paragraph)) flush();
    }
    flush();
    if (visible < MIN_TEXT_CHARS) throw new PdfError('scanned', 'scanned PDF: no text to index');
    const date = dateNearStart(title, sink.blocks);
    return { kind: 'pdf', ...(title ? { title } : {}), ...(date ? { date } : {}), blocks: sink.blocks };
  } finally {
    await pdf.destroy();
  }
}

/**
 * The zip-bomb guard for PDFs: pdf.js inflates a page's streams whole, so before it sees the file, every Flate
 * stream that text extraction may read (content, fonts, object streams: not images) is inflated here, counting
 * and discarding the output, and the file is refused once the total passes `maxBytes`.
 */
async function checkExpansion(bytes: Uint8Array, maxBytes: number): Promise<void> {
  const zlib = await import('node:zlib');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const streamStart = /\bstream\r?\n/g;
  let total = 0;
  for (let match = streamStart.exec(text); match; match = streamStart.exec(text)) {
    const dataStart = match.index + match[0].length;
    const dataEnd = text.indexOf('endstream', dataStart);
    if (dataEnd < 0) break;
    streamStart.lastIndex = dataEnd;
    const objectStart = Math.max(text.lastIndexOf(' obj', match.index), match.index - 4096, 0);
    const dictionary = text.slice(objectStart, match.index);
    if (!/\/FlateDecode/.test(dictionary) || /\/Subtype\s*\/Image/.test(dictionary)) continue;
    const budget = maxBytes - total;
    total += await inflatedSize(zlib, bytes.subarray(dataStart, dataEnd), budget);
    if (total > maxBytes) {
      throw new PdfError('too_large', `its compressed streams expand to more than ${Math.round(maxBytes / 1048576)} MB`);
    }
  }
}

/** How many bytes `data` inflates to, counted up to `budget + 1` and never kept. Damaged data counts what it gave. */
function inflatedSize(zlib: typeof import('node:zlib'), data: Uint8Array, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflate();
    let size = 0;
    const done = () => {
      inflate.removeAllListeners();
      inflate.on('error', () => {});
      inflate.destroy();
      resolve(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) done();
    });
    inflate.on('end', done);
    inflate.on('error', done);
    inflate.end(data);
  });
}
