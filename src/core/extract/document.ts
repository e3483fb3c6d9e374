/**
 * Extraction of documents, done once when they are indexed (or when their snapshot lacks it): facts, quotes and
 * quoted terms. Kept out of index.ts so that code which only combines and ranks extractions does not load it.
 */
import type { Corpus } from '../corpus/load.ts';
import type { CorpusDocument, Passage } from '../types.ts';
import { combineExtractions, type DocumentExtraction } from './index.ts';
import { extractQuotes } from './quotes.ts';
import { extractFacts } from './stats.ts';
import type { Extraction, Fact } from './types.ts';

/** Extracts the facts, quotes and quoted terms of one document from its passages (in order). */
export function extractDocument(document: CorpusDocument | undefined, passages: readonly Passage[]): DocumentExtraction {
  const facts: Fact[] = [];
  for (const passage of passages) for (const fact of extractFacts(passage, document)) facts.push(fact);
  const found = passages.length > 0 ? extractQuotes(passages) : { quotes: [], terms: [] };
  return { facts, quotes: found.quotes, terms: found.terms };
}

/** Extracts everything from a loaded corpus. Linear in the corpus's size. */
export function extractCorpus(corpus: Pick<Corpus, 'documents' | 'passages'>): Extraction {
  const documents = new Map(corpus.documents.map((document) => [document.id, document]));
  const parts = [...byDocument(corpus.passages)].map((passages) => ({ extraction: extractDocument(documents.get(passages[0]!.docId), passages), firstPassage: 0 }));
  return combineExtractions(corpus, parts);
}

/** Runs of consecutive passages of one document (the loader keeps a document's passages together). */
function* byDocument(passages: readonly Passage[]): Generator<Passage[]> {
  let run: Passage[] = [];
  for (const passage of passages) {
    if (run.length > 0 && run[0]!.docId !== passage.docId) {
      yield run;
      run = [];
    }
    run.push(passage);
  }
  if (run.length > 0) yield run;
}
