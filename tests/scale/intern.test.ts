import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringPool } from '../../src/core/snapshot/intern.ts';

/** Sharing equal strings (intern.ts) changes no value: objects read back from the corpus file stay as they were. */

describe('StringPool', () => {
  it('leaves every field and array value as it was, strings or not', () => {
    const item = fc.dictionary(fc.constantFrom('text', 'docId', 'unit', 'at', 'docIds', 'low'), fc.oneof(fc.string(), fc.integer(), fc.array(fc.oneof(fc.string(), fc.integer())), fc.constant(null)));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (items) => {
        const copy = structuredClone(items);
        new StringPool().shareFields(copy);
        expect(copy).toEqual(items);
      }),
    );
  });

  it('gives back the first of equal strings', () => {
    const pool = new StringPool();
    const first = ['adgm', 'regulation/1'].join('_');
    expect(pool.share(first)).toBe(first);
    expect(pool.share(`adgm_${'regulation/1'}`)).toBe('adgm_regulation/1');
    const sections: unknown[] = ['Scope', 7, 'Scope', null];
    pool.shareStrings(sections);
    expect(sections).toEqual(['Scope', 7, 'Scope', null]);
  });
});
