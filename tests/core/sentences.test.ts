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

describe('sentence repair', () => {
  it('GIVEN a translation split after a figure ("… for 12 consecutive years. Year ranked first …") THEN the fragment joins its sentence', () => {
    expect(sentencesOf('The scale of manufacturing has increased for 12 consecutive years. Year ranked first in the world. Next it grew.')).toEqual([
      'The scale of manufacturing has increased for 12 consecutive years. Year ranked first in the world.',
      'Next it grew.',
    ]);
  });

  it('GIVEN short sentences that are not fragments THEN they stay apart', () => {
    // A pronoun, a name, a long sentence, or no figure before it.
    expect(sentencesOf('It rose by 12 percent. It then fell.')).toEqual(['It rose by 12 percent.', 'It then fell.']);
    expect(sentencesOf('Sales reached 12 million. John Smith agreed.')).toEqual(['Sales reached 12 million.', 'John Smith agreed.']);
    expect(sentencesOf('The plan was approved. Results followed quickly.')).toEqual(['The plan was approved.', 'Results followed quickly.']);
    expect(sentencesOf('Sales reached 12 million. Profits grew much faster than anyone in the industry expected.')).toHaveLength(2);
  });
});
