import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TermIndex } from '../../src/core/extract/scoring.ts';

/** A sealed ranking index (typed arrays) scores every term exactly as the index it was sealed from. */

const scored = (index: Pick<TermIndex, 'scoreTerm'>, term: string) => {
  const visits: [number, number][] = [];
  index.scoreTerm(term, (item, score) => visits.push([item, score]));
  return visits;
};

const WORDS = ['tax', 'rate', 'levy', 'steel', 'zebra', 'port'];
// Items with increasing ids (gaps allowed: the context index is keyed by passage), fields of words with weights
// such as the ranking's own (2, 1, 0.5, 0.3: the last is not exact in a Float32Array).
const items = fc.array(
  fc.record({
    gap: fc.integer({ min: 1, max: 4 }),
    fields: fc.array(fc.record({ terms: fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), weight: fc.constantFrom(2, 1, 0.5, 0.3) }), { maxLength: 3 }),
  }),
  { maxLength: 40 },
);

describe('TermIndex#seal', () => {
  it('gives the same items, in the same order, with bit-identical scores and frequencies', () => {
    fc.assert(
      fc.property(items, (list) => {
        const index = new TermIndex();
        let id = -1;
        for (const item of list) index.add((id += item.gap), item.fields);
        const sealed = index.seal();
        for (const term of [...WORDS, 'absent']) {
          expect(sealed.frequency(term)).toBe(index.frequency(term));
          expect(scored(sealed, term)).toEqual(scored(index, term));
        }
      }),
    );
  });

  it('scores a known case as BM25 does', () => {
    const index = new TermIndex();
    index.add(0, [{ terms: ['tax', 'rate'], weight: 1 }]);
    index.add(2, [{ terms: ['tax'], weight: 2 }]);
    const visits = scored(index.seal(), 'tax');
    expect(visits.map(([item]) => item)).toEqual([0, 2]);
    expect(visits[1]![1]).toBeGreaterThan(visits[0]![1]);
  });
});
