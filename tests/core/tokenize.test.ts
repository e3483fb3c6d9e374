import { describe, expect, it } from 'vitest';
import { foldForMatching } from '../../src/core/text/fold.ts';
import { termsOfText, tokenize } from '../../src/core/text/tokenize.ts';

describe('text folding and terms', () => {
  it('GIVEN curly quotes, dashes and capitals THEN folding straightens them and keeps the length', () => {
    const text = '“Stuck Neck” — the ‘main force’';
    const folded = foldForMatching(text);
    expect(folded).toBe('"stuck neck" - the \'main force\'');
    expect(folded).toHaveLength(text.length);
  });

  it('GIVEN numbers and percentages THEN they are searchable terms, the percentage also as its bare number', () => {
    expect(termsOfText('accounted for 24.7% in 2021, from 16.98 trillion, 1,000 tons')).toEqual(
      expect.arrayContaining(['24.7%', '24.7', '2021', '16.98', '1000', 'trillion', 'ton']),
    );
  });

  it('GIVEN a hyphenated word THEN it is found by the whole and by either half', () => {
    const terms = termsOfText('a low-carbon 1.2 million-ton project');
    expect(terms).toEqual(expect.arrayContaining(['low-carbon', 'low', 'carbon', 'million-ton', 'million', 'ton']));
  });

  it('GIVEN stop words and inflections THEN stop words drop out and words are Porter-stemmed', () => {
    expect(termsOfText('What are the industries of the manufacturing chains?')).toEqual(['industri', 'manufactur', 'chain']);
  });

  it('GIVEN text THEN token offsets point into the original text', () => {
    const text = 'The “supply chain” grew';
    const token = tokenize(text).find((t) => t.form === 'supply')!;
    expect(text.slice(token.start, token.end)).toBe('supply');
  });
});
