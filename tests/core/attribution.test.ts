import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { attributionOf, attributionsOf } from '../../src/core/search/attribution.ts';
import { analyzeQuery } from '../../src/core/search/query.ts';
import { DEFAULT_RANKING, rankPassages } from '../../src/core/search/rank.ts';
import type { Quote } from '../../src/core/extract/types.ts';
import { makeCorpus } from '../support/corpus.ts';

/** A news report: a quotation before its attribution, whose sentence names only the speaker, as the seed article's do. */
const REPORT = {
  'clinics.md': [
    '---\ntitle: Winter health services\ndate: 2024-11-02\n---',
    '“Rural clinics will stay open through the winter, and every district keeps a doctor on call at night.” The spokesperson of the Ministry of Health said at a briefing in the capital on Friday, where the new ambulance fleet was shown.',
    'Hospitals in the north reported more visits in October than a year before.',
    'Hospitals in the south hired twelve nurses, and the Ministry of Health opened a pharmacy in the east.',
    'The weather service expects a cold winter with heavy snow in the mountains.',
  ].join('\n\n'),
};

let engine: Engine;
beforeAll(async () => {
  const opened = await openEngine(makeCorpus(REPORT), () => {}, { snapshot: false });
  if (!opened.ok) throw new Error(opened.message);
  engine = opened.engine;
});

const bestSentence = (question: string, options = DEFAULT_RANKING) => {
  const top = rankPassages(engine.index, analyzeQuery(question), {}, options)[0]!;
  const span = top.passage.sentences[top.bestSentence]!;
  return top.passage.text.slice(span.start, span.end);
};

describe('quotations found by their speaker', () => {
  it('GIVEN a question naming the speaker THEN the quotation is the answer, not the sentence that names them', () => {
    const question = 'What does the Ministry of Health say about clinics?';
    expect(bestSentence(question)).toMatch(/^“Rural clinics will stay open/);
    // Without the speaker's words credited, the attribution's sentence wins: the test can fail.
    expect(bestSentence(question, { ...DEFAULT_RANKING, attributionWeight: 0 })).toMatch(/^The spokesperson of the Ministry/);
    const answer = engine.ask(question);
    expect(answer.ok && answer.answer.results[0]!.text).toMatch(/^“Rural clinics will stay open through the winter/);
  });

  it('GIVEN a question without the speaker\'s words THEN the ranking is as without attributions', () => {
    const question = 'Which hospitals hired nurses?';
    expect(bestSentence(question)).toBe(bestSentence(question, { ...DEFAULT_RANKING, attributionWeight: 0 }));
    expect(bestSentence(question)).toMatch(/twelve nurses/);
  });

  it('GIVEN quotations THEN a passage\'s attributions hold their spans and their speaker\'s and role\'s terms, and a sentence belongs to the quotation holding most of it', () => {
    const quote = (at: number, text: string, speaker?: string, role?: string): Quote => ({
      text, at, kind: 'direct', docId: 'd', paragraph: 1, passageIndex: 3, ...(speaker ? { speaker } : {}), ...(role ? { role } : {}),
    });
    const attributions = attributionsOf(() => [quote(1, 'We will act.', 'Jane Doe', 'Finance Minister'), quote(40, 'Unattributed words.')]);
    const [only, ...rest] = attributions(3);
    expect(rest).toEqual([]);
    expect(only).toEqual({ start: 1, end: 13, terms: ['jane', 'doe', 'financ', 'minist'] });
    expect(attributions(4)).toEqual([]);
    expect(attributionOf([only!], 0, 14)).toBe(only); // “We will act.” with its marks
    expect(attributionOf([only!], 10, 40)).toBeUndefined(); // mostly after the quotation
  });
});
