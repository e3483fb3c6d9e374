import { describe, expect, it } from 'vitest';
import { idf, type SearchIndex } from '../../src/core/search/index.ts';
import { plainTerms, retrieve } from '../../src/core/search/retrieve.ts';
import { indexOf } from './helpers.ts';

/** A sentence's terms as stored in the compact index: the first term of a token as its id, further ones as ~id. */
const sentenceEntries = (index: SearchIndex, passage: number, sentence: number) => {
  const { compact } = index;
  const s = compact.passageSentenceStart[passage]! + sentence;
  return [...compact.sentenceTerms.slice(compact.sentenceTermStart[s], compact.sentenceTermStart[s + 1])];
};
const sentenceTerms = (index: SearchIndex, passage: number, sentence: number) =>
  sentenceEntries(index, passage, sentence).map((entry) => index.compact.terms[entry < 0 ? ~entry : entry]);
const search = (index: SearchIndex, words: string[], docId?: string) => {
  const inDoc = docId === undefined ? undefined : (index.passagesByDoc.get(docId) ?? []);
  if (inDoc?.length === 0) return [];
  const range = inDoc ? ([inDoc[0]!, inDoc[inDoc.length - 1]! + 1] as const) : undefined;
  return retrieve(index.compact, words.map((term, group) => ({ term, weight: 1, group })), { limit: 10, boost: { text: 1, section: 0.6, title: 0.25 }, ...(range ? { range } : {}) }).map(
    (hit) => index.corpus.passages[hit.id]!.text,
  );
};

describe('buildIndex', () => {
  const index = indexOf({
    a: '# Steel\n\nHydrogen metallurgy cuts carbon. The plant opened in 2019.\n\nLow-carbon steel is sold to carmakers.',
    b: '# Screens\n\nThe new screen saves power. Displays use less power than before.',
  });

  it('GIVEN passages THEN each sentence keeps its own stemmed terms in order', () => {
    const first = index.corpus.passages.find((p) => p.text.startsWith('Hydrogen'))!;
    expect(sentenceTerms(index, first.index, 0)).toEqual(['hydrogen', 'metallurgi', 'cut', 'carbon']);
    expect(sentenceTerms(index, first.index, 1)).toEqual(['plant', 'open', '2019']);
  });

  it('GIVEN a hyphenated word THEN its whole and halves belong to one token', () => {
    const passage = index.corpus.passages.find((p) => p.text.startsWith('Low-carbon'))!;
    const entries = sentenceEntries(index, passage.index, 0);
    // One token start (id ≥ 0) then its further terms (~id < 0): low-carbon, steel, sold, carmakers are 4 tokens.
    expect(entries.filter((e) => e >= 0)).toHaveLength(4);
    expect(entries[0]).toBeGreaterThanOrEqual(0);
    expect(entries[1]).toBeLessThan(0);
  });

  it('GIVEN a term in few passages THEN its idf is higher than a common one', () => {
    expect(index.documentFrequency.get('power')).toBe(1);
    expect(index.documentFrequency.get('carbon')).toBe(2);
    expect(idf(index, 'power')).toBeGreaterThan(idf(index, 'carbon'));
  });
});

describe('retrieve with weighted terms', () => {
  const index = indexOf({
    a: '# Steel\n\nHydrogen metallurgy cuts carbon.\n\nThe steel plant sells steel.',
    b: '# Screens\n\nThe new screen saves power and carbon.',
  });

  it('GIVEN question words THEN passages matching more of them rank first', () => {
    expect(search(index, ['carbon', 'hydrogen'])).toEqual(['Hydrogen metallurgy cuts carbon.', 'The new screen saves power and carbon.']);
  });

  it('GIVEN a word of a document title THEN its passages are found through the title field', () => {
    expect(search(index, ['screen'])).toEqual(['The new screen saves power and carbon.']);
    expect(search(index, ['steel'])[0]).toBe('The steel plant sells steel.');
    expect(search(index, ['steel'])).toContain('Hydrogen metallurgy cuts carbon.');
  });

  it('GIVEN a document scope THEN only its passages come back', () => {
    expect(search(index, ['carbon'], 'b')).toEqual(['The new screen saves power and carbon.']);
    expect(search(index, ['carbon'], 'missing')).toEqual([]);
  });

  it('GIVEN weights of 1 THEN the scores are those of the query string; a weight scales a term, a group counts once', () => {
    const options = { limit: 10, boost: { text: 1, section: 0.6, title: 0.25 } };
    expect(retrieve(index.compact, plainTerms('carbon hydrogen carbon'), options)).toEqual(retrieve(index.compact, 'carbon hydrogen carbon', options));
    const plain = retrieve(index.compact, [{ term: 'power', weight: 1, group: 0 }], options);
    const half = retrieve(index.compact, [{ term: 'power', weight: 0.5, group: 0 }], options);
    expect(half[0]!.score).toBeCloseTo(plain[0]!.score / 2, 12);
    // power and carbon as one group: one matched term (no ×2), two as separate groups.
    const together = retrieve(index.compact, [{ term: 'power', weight: 1, group: 0 }, { term: 'carbon', weight: 1, group: 0 }], options);
    const apart = retrieve(index.compact, [{ term: 'power', weight: 1, group: 0 }, { term: 'carbon', weight: 1, group: 1 }], options);
    expect(apart[0]!.score).toBeCloseTo(together[0]!.score * 2, 12);
  });
});
