import { describe, expect, it } from 'vitest';
import { idf, searchPassages, type SearchIndex } from '../../src/core/search/index.ts';
import { indexOf } from './helpers.ts';

const termsById = (index: SearchIndex) => new Map([...index.vocabulary].map(([term, id]) => [id, term]));
const search = (index: SearchIndex, words: string[], docId?: string) =>
  searchPassages(index, words.map((w, source) => ({ id: index.vocabulary.get(w) ?? -1, boost: 1, source })), 10, docId).map(
    (hit) => index.corpus.passages[hit.id]!.text,
  );

describe('buildIndex', () => {
  const index = indexOf({
    a: '# Steel\n\nHydrogen metallurgy cuts carbon. The plant opened in 2019.\n\nLow-carbon steel is sold to carmakers.',
    b: '# Screens\n\nThe new screen saves power. Displays use less power than before.',
  });

  it('GIVEN passages THEN each sentence keeps its own stemmed terms with token positions', () => {
    const first = index.corpus.passages.find((p) => p.text.startsWith('Hydrogen'))!;
    const terms = index.passageTerms[first.index]!;
    const names = termsById(index);
    const sentence = (s: number) => [...terms.ids.slice(s > 0 ? terms.sentenceEnds[s - 1] : 0, terms.sentenceEnds[s])].map((id) => names.get(id));
    expect(sentence(0)).toEqual(['hydrogen', 'metallurgi', 'cut', 'carbon']);
    expect(sentence(1)).toEqual(['plant', 'open', '2019']);
    expect([...terms.sentenceLengths]).toEqual([4, 3]);
  });

  it('GIVEN a hyphenated word THEN its whole and halves share one position', () => {
    const passage = index.corpus.passages.find((p) => p.text.startsWith('Low-carbon'))!;
    const terms = index.passageTerms[passage.index]!;
    expect([...terms.positions.slice(0, 3)]).toEqual([0, 0, 0]);
    expect(terms.sentenceLengths[0]).toBe(4); // low-carbon, steel, sold, carmakers
  });

  it('GIVEN a term in few passages THEN its idf is higher than a common one', () => {
    expect(index.documentFrequency.get('power')).toBe(1);
    expect(index.documentFrequency.get('carbon')).toBe(2);
    expect(idf(index, 'power')).toBeGreaterThan(idf(index, 'carbon'));
  });
});

describe('searchPassages', () => {
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
});
