import { assembleCorpus } from '../../src/core/corpus/load.ts';
import { parseDocument } from '../../src/core/corpus/parse.ts';
import { buildIndex, type SearchIndex } from '../../src/core/search/index.ts';
import type { CorpusDocument } from '../../src/core/types.ts';

/** An index over in-memory documents: `{ id: markdown text }`. */
export function indexOf(files: Record<string, string>): SearchIndex {
  const documents = Object.entries(files).map(([id, text]) => {
    const parsed = parseDocument(id, `${id}.md`, text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.document as CorpusDocument;
  });
  return buildIndex(assembleCorpus('/virtual', documents, []));
}
