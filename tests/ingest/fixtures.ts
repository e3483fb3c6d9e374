/**
 * Real documents made by the tests: PDFs (with and without a text layer) with pdf-lib, DOCX files and zip bombs
 * with fflate, an HTML page with scripts and navigation around its article.
 */
import { zipSync, strToU8, type Zippable } from 'fflate';
import zlib from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';

/** A PDF whose pages hold the given paragraphs as real text (Helvetica), wrapped at ~80 characters. */
export async function pdfWithText(paragraphs: readonly string[], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  let page = pdf.addPage([595, 842]);
  let y = 800;
  for (const paragraph of paragraphs) {
    for (const line of wrap(paragraph, 80)) {
      if (y < 60) {
        page = pdf.addPage([595, 842]);
        y = 800;
      }
      page.drawText(line, { x: 50, y, size: 11, font });
      y -= 14;
    }
    y -= 14;
  }
  return pdf.save();
}

/** A "scanned" PDF: pages with drawings and no text at all. */
export async function pdfWithoutText(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 500, width: 400, height: 250, color: rgb(0.8, 0.8, 0.8) });
  page.drawLine({ start: { x: 50, y: 480 }, end: { x: 450, y: 480 }, thickness: 2 });
  return pdf.save();
}

/** A PDF with real text whose page also holds a Flate stream that inflates to `megabytes` MB (a PDF bomb). */
export async function pdfBomb(megabytes: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText('A page with text, and a content stream that expands hugely.', { x: 50, y: 800, size: 11, font });
  const bomb = pdf.context.stream(zlib.deflateSync(Buffer.alloc(megabytes * 1024 * 1024, 0x20)), { Filter: 'FlateDecode' });
  const contents = page.node.get(PDFName.of('Contents'));
  page.node.set(PDFName.of('Contents'), pdf.context.obj([...(contents ? [contents] : []), pdf.context.register(bomb)]));
  return pdf.save({ useObjectStreams: false });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`;
const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One Word paragraph; `style` is a style id such as `Title` or `Heading1`. */
export type DocxParagraph = string | { style: string; text: string };

export function documentXml(paragraphs: readonly DocxParagraph[]): string {
  const body = paragraphs
    .map((p) => {
      const { style, text } = typeof p === 'string' ? { style: undefined, text: p } : p;
      return `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A minimal but real DOCX: content types, package relationships and word/document.xml (plus core.xml when titled). */
export function docx(paragraphs: readonly DocxParagraph[], options: { coreTitle?: string; extra?: Zippable } = {}): Uint8Array {
  const files: Zippable = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(documentXml(paragraphs)),
    'word/_rels/document.xml.rels': strToU8(DOCUMENT_RELS),
    'word/styles.xml': strToU8(STYLES),
    ...options.extra,
  };
  if (options.coreTitle) {
    files['docProps/core.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(options.coreTitle)}</dc:title></cp:coreProperties>`);
  }
  return zipSync(files, { level: 6 });
}

/** A DOCX whose document.xml inflates to `megabytes` MB (a zip bomb: a few hundred KB on disk). */
export function docxBomb(megabytes: number): Uint8Array {
  const head = strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>');
  const tail = strToU8('</w:t></w:r></w:p></w:body></w:document>');
  const xml = new Uint8Array(megabytes * 1024 * 1024).fill(0x41);
  xml.set(head, 0);
  xml.set(tail, xml.length - tail.length);
  return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), '_rels/.rels': strToU8(RELS), 'word/document.xml': xml }, { level: 1 });
}

/**
 * A zip bomb that lies: its directory declares a small size for word/document.xml, but the entry inflates to
 * far more. The declared sizes are patched after zipping, in the local header and the central directory.
 */
export function lyingDocxBomb(megabytes: number): Uint8Array {
  const bytes = docxBomb(megabytes).slice();
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const name = Buffer.from('word/document.xml');
  for (let i = 0; i < view.length - 4; i++) {
    const sig = view.readUInt32LE(i);
    if (sig === 0x04034b50 && view.subarray(i + 30, i + 30 + name.length).equals(name)) view.writeUInt32LE(1000, i + 22);
    if (sig === 0x02014b50 && view.subarray(i + 46, i + 46 + name.length).equals(name)) view.writeUInt32LE(1000, i + 24);
  }
  return bytes;
}

/** A news page: scripts, styles, navigation, a cookie banner and a footer around one article. */
export const NEWS_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour plan approved | Ports Agency News</title>
  <meta property="og:site_name" content="Ports Agency News">
  <meta property="article:published_time" content="2023-05-02T09:30:00Z">
  <script>window.tracking = "SECRET-TRACKING-CODE"; document.write("script text");</script>
  <style>.nav { color: red; } body::after { content: "style text"; }</style>
</head>
<body>
  <nav class="nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About the agency</a></li></ul></nav>
  <div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
  <header><div class="logo">Ports Agency</div></header>
  <main>
    <article>
      <h1>Harbour plan approved</h1>
      <p class="byline">By the Ports Agency press office</p>
      <p>The national harbour plan was approved on Tuesday. The harbour will handle 40 million containers a year by 2030, up from 26 million in 2022, the agency said in its annual report to parliament.</p>
      <h2>Jobs and investment</h2>
      <p>The first phase will employ 3,000 people and cost €4.2 billion. A second phase, from 2027 to 2030, will add another 2,000 jobs along the northern quay and the new rail terminal.</p>
      <p>“We expect the new terminal to cut truck traffic by a third,” said the agency’s director, Maria Jensen, at the press conference in the harbour office.</p>
      <ul>
        <li>Phase one: dredging and the northern quay, 2024 to 2027.</li>
        <li>Phase two: the rail terminal and the container yard, 2027 to 2030.</li>
      </ul>
      <script>trackArticle("inline-script-in-article");</script>
    </article>
  </main>
  <aside><h3>Related</h3><a href="/x">Ferry timetable changes for summer</a></aside>
  <footer><p>© 2023 Ports Agency. All rights reserved. Contact us · Privacy · Terms</p></footer>
</body>
</html>`;
