import { describe, expect, it } from 'vitest';
import { ask } from '../../src/core/answer/ask.ts';
import { indexOf } from './helpers.ts';

const index = indexOf({
  steel: [
    '# Green steel',
    '',
    'BMW and Hegang build a green and low-carbon automotive steel supply chain. The hydrogen metallurgy project was launched in 2019.',
    '',
    'The demonstration plant produces 1.2 million tons of steel a year for carmakers.',
    '',
    'Central and western regions attract manufacturing that moves inland. These regions can also become a new window for opening up.',
  ].join('\n'),
});

describe('ask abstention', () => {
  it('GIVEN a question whose name the corpus never mentions THEN it abstains', () => {
    const outcome = ask(index, 'How many tons of steel does Tesla buy a year?');
    expect(outcome.ok && outcome.answer.abstained).toBe(true);
  });

  it('GIVEN a question on the corpus with words it lacks THEN it still answers', () => {
    const outcome = ask(index, 'When did the hydrogen metallurgy project start operating commercially?');
    expect(outcome.ok && outcome.answer.abstained).toBe(false);
    expect(outcome.ok && outcome.answer.results[0]!.text).toContain('launched in 2019');
  });
});
