/**
 * Extraction of a whole corpus, done once when it is indexed: facts, quotes, glossary and speakers.
 */
import type { Corpus } from '../corpus/load.ts';
import type { Passage } from '../types.ts';
import { glossaryOf } from './glossary.ts';
import { extractQuotes, type TermOccurrence } from './quotes.ts';
import { speakersOf } from './speakers.ts';
import { extractFacts } from './stats.ts';
import type { Extraction, Fact, Quote } from './types.ts';

/** Extracts everything from a loaded corpus. Linear in the corpus's size. */
export function extractCorpus(corpus: Pick<Corpus, 'documents' | 'passages'>): Extraction {
  const dates = new Map(corpus.documents.map((document) => [document.id, document]));
  const facts: Fact[] = [];
  const quotes: Quote[] = [];
  const terms: TermOccurrence[] = [];
  for (const passages of byDocument(corpus.passages)) {
    const document = dates.get(passages[0]!.docId);
    for (const passage of passages) for (const fact of extractFacts(passage, document)) facts.push(fact);
    const found = extractQuotes(passages);
    for (const quote of found.quotes) quotes.push(quote);
    for (const term of found.terms) terms.push(term);
  }
  return {
    documentIds: corpus.documents.map((document) => document.id),
    facts,
    quotes,
    glossary: glossaryOf(terms),
    speakers: speakersOf(quotes),
    passages: corpus.passages,
  };
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

export { extractFacts } from './stats.ts';
export { extractQuotes } from './quotes.ts';
export { glossaryOf } from './glossary.ts';
export { matchSpeakers, speakerMatches } from './speakers.ts';
export { parseAmount } from './numbers.ts';
export * from './rank.ts';
export * from './json.ts';
export type * from './types.ts';
