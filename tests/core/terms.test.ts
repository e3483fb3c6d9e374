import { describe, expect, it } from 'vitest';
import { americanSpelling } from '../../src/core/text/terms.ts';
import { termsOf } from '../../src/core/text/tokenize.ts';

describe('americanSpelling', () => {
  it('GIVEN British -ise/-isation/-our spellings THEN they fold to the American ones', () => {
    expect(['authorised', 'organisation', 'analyse', 'behaviour', 'labour'].map(americanSpelling)).toEqual([
      'authorized', 'organization', 'analyze', 'behavior', 'labor',
    ]);
  });

  it('GIVEN short or unrelated words THEN they stay as they are', () => {
    expect(['rise', 'wise', 'hour', 'four', 'analysis', 'basis'].map(americanSpelling)).toEqual(['rise', 'wise', 'hour', 'four', 'analysis', 'basis']);
  });

  it('GIVEN both spellings THEN they give the same index term', () => {
    expect(termsOf('authorised')).toEqual(termsOf('authorized'));
    expect(termsOf('recognised')).toEqual(termsOf('recognized'));
  });
});
