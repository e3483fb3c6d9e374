import { describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, passagesOf } from '../../src/core/corpus/passages.ts';
import { learnAbbreviations } from '../../src/core/expand/abbreviations.ts';
import { analyzeDocument } from '../../src/core/search/analysis.ts';
import type { CorpusDocument } from '../../src/core/types.ts';

function documentOf(paragraph: string): CorpusDocument {
  return { id: 'huge', file: 'huge.txt', title: 'Huge', sections: [], paragraphs: [paragraph], paragraphSections: [undefined] };
}

/**
 * Splits and analyses one paragraph and learns its abbreviations; returns the passages and the CPU time it took (this test file's process:
 * waiting for a core on a loaded machine is not counted, as wall time would count it).
 */
function cutOnce(paragraph: string) {
  const started = process.cpuUsage();
  const passages = passagesOf(documentOf(paragraph), 0);
  analyzeDocument(documentOf(paragraph), passages);
  // What indexing learns from the text: abbreviations defined in it, initialisms of its names.
  learnAbbreviations({ documents: [documentOf(paragraph)] } as never);
  const used = process.cpuUsage(started);
  return { passages, ms: (used.user + used.system) / 1000 };
}

/**
 * The small and the large paragraph cut in turns, best of 7 each: a busy moment of the machine (another test file
 * running beside this one) then weighs on both alike rather than on one of them.
 */
function cutInTurns(small: string, large: string) {
  let best = { small: Infinity, large: Infinity };
  let passages = cutOnce(large).passages;
  for (let run = 0; run < 7; run++) {
    best = { ...best, small: Math.min(best.small, cutOnce(small).ms) };
    const cut = cutOnce(large);
    passages = cut.passages;
    best = { ...best, large: Math.min(best.large, cut.ms) };
  }
  return { passages, smallMs: best.small, largeMs: best.large };
}

const SHAPES: [string, (n: number) => string][] = [
  ['one sentence of one word repeated', (n) => 'word '.repeat(n / 5).trim()],
  ['one "word" without spaces', (n) => 'abcdefghij'.repeat(n / 10)],
  ['many short sentences', (n) => 'The rate was 4.5% in 2023. '.repeat(n / 27).trim()],
  ['a table row without stops', (n) => '| 0010 | Total | 12.5 | '.repeat(n / 24).trim()],
  ['sentences naming bodies', (n) => {
    const sentence = 'Later the Harbour Development Fund (HDF) paid for the new quay and the old one. ';
    return sentence.repeat(Math.ceil(n / sentence.length)).trim();
  }],
];

describe('huge paragraphs', () => {
  it.each(SHAPES)('GIVEN %s of 675,000 characters THEN it is cut into bounded passages in linear time', (_name, make) => {
    const { passages, smallMs, largeMs } = cutInTurns(make(84_375), make(675_000));
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      for (const s of passage.sentences) expect(s.end).toBeLessThanOrEqual(passage.text.length);
    }
    expect(passages.length).toBeGreaterThan(675_000 / MAX_PASSAGE_CHARS);
    // Linear: 8x the text takes about 8x the time; quadratic would be 64x. The bound sits between them (their
    // geometric mean). CPU time, not wall time: with wall time a machine at load 16 measured 29x.
    expect(largeMs / Math.max(smallMs, 1)).toBeLessThan(22);
  });
});
