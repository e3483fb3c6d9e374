import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synonymsOf, SYNONYM_GROUPS } from '../../src/core/search/thesaurus.ts';
import { americanSpelling } from '../../src/core/text/terms.ts';
import { termsOf, tokenize } from '../../src/core/text/tokenize.ts';
import { SEED_CORPUS } from '../support/corpus.ts';

/** The first letters a token's index terms may begin with: its own, and for a hyphenated word its parts'. */
const initialsOf = (form: string) => new Set(form.split('-').filter(Boolean).map((part) => part[0]));

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

describe('index terms keep their word\'s first letter (highlighting and the thesaurus stem only words that can match)', () => {
  it('GIVEN any word, hyphenated or not THEN each of its index terms begins with the first letter of the word or of one of its parts', () => {
    const word = fc.stringMatching(/^[a-z0-9][a-z0-9']{0,14}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), (parts) => {
        const form = parts.join('-');
        const initials = initialsOf(form);
        return termsOf(form).every((term) => initials.has(term[0]));
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN every word of the bundled article and British spellings THEN the same holds', () => {
    const text = fs.readdirSync(SEED_CORPUS).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(SEED_CORPUS, f), 'utf8')).join('\n');
    const forms = [...new Set(tokenize(text).map((t) => t.form)), 'authorisations', 'behaviours', 'ies', 'sses', 'yes', 'eyes'];
    const broken = forms.filter((form) => !termsOf(form).every((term) => initialsOf(form).has(term[0])));
    expect(broken).toEqual([]);
  });

  it('GIVEN a thesaurus word THEN its synonyms are the other terms of its groups, in the thesaurus\'s order', () => {
    // The whole thesaurus expanded at once, as the terms of each group expanding each other.
    const expected = new Map<string, string[]>();
    for (const group of SYNONYM_GROUPS) {
      const terms = [...new Set(group.flatMap((word) => termsOf(word).slice(0, 1)))];
      for (const term of terms) {
        const list = expected.get(term) ?? [];
        for (const other of terms) if (other !== term && !list.includes(other)) list.push(other);
        expected.set(term, list);
      }
    }
    for (const [term, list] of expected) expect(synonymsOf(term)).toEqual(list);
    expect(synonymsOf(termsOf('erase')[0]!)).toEqual(expect.arrayContaining(termsOf('delete')));
    expect(synonymsOf('zebra')).toEqual([]);
  });
});
