import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/core/extract/quotes.ts';
import { keyFacts, matchSpeakers, rankFacts, rankQuotes } from '../../src/core/extract/index.ts';
import { extractFacts } from '../../src/core/extract/stats.ts';
import type { Extraction } from '../../src/core/extract/types.ts';
import { loadSeed, passageOf } from './helpers.ts';

let extraction: Extraction;
beforeAll(async () => {
  ({ extraction } = await loadSeed());
});

/** Topics users might type: empty, huge, emoji, right-to-left, control characters, lone surrogates. */
const topic = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('', '   ', '\u0000\u0007\u001b', '🏭📈💹', 'مرحبا بالعالم', 'שלום', '\u202eevil\u202c', '\ud800', 'x'.repeat(10_000), '% $ 1,2.3 “ ” ‘ ’', 'the of and'),
);

function isShapeOk(answer: ReturnType<typeof rankFacts> | ReturnType<typeof rankQuotes>): boolean {
  if (!answer.ok) return typeof answer.code === 'string' && typeof answer.message === 'string' && answer.message.length > 0;
  return Array.isArray(answer.results) && typeof answer.query === 'string' && answer.results.every((r) => typeof r.text === 'string' && Number.isFinite(r.score));
}

describe('GIVEN any topic string', () => {
  it('THEN rankFacts never throws and returns results or a polite failure', () => {
    fc.assert(fc.property(topic, (t) => isShapeOk(rankFacts(extraction, t, { limit: 5 }))), { numRuns: 300 });
  });

  it('THEN rankQuotes never throws, with or without any speaker filter', () => {
    fc.assert(fc.property(topic, fc.option(topic), (t, speaker) => isShapeOk(rankQuotes(extraction, t, speaker === null ? {} : { speaker }))), { numRuns: 300 });
  });

  it('THEN speaker autocomplete never throws and offers at most 25 choices', () => {
    fc.assert(fc.property(topic, (t) => matchSpeakers(extraction.speakers, t).length <= 25), { numRuns: 200 });
    expect(keyFacts(extraction).length).toBeGreaterThan(0);
  });
});

/** Text made of the pieces figures and quotations are made of, to reach the readers' corners. */
const figureText = fc.array(fc.constantFrom(
  '1', '22.5', '1,500', '10 000', '2019', '5-1/4', '1/2', '%', ' percent', ' per cent', ' trillion', ' million', '-ton', ' yuan', '$', 'USD ', '€',
  ' to ', ' and ', ' between ', ' from ', ' in ', ' more than ', ' nearly ', ' doubled', ' half of', ' two', ' years', ' categories', ' kinds of', ' products',
  'Article ', 'July ', ' 14th', 'P', 'K', '.', ',', ';', ':', '(', ')', '“', '”', '‘', '’', '"', "'", ' said', ' that ', 'Cao Xirui', ', head of X, ', 'The person in charge', ' he ', ' ', '\n', '\u200e', '—',
), { maxLength: 80 }).map((parts) => parts.join(''));

describe('GIVEN any text made of figure and quotation pieces', () => {
  it('THEN facts hold their value verbatim at `at` inside their sentence, which is inside the passage', () => {
    fc.assert(fc.property(figureText, (text) => {
      const passage = passageOf(text);
      for (const fact of extractFacts(passage, { date: '2022-08-14' })) {
        if (fact.text.slice(fact.at, fact.at + fact.value.length) !== fact.value) return false;
        if (!passage.text.includes(fact.text) || !Number.isFinite(fact.number)) return false;
        if (fact.low !== undefined && !(fact.high! > fact.low)) return false;
      }
      return true;
    }), { numRuns: 500 });
  });

  it('THEN quotes and terms are verbatim slices of their passage', () => {
    fc.assert(fc.property(fc.array(figureText, { minLength: 1, maxLength: 4 }), (paragraphs) => {
      const passages = paragraphs.map((text, i) => passageOf(text, { paragraph: i + 1, index: i }));
      const { quotes, terms } = extractQuotes(passages);
      return quotes.every((q) => q.text.length > 0 && passages[q.passageIndex]!.text.slice(q.at, q.at + q.text.length) === q.text)
        && terms.every((t) => passages[t.passageIndex]!.text.slice(t.at, t.at + t.term.length) === t.term);
    }), { numRuns: 500 });
  });
});
