import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { makeCorpus, SEED_CORPUS } from '../support/corpus.ts';

let seed: Engine;
beforeAll(async () => {
  const opened = await openEngine(SEED_CORPUS);
  if (!opened.ok) throw new Error(opened.message);
  seed = opened.engine;
});

const answerTo = (engine: Engine, question: string, options = {}) => {
  const outcome = engine.ask(question, options);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.answer;
};

describe('asking the seed article', () => {
  it('GIVEN a paraphrased quantity question THEN the first result is the verbatim sentence holding the number, with its citation', () => {
    const answer = answerTo(seed, 'What share of OLED shipments did domestic manufacturers have?');
    expect(answer.abstained).toBe(false);
    const [first] = answer.results;
    expect(first!.text).toContain('accounted for 24.7% of OLED shipments');
    expect(first!.doc).toMatchObject({ date: '2022-08-14', title: expect.stringMatching(/^Stable chain/) });
    expect(first!.paragraph).toBe(11);
  });

  it('GIVEN any answer THEN every result text occurs verbatim in the document', () => {
    const answer = answerTo(seed, 'How did manufacturing value added change between 2012 and 2021?');
    const paragraphs = seed.corpus.documents[0]!.paragraphs;
    for (const r of answer.results) expect(paragraphs[r.paragraph - 1]).toContain(r.text.replace(/…$/, ''));
    expect(answer.results[0]!.text).toContain('16.98 trillion yuan in 2012 to 31.4 trillion yuan in 2021');
  });

  it('GIVEN a question THEN highlights mark the matched words in the result text', () => {
    const [first] = answerTo(seed, 'hydrogen metallurgy project').results;
    const marked = first!.highlights.map(([s, e]) => first!.text.slice(s, e).toLowerCase());
    expect(marked).toEqual(expect.arrayContaining(['hydrogen', 'metallurgy', 'project']));
  });

  it.each(['How many tons of steel does Tesla buy a year?', 'What is the unemployment rate in France?', 'recipe for chocolate cake'])(
    'GIVEN a question the corpus does not answer (%s) THEN it abstains and suggests topics it covers',
    (question) => {
      const answer = answerTo(seed, question);
      expect(answer.abstained).toBe(true);
      expect(answer.results).toEqual([]);
      expect(answer.suggestions.length).toBeGreaterThan(0);
    },
  );

  it('GIVEN a limit THEN no more results than that come back, best first', () => {
    const answer = answerTo(seed, 'industrial chain supply chain', { limit: 2 });
    expect(answer.results).toHaveLength(2);
    expect(answer.results[0]!.score).toBeGreaterThanOrEqual(answer.results[1]!.score);
  });
});

describe('limiting a question to one document', () => {
  it('GIVEN two documents and a document option THEN only that document is searched', async () => {
    const opened = await openEngine(makeCorpus({
      'steel.txt': 'Steel report\n\nGreen steel output rose to 5 million tons in 2021.\n',
      'chips.txt': 'Chip report\n\nChip output rose to 5 million wafers in 2021.\n',
    }));
    if (!opened.ok) throw new Error(opened.message);
    const answer = answerTo(opened.engine, 'How much output in 2021?', { doc: 'chips' });
    expect(answer.scope?.id).toBe('chips');
    expect(answer.results.map((r) => r.doc.id)).toEqual(['chips']);
  });

  it('GIVEN an unknown document THEN the failure is a value with a code, never an exception', () => {
    expect(seed.ask('steel', { doc: 'no-such-document' })).toMatchObject({ ok: false, code: 'unknown_document' });
  });

  it('GIVEN a title fragment THEN it resolves to the document', () => {
    expect(answerTo(seed, 'steel', { doc: 'strong chain' }).scope?.id).toBe(seed.corpus.documents[0]!.id);
  });
});

describe('long sentences', () => {
  const words = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i % 7}`).join(' ');

  it('GIVEN a sentence longer than the scoring unit but under 1,200 characters THEN the answer is the whole sentence, uncut', async () => {
    const sentence = `The harbour authority shall ${words(60, 'alpha')}, and the zebra quota applies to ${words(60, 'beta')} in every port.`;
    expect(sentence.length).toBeGreaterThan(800);
    expect(sentence.length).toBeLessThan(1_200);
    const opened = await openEngine(makeCorpus({ 'ports.txt': `Ports\n\nIntro text here.\n\n${sentence}\n\nClosing words here.\n` }), () => {}, { snapshot: false });
    if (!opened.ok) throw new Error(opened.message);
    const [first] = answerTo(opened.engine, 'What does the zebra quota apply to?').results;
    expect(first!.text).toBe(sentence);
  });

  it('GIVEN a run of words far longer than any answer THEN the answer is a piece of it, its cuts marked with …', async () => {
    const run = `Start ${words(400, 'gamma')} zebra quota ${words(400, 'delta')} end.`;
    const opened = await openEngine(makeCorpus({ 'run.txt': `Run\n\n${run}\n` }), () => {}, { snapshot: false });
    if (!opened.ok) throw new Error(opened.message);
    const [first] = answerTo(opened.engine, 'zebra quota').results;
    expect(first!.text.length).toBeLessThan(1_300);
    expect(first!.text).toContain('zebra quota');
    expect(first!.text).toMatch(/^…|…$/);
    for (const piece of first!.text.split('…').filter(Boolean)) expect(run).toContain(piece);
    for (const [start, end] of first!.highlights) expect(first!.text.slice(start, end).toLowerCase()).toMatch(/zebra|quota/);
  });
});
