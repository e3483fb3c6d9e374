import { parseFile } from '../corpus/load.ts';
import { passagesOf } from '../corpus/passages.ts';
import type { extractDocument } from '../extract/document.ts';
import { analyzeDocument } from '../search/analysis.ts';
import type { LoadWarning } from '../types.ts';
import type { Segment } from './segment.ts';

/** The segment section holding a document's extraction (facts, quotes, quoted terms; passage indexes local). */
export const EXTRACTION_SECTION = 'extraction';

/** A file parsed and analysed: its segment, or why it holds no document. */
export type AnalysedFile = { readonly segment: Segment } | { readonly warning: LoadWarning };

/**
 * Parses, splits, analyses and extracts one corpus file into its segment: the whole of a file's work in a build,
 * done the same way on the main thread and in the build's worker threads (analysisPool.ts). `extract` is passed
 * in so that a start whose documents all come from the snapshot never loads the extractors' code.
 */
export function analyseFile(file: string, bytes: Uint8Array, extract: typeof extractDocument): AnalysedFile {
  const result = parseFile(file, bytes);
  if (!('document' in result)) return { warning: result.warning };
  const passages = passagesOf(result.document, 0);
  return {
    segment: {
      document: result.document,
      ...(result.warning ? { warning: result.warning.reason } : {}),
      passages,
      analysis: analyzeDocument(result.document, passages),
      extra: { [EXTRACTION_SECTION]: { json: extract(result.document, passages) } },
    },
  };
}
