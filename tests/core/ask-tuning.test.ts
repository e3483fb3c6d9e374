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

describe('answer text', () => {
  // The sentence before is long (over 300 characters): with it the answer is longer than one answer's length.
  const regions = indexOf({
    regions: [
      '# Regions',
      '',
      'The researcher explained that at present the central and western regions of the country, such as Anhui, Hubei, Sichuan and other provinces, have developed into important national manufacturing bases, that the state encourages some industries of the eastern region to relocate there, and that foreign capital is also encouraged to invest in them, which helps maintain the integrity of the industrial system. These regions can also become a new window for opening up.',
    ].join('\n'),
  });

  it('GIVEN a best sentence that leans on a long one before it ("These regions …") THEN the answer holds both, the names included', () => {
    const outcome = ask(regions, 'What can the central and western regions become a new window for?');
    const text = outcome.ok ? outcome.answer.results[0]!.text : '';
    expect(text).toMatch(/^The researcher explained that .*Anhui, Hubei, Sichuan.* These regions can also become a new window for opening up\.$/);
  });
});
