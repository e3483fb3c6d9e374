import { canonicalText } from '../text/fold.ts';
import { failure, type CorpusDocument, type Outcome } from '../types.ts';
import type { Corpus } from './load.ts';

/**
 * Finds the document a user means: its id (any case, with or without extension), the last part of its id,
 * or a fragment of its title, as long as exactly one document fits.
 */
export function resolveDocument(corpus: Corpus, reference: string): Outcome<{ document: CorpusDocument }> {
  const wanted = canonicalText(reference).replace(/\.(txt|md|markdown)$/, '');
  if (!wanted) return failure('unknown_document', 'No document was named.');
  const exact = corpus.byId.get(reference.trim());
  if (exact) return { ok: true, document: exact };
  const tiers: ((d: CorpusDocument) => boolean)[] = [
    (d) => canonicalText(d.id) === wanted,
    (d) => canonicalText(d.id.split('/').pop() ?? '') === wanted,
    (d) => canonicalText(d.title) === wanted,
    (d) => canonicalText(d.id).includes(wanted) || canonicalText(d.title).includes(wanted),
  ];
  for (const fits of tiers) {
    const found = corpus.documents.filter(fits);
    if (found.length === 1) return { ok: true, document: found[0]! };
    if (found.length > 1) {
      return failure('unknown_document', `"${reference}" fits ${found.length} documents; name one of them.`, found.slice(0, 10).map((d) => d.id));
    }
  }
  return failure('unknown_document', `There is no document "${reference}" in the corpus.`, nearestIds(corpus, wanted));
}

/** Document ids sharing the most words with what was asked, for "did you mean". */
function nearestIds(corpus: Corpus, wanted: string): string[] {
  const words = new Set(wanted.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
  return corpus.documents
    .map((d) => {
      const text = canonicalText(`${d.id} ${d.title}`);
      return { id: d.id, shared: [...words].filter((w) => text.includes(w)).length };
    })
    .filter((d) => d.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map((d) => d.id);
}
