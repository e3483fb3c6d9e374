import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/core/corpus/load.ts';
import type { Extraction } from '../../src/core/extract/types.ts';
import { folded, loadSeed } from './helpers.ts';

let corpus: Corpus;
let extraction: Extraction;
const MINISTRY = 'relevant person in charge of the Ministry of Industry and Information Technology';
const CAO_ROLE = 'chief researcher of the industrial chain and supply chain field of China Electronics and Information Industry Development Research Institute';

beforeAll(async () => {
  ({ corpus, extraction } = await loadSeed());
});

describe('GIVEN the seed article WHEN its quotations are extracted', () => {
  it('THEN every direct quote has its right speaker, verb and paragraph', () => {
    const direct = extraction.quotes.filter((q) => q.kind === 'direct');
    expect(direct.map((q) => [q.paragraph, q.speaker, q.verb, q.text.slice(0, 40)])).toEqual([
      [2, MINISTRY, 'introduced', 'The supply chain of the industrial chain'],
      [6, MINISTRY, 'said', 'Judging from the impact of the epidemic '],
      [8, 'Cao Xirui', 'explained', 'In the context of the accelerated restru'],
      [12, MINISTRY, 'said', 'In general, my country’s industrial chai'],
      [13, 'Cao Xirui', 'believes', 'The leading and backbone enterprises in '],
      [16, 'Cao Xirui', 'said', 'From an international point of view, bui'],
    ]);
  });

  it('THEN a quotation of several sentences inside one pair of marks is one quote, without its marks', () => {
    const quote = extraction.quotes.find((q) => q.kind === 'direct' && q.paragraph === 6)!;
    expect(quote.text).toMatch(/^Judging from .*coordinated disposal The capacity needs to be improved\.$/);
    expect(quote.text).not.toMatch(/[“”]/);
  });

  it('THEN "The person in charge said" resolves to the full description given earlier, with its organisation as role', () => {
    const paragraph6 = extraction.quotes.filter((q) => q.paragraph === 6);
    expect(paragraph6.map((q) => [q.kind, q.speaker, q.role])).toEqual([
      ['direct', MINISTRY, 'Ministry of Industry and Information Technology'],
      ['reported', MINISTRY, 'Ministry of Industry and Information Technology'],
    ]);
  });

  it('THEN named speakers carry the role the text gives them, on every later quote too', () => {
    for (const quote of extraction.quotes.filter((q) => q.speaker === 'Cao Xirui')) expect(quote.role).toBe(CAO_ROLE);
    expect(extraction.quotes.find((q) => q.speaker === 'Wu Cangzhi')).toMatchObject({
      kind: 'reported',
      role: 'head of Xiaomi’s new display technology joint laboratory',
      verb: 'introduced',
      paragraph: 10,
    });
  });

  it('THEN reported speech without quotation marks is a quote of kind reported: the words after "that"', () => {
    const reported = extraction.quotes.filter((q) => q.kind === 'reported');
    expect(reported.map((q) => [q.paragraph, q.speaker, q.text.slice(0, 30)])).toEqual([
      [2, MINISTRY, 'after years of hard work, my c'],
      [6, MINISTRY, 'the next step will be to stren'],
      [8, 'Cao Xirui', 'at present, the central and we'],
      [10, 'Wu Cangzhi', 'in order to promote the locali'],
      [12, MINISTRY, 'with the goal of promoting the'],
      [13, 'Cao Xirui', 'large enterprises should be en'],
      [16, 'Cao Xirui', 'creating a green and sustainab'],
      [17, MINISTRY, 'enhancing the core competitive'],
    ]);
  });

  it('THEN reported speech goes on through the sentences that continue it, up to the next speaker', () => {
    const wu = extraction.quotes.find((q) => q.speaker === 'Wu Cangzhi')!;
    expect(wu.text).toMatch(/^in order to promote .*“Technology Joint Laboratory”, which integrates .* mass production\.$/);
    const cao = extraction.quotes.find((q) => q.kind === 'reported' && q.paragraph === 8)!;
    expect(cao.text).toContain('become a new window for China‘s manufacturing industry');
    const ministry = extraction.quotes.find((q) => q.kind === 'reported' && q.paragraph === 12)!;
    expect(ministry.text).toMatch(/strive to overcome “stuck neck” technologies and products\.$/);
  });

  it('THEN every quote text occurs verbatim in its passage, at its offset', () => {
    const corpusText = folded(corpus.documents.flatMap((d) => d.paragraphs).join('\n'));
    for (const quote of extraction.quotes) {
      const passage = corpus.passages[quote.passageIndex]!;
      expect(passage.text.slice(quote.at, quote.at + quote.text.length)).toBe(quote.text);
      expect(passage.paragraph).toBe(quote.paragraph);
      expect(corpusText).toContain(folded(quote.text));
    }
  });

  it('THEN the speakers are listed most quoted first', () => {
    expect(extraction.speakers.map((s) => [s.name, s.quotes])).toEqual([
      [MINISTRY, 7],
      ['Cao Xirui', 6],
      ['Wu Cangzhi', 1],
    ]);
    expect(extraction.speakers[1]!.role).toBe(CAO_ROLE);
  });
});

describe('GIVEN the seed article WHEN its quoted terms are gathered', () => {
  it('THEN scare quotes are glossary terms, not quotes, each once with its paragraphs', () => {
    expect(extraction.glossary.map((g) => [g.term, g.paragraphs, g.count])).toEqual([
      ['14th Five-Year Plan', [7], 1],
      ['unique skills', [7], 1],
      ['little giant', [7], 1],
      ['Belt and Road', [8], 1],
      ['stuck neck', [10, 12], 2],
      ['new display', [10], 1],
      ['Technology Joint Laboratory', [10], 1],
      ['leaders', [13], 1],
      ['main force', [13], 1],
    ]);
    const quoted = extraction.quotes.map((q) => q.text);
    for (const term of ['stuck neck', 'little giant', 'Belt and Road']) expect(quoted).not.toContain(term);
  });
});
