import { failure, type Failure } from '../../types.ts';
import { TooLargeError, type Converted } from '../blocks.ts';
import type { IngestLimits } from '../limits.ts';
import type { DocumentKind } from '../sniff.ts';
import { convertMarkdown } from './markdown.ts';
import { PdfError } from './pdf.ts';
import { convertText } from './text.ts';
import { ZipError } from './zip.ts';

/** What a conversion needs: plain data, so that it can be sent to the converter thread as it is. */
export interface ConversionRequest {
  readonly kind: DocumentKind;
  readonly bytes: Uint8Array;
  readonly limits: IngestLimits;
  /** The Content-Type a server gave (its charset is a hint for HTML). */
  readonly contentType?: string;
  /** How messages name the document (`"report.pdf"`, a URL). */
  readonly label: string;
}

/** Kinds whose converters are heavy (pdf.js, mammoth, linkedom) and may take long: they run on the converter thread. */
export const HEAVY_KINDS: ReadonlySet<DocumentKind> = new Set(['pdf', 'docx', 'html']);

/** Converts a document's bytes to blocks of text, or says politely why it cannot. */
export async function convertDocument({ kind, bytes, limits, contentType, label }: ConversionRequest): Promise<Converted | Failure> {
  try {
    switch (kind) {
      // The heavy converters load on first use.
      case 'pdf':
        return await (await import('./pdf.ts')).convertPdf(bytes, limits);
      case 'docx':
        return await (await import('./docx.ts')).convertDocx(bytes, limits);
      case 'html':
        return (await import('./html.ts')).convertHtml(bytes, limits, /charset=([\w.:-]+)/i.exec(contentType ?? '')?.[1]);
      case 'markdown':
        return convertMarkdown(bytes, limits);
      case 'text':
        return convertText(bytes, limits);
    }
  } catch (error) {
    if (error instanceof PdfError) {
      if (error.reason === 'scanned') return failure('scanned_pdf', `${label} is a scanned PDF: no text to index. Add a PDF with a text layer (or run OCR on it first).`);
      if (error.reason === 'too_large') return failure('too_large', `${label} expands too much to be read safely: ${error.message}.`);
      return failure('corrupt_file', `${label} cannot be read: ${error.message}.`);
    }
    if (error instanceof ZipError) {
      if (error.reason === 'too_large') return failure('too_large', `${label} expands too much to be read safely: ${error.message}.`);
      return failure('corrupt_file', `${label} is a damaged Word document: ${error.message}.`);
    }
    if (error instanceof TooLargeError) return failure('too_large', `${label} expands too much to be read safely: ${error.message}.`);
    return failure('corrupt_file', `${label} cannot be read as ${kind === 'text' ? 'text' : kind.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}.`);
  }
}
