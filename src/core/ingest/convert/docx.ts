import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { BlockSink, dateNearStart, oneLine, type Converted } from '../blocks.ts';
import type { IngestLimits } from '../limits.ts';
import { htmlToBlocks } from './html.ts';
import { readZip, zipEntries, ZipError } from './zip.ts';

/** The parts mammoth reads to turn a document into HTML; images and embedded files are not inflated. */
const TEXT_PART = /\.(xml|rels)$/i;

/**
 * A Word document (mammoth): the XML parts are first inflated here under the expansion cap, and only those
 * checked parts are handed to mammoth, re-packed uncompressed, so a zip bomb never reaches it. Word's headings
 * (Heading 1–6 styles) stay headings; the Title style or the document properties give the title.
 */
export async function convertDocx(bytes: Uint8Array, limits: IngestLimits): Promise<Converted> {
  const parts = readZip(bytes, (name) => TEXT_PART.test(name) || name === '[Content_Types].xml', limits.maxExpandedBytes);
  if (!parts.has('word/document.xml')) throw new ZipError('corrupt', 'the archive has no word/document.xml');
  // Images and embedded files stay in the package as empty stand-ins: mammoth finds them but nothing inflates them.
  const stubs = zipEntries(bytes).filter((e) => !parts.has(e.name) && !e.name.endsWith('/')).map((e) => [e.name, new Uint8Array(0)] as const);
  const checked = Buffer.from(zipSync({ ...Object.fromEntries(stubs), ...Object.fromEntries(parts) }, { level: 0 }));
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: checked },
      {
        styleMap: [
          "p[style-name='Title'] => h1.docx-title:fresh",
          'p.Title => h1.docx-title:fresh',
          "p[style-name='Subtitle'] => p:fresh",
          ...[1, 2, 3, 4, 5, 6].map((n) => `p.Heading${n} => h${n}:fresh`),
        ],
        externalFileAccess: false,
        ignoreEmptyParagraphs: true,
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw new ZipError('corrupt', `the Word document cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const sink = new BlockSink(limits.maxChars);
  const titleParagraph = /<h1 class="docx-title">([\s\S]*?)<\/h1>/.exec(html);
  htmlToBlocks(html.replace(/<h1 class="docx-title">[\s\S]*?<\/h1>/, ''), sink);
  const core = parts.get('docProps/core.xml');
  const coreTitle = core ? /<dc:title>([\s\S]*?)<\/dc:title>/.exec(Buffer.from(core).toString('utf8'))?.[1] : undefined;
  const title = oneLine(decodeEntities(titleParagraph?.[1]?.replace(/<[^>]+>/g, '') ?? '')) || oneLine(decodeEntities(coreTitle ?? '')) || undefined;
  const date = dateNearStart(title, sink.blocks);
  return { kind: 'docx', ...(title ? { title } : {}), ...(date ? { date } : {}), blocks: sink.blocks };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}
