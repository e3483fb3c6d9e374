import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { SEED_CORPUS } from '../support/corpus.ts';

let engine: Engine;
beforeAll(async () => {
  const opened = await openEngine(SEED_CORPUS);
  if (!opened.ok) throw new Error(opened.message);
  engine = opened.engine;
});

const nastyQuery = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('.', '?', '!', '…', '"', '“', '-', ' ', '\u0000', '\u202e', '\t'), maxLength: 100 }),
  fc.constantFrom('', ' ', '🙂🏭📈', 'مرحبا بالعالم ما هي السياسة', '\u0000\u0001\u001f', 'a'.repeat(10_000), 'steel '.repeat(2_000)),
  fc.array(fc.constantFrom('steel', 'chain', '24.7%', 'low-carbon', 'OLED', '“', '2021', 'the'), { maxLength: 30 }).map((w) => w.join(' ')),
);

describe('any query', () => {
  it('GIVEN any string THEN ask returns a valid answer or a coded failure, and never throws', () => {
    fc.assert(
      fc.property(nastyQuery, (query) => {
        const outcome = engine.ask(query);
        if (!outcome.ok) {
          expect(outcome.code).toBe('empty_query');
          return;
        }
        const { answer } = outcome;
        expect(answer.query).toBe(query);
        expect(answer.abstained ? answer.results.length === 0 : answer.results.length > 0).toBe(true);
        for (const r of answer.results) {
          expect(r.text.length).toBeGreaterThan(0);
          expect(r.paragraph).toBeGreaterThanOrEqual(1);
          for (const [start, end] of r.highlights) expect(0 <= start && start < end && end <= r.text.length).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
