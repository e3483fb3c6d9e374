import { describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, passagesOf } from '../../src/core/corpus/passages.ts';
import { analyzeDocument } from '../../src/core/search/analysis.ts';
import type { CorpusDocument } from '../../src/core/types.ts';

function documentOf(paragraph: string): CorpusDocument {
  return { id: 'huge', file: 'huge.txt', title: 'Huge', sections: [], paragraphs: [paragraph], paragraphSections: [undefined] };
}

/** Splits and analyses one paragraph; returns the passages and the time it took (best of 3). */
function cut(paragraph: string) {
  let best = Infinity;
  let passages = passagesOf(documentOf(paragraph), 0);
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    passages = passagesOf(documentOf(paragraph), 0);
    analyzeDocument(documentOf(paragraph), passages);
    best = Math.min(best, performance.now() - started);
  }
  return { passages, ms: best };
}

const SHAPES: [string, (n: number) => string][] = [
  ['one sentence of one word repeated', (n) => 'word '.repeat(n / 5).trim()],
  ['one "word" without spaces', (n) => 'abcdefghij'.repeat(n / 10)],
  ['many short sentences', (n) => 'The rate was 4.5% in 2023. '.repeat(n / 27).trim()],
  ['a table row without stops', (n) => '| 0010 | Total | 12.5 | '.repeat(n / 24).trim()],
];

describe('huge paragraphs', () => {
  it.each(SHAPES)('GIVEN %s of 675,000 characters THEN it is cut into bounded passages in linear time', (_name, make) => {
    const small = cut(make(168_750));
    const large = cut(make(675_000));
    for (const passage of large.passages) {
      expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      for (const s of passage.sentences) expect(s.end).toBeLessThanOrEqual(passage.text.length);
    }
    expect(large.passages.length).toBeGreaterThan(675_000 / MAX_PASSAGE_CHARS);
    // Linear: 4x the text takes about 4x the time; quadratic would be 16x. Generous for noisy machines.
    expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(9);
  });
});
