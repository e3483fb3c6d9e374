import { describe, expect, it } from 'vitest';
import { warmUp, warmUpQuestions } from '../../src/core/answer/warmup.ts';
import { openEngine } from '../../src/core/engine.ts';
import type { Passage } from '../../src/core/types.ts';
import { SEED_CORPUS } from '../support/corpus.ts';

const passage = (index: number, text: string): Passage => ({ index, docId: 'doc', paragraph: index + 1, text, sentences: [{ start: 0, end: text.length }] });

describe('warming a young process up', () => {
  it('GIVEN a corpus THEN the warm-up questions are the opening words of passages spread evenly over it, the same every time', () => {
    const passages = Array.from({ length: 10 }, (_, i) => passage(i, `Passage ${i} says that the port handled ${i} million containers in the year before the rule took effect.`));
    const questions = warmUpQuestions(passages, 5);
    expect(questions).toEqual([0, 2, 4, 6, 8].map((i) => `Passage ${i} says that the port handled ${i} million containers in the?`));
    expect(warmUpQuestions(passages, 5)).toEqual(questions);
    expect(warmUpQuestions(passages, 50)).toHaveLength(10);
    expect(warmUpQuestions([], 5)).toEqual([]);
  });

  it('GIVEN questions THEN each is asked once, a turn of the event loop apart, and one that throws does not stop the rest', async () => {
    // Each question queues a callback for the next turn of the event loop: it runs before the next question.
    const events: string[] = [];
    await warmUp((question) => {
      events.push(question);
      setImmediate(() => events.push(`turn after ${question}`));
      if (question === 'b') throw new Error('boom');
    }, ['a', 'b', 'c']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['a', 'turn after a', 'b', 'turn after b', 'c', 'turn after c']);
  });

  it('GIVEN the seed engine THEN warming it up resolves and answers stay the same', async () => {
    const opened = await openEngine(SEED_CORPUS);
    if (!opened.ok) throw new Error(opened.message);
    const before = opened.engine.ask('What share of OLED shipments did domestic manufacturers have?');
    await opened.engine.warmUp();
    expect(opened.engine.ask('What share of OLED shipments did domestic manufacturers have?')).toEqual(before);
  });
});
