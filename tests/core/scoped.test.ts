import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../src/core/engine.ts';
import { ROOT } from '../extract/helpers.ts';

const POLICIES = path.resolve(ROOT, '../shared/eval/policyqa/corpus');
const havePolicy = fs.existsSync(path.join(POLICIES, 'kaleidahealth.org.md'));
if (!havePolicy) console.warn(`[scoped] ${POLICIES} is absent: the real-policy abstention test is skipped.`);

describe('GIVEN a question scoped to one document', () => {
  it.runIf(havePolicy)('WHEN its words are in the document but not in its five best passages THEN it answers rather than abstains', async () => {
    // 115 real privacy policies; this one says "information" throughout and "collect" in two places: the passages
    // ranked first speak of information; whether the document covers the question is judged on all its passages.
    const opened = await openEngine(POLICIES, () => {}, { snapshot: false });
    if (!opened.ok) throw new Error(opened.message);
    const scoped = opened.engine.ask('Why do you collect my data?', { doc: 'kaleidahealth.org' });
    expect(scoped.ok && scoped.answer.abstained).toBe(false);
    expect(scoped.ok && scoped.answer.results.length).toBeGreaterThan(0);
    // Unscoped, the bar stays where it was: a question about something the corpus lacks still abstains.
    const absent = opened.engine.ask('What does the zebra quota say about giraffes?');
    expect(absent.ok && absent.answer.abstained).toBe(true);
  });
});
