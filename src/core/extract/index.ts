/**
 * Extraction of a whole corpus, done once when it is indexed: facts, quotes, glossary and speakers.
 */
import type { Corpus } from '../corpus/load.ts';
import { finish } from '../steps.ts';
import type { CorpusDocument, Passage } from '../types.ts';
import { glossaryOf } from './glossary.ts';
import { extractQuotes, type TermOccurrence } from './quotes.ts';
import { speakersOf } from './speakers.ts';
import { extractFacts } from './stats.ts';
import type { Extraction, Fact, GlossaryTerm, Quote } from './types.ts';

/**
 * What one document yields, with passage indexes local to the document (its first passage is 0): what the
 * index snapshot stores per document and `combineExtractions` re-bases when the corpus is assembled.
 */
export interface DocumentExtraction {
  readonly facts: readonly Fact[];
  readonly quotes: readonly Quote[];
  readonly terms: readonly TermOccurrence[];
}

/** Extracts the facts, quotes and quoted terms of one document from its passages (in order). */
export function extractDocument(document: CorpusDocument | undefined, passages: readonly Passage[]): DocumentExtraction {
  const facts: Fact[] = [];
  for (const passage of passages) for (const fact of extractFacts(passage, document)) facts.push(fact);
  const found = passages.length > 0 ? extractQuotes(passages) : { quotes: [], terms: [] };
  return { facts, quotes: found.quotes, terms: found.terms };
}

/**
 * The corpus's extraction from its documents' extractions (parallel to corpus.documents), each given with the
 * index of the document's first passage in the corpus (added to every passage index); glossary and speakers
 * are gathered from them.
 */
export function combineExtractions(
  corpus: Pick<Corpus, 'documents' | 'passages'>,
  parts: readonly { readonly extraction: DocumentExtraction; readonly firstPassage: number }[],
): Extraction {
  return finish(combineExtractionSteps(corpus, parts));
}

/** combineExtractions as a generator that pauses after every document, for loading between turns of the event loop. */
export function* combineExtractionSteps(
  corpus: Pick<Corpus, 'documents' | 'passages'>,
  parts: readonly { readonly extraction: DocumentExtraction; readonly firstPassage: number }[],
): Generator<void, Extraction> {
  const facts: Fact[] = [];
  const quotes: Quote[] = [];
  const glossary: GlossaryTerm[] = [];
  for (const { extraction, firstPassage } of parts) {
    yield;
    for (const fact of extraction.facts) facts.push(firstPassage === 0 ? fact : { ...fact, passageIndex: fact.passageIndex + firstPassage });
    for (const quote of extraction.quotes) quotes.push(firstPassage === 0 ? quote : { ...quote, passageIndex: quote.passageIndex + firstPassage });
    // A glossary entry belongs to one document, so the corpus's glossary is its documents' glossaries in order.
    const terms = firstPassage === 0 ? extraction.terms : extraction.terms.map((term) => ({ ...term, passageIndex: term.passageIndex + firstPassage }));
    for (const entry of glossaryOf(terms)) glossary.push(entry);
  }
  yield;
  return {
    documentIds: corpus.documents.map((document) => document.id),
    facts,
    quotes,
    glossary,
    speakers: speakersOf(quotes),
    passages: corpus.passages,
  };
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

export { extractFacts } from './stats.ts';
export { extractQuotes } from './quotes.ts';
export { glossaryOf } from './glossary.ts';
export { matchSpeakers, speakerMatches } from './speakers.ts';
export { parseAmount } from './numbers.ts';
export * from './rank.ts';
export * from './json.ts';
export type * from './types.ts';
