/**
 * A corpus's extraction (facts, quotes, glossary and speakers) combined from its documents', and the ranking of
 * facts and quotes. Extracting a document is document.ts, loaded only where a document must be extracted: a start
 * from the snapshot never runs the extractors, and does not load their code.
 */
import type { Corpus } from '../corpus/load.ts';
import { finish } from '../steps.ts';
import { glossaryOf } from './glossary.ts';
import type { TermOccurrence } from './quotes.ts';
import { speakersOf } from './speakers.ts';
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

/**
 * combineExtractions as a generator that pauses after every document (and every 1024 figures), for loading between
 * turns of the event loop.
 */
export function* combineExtractionSteps(
  corpus: Pick<Corpus, 'documents' | 'passages'>,
  parts: readonly { readonly extraction: DocumentExtraction; readonly firstPassage: number }[],
): Generator<void, Extraction> {
  const facts: Fact[] = [];
  const quotes: Quote[] = [];
  const glossary: GlossaryTerm[] = [];
  for (const { extraction, firstPassage } of parts) {
    yield;
    for (const [k, fact] of extraction.facts.entries()) {
      if ((k & 0x3ff) === 0x3ff) yield; // a rulebook holds tens of thousands
      facts.push(firstPassage === 0 ? fact : { ...fact, passageIndex: fact.passageIndex + firstPassage });
    }
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

export { glossaryOf } from './glossary.ts';
export { matchSpeakers, speakerMatches } from './speakers.ts';
export * from './rank.ts';
export * from './json.ts';
export type * from './types.ts';
