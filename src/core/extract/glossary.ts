/**
 * A document's glossary: the short terms it puts in quotation marks (“stuck neck”, “little giant”, ‘main
 * force’), each once, with the paragraphs where it is quoted.
 */
import { canonicalText } from '../text/fold.ts';
import type { TermOccurrence } from './quotes.ts';
import type { GlossaryTerm } from './types.ts';

/** Gathers term occurrences into glossary entries per document, in order of first appearance. */
export function glossaryOf(occurrences: readonly TermOccurrence[]): GlossaryTerm[] {
  const entries = new Map<string, { term: string; docId: string; paragraphs: number[]; count: number }>();
  for (const occurrence of occurrences) {
    const key = `${occurrence.docId}\u0000${canonicalText(occurrence.term)}`;
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { term: occurrence.term, docId: occurrence.docId, paragraphs: [], count: 0 }));
    entry.count++;
    if (entry.paragraphs[entry.paragraphs.length - 1] !== occurrence.paragraph && !entry.paragraphs.includes(occurrence.paragraph)) {
      entry.paragraphs.push(occurrence.paragraph);
    }
  }
  return [...entries.values()].map((entry) => ({ ...entry, paragraphs: [...entry.paragraphs].sort((a, b) => a - b) }));
}
