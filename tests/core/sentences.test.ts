import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/corpus/sentences.ts';

const sentencesOf = (text: string) => splitSentences(text).map((span) => text.slice(span.start, span.end));

describe('splitSentences', () => {
  it('GIVEN abbreviations THEN it does not split after them', () => {
    expect(sentencesOf('Mr. Smith went to the U.S. Congress on Jan. 5. He left.')).toEqual([
      'Mr. Smith went to the U.S. Congress on Jan. 5.',
      'He left.',
    ]);
    expect(sentencesOf('See No. 5 and e.g. Apple. It grew.')).toEqual(['See No. 5 and e.g. Apple.', 'It grew.']);
  });

  it('GIVEN decimals THEN they stay inside their sentence', () => {
    expect(sentencesOf('It rose to 31.4 trillion yuan. Then it fell.')).toEqual(['It rose to 31.4 trillion yuan.', 'Then it fell.']);
  });

  it('GIVEN a closing curly quote THEN it stays with its sentence', () => {
    expect(sentencesOf('“It is an important support.” The person in charge said so.')).toEqual([
      '“It is an important support.”',
      'The person in charge said so.',
    ]);
  });

  it('GIVEN a lower-case continuation or an initial THEN no split happens', () => {
    expect(sentencesOf('other aspects. complete layout. J. R. Smith agreed!')).toEqual(['other aspects. complete layout.', 'J. R. Smith agreed!']);
  });

  it('GIVEN an ellipsis before a capital THEN it ends a sentence', () => {
    expect(sentencesOf('saves more power than a 2K screen… A few days ago, it was released.')).toEqual([
      'saves more power than a 2K screen…',
      'A few days ago, it was released.',
    ]);
  });
});
