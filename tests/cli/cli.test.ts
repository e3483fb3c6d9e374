import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../support/corpus.ts';
import { cli } from '../support/run.ts';
import { tempDir } from '../support/temp.ts';

describe('cli ask', () => {
  it('GIVEN --json THEN stdout is exactly one JSON answer with text, doc, paragraph and score', () => {
    const run = cli(['ask', 'What share of OLED shipments did domestic manufacturers have?', '--json', '--limit', '2']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const answer = JSON.parse(run.stdout);
    expect(answer).toMatchObject({ query: 'What share of OLED shipments did domestic manufacturers have?', abstained: false });
    expect(answer.results).toHaveLength(2);
    expect(answer.results[0]).toMatchObject({
      text: expect.stringContaining('24.7% of OLED shipments'),
      doc: { id: '2022-08-14-stable-chain-and-strong-chain-optimize-layout', date: '2022-08-14', title: expect.any(String) },
      paragraph: 11,
      score: expect.any(Number),
    });
  });

  it('GIVEN --batch THEN each input line gets one answer line, in order, bad lines included', () => {
    const input = ['{"q": "How many medium categories of manufacturing are there?"}', 'not json', '{"q": "What is the unemployment rate in France?"}', '{"q": "steel", "doc": "nope"}', ''].join('\n');
    const run = cli(['ask', '--batch', '--json'], input);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].results[0].text).toContain('179 medium categories');
    expect(lines[1]).toMatchObject({ abstained: true, results: [], error: { code: 'bad_option' } });
    expect(lines[2]).toMatchObject({ abstained: true, results: [] });
    expect(lines[3]).toMatchObject({ abstained: true, error: { code: 'unknown_document' } });
  });

  it('GIVEN plain output THEN the quote is printed with its citation under it', () => {
    const run = cli(['ask', 'When was the hydrogen metallurgy project launched?']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/hydrogen metallurgy demonstration project launched in 2019[\s\S]*\n\s+└ Stable chain .*\(2022-08-14\), paragraph 14/);
  });

  it('GIVEN another corpus folder THEN it answers from there', () => {
    const dir = makeCorpus({ 'ports/harbour.md': '---\ntitle: Harbour plan\nsource: https://example.org/harbour\n---\n\nThe harbour will handle 40 million containers by 2030.\n' });
    const answer = JSON.parse(cli(['ask', 'How many containers will the harbour handle?', '--json', '--corpus', dir]).stdout);
    expect(answer.results[0]).toMatchObject({ doc: { id: 'ports/harbour', title: 'Harbour plan', source: 'https://example.org/harbour' }, paragraph: 1 });
  });
});

describe('cli usage errors', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['ask'], /ask needs a question/],
    [['ask', 'steel', '--colour'], /Unknown option '--colour'/],
    [['ask', 'steel', '--limit', 'many'], /--limit takes a whole number/],
    [['ask', 'steel', '--corpus', '/nonexistent/policybot'], /does not exist/],
    [['eval'], /eval needs a question file/],
  ])('GIVEN %j THEN one line says why, the usage follows, exit code 2 and nothing on stdout', (args, reason) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(reason);
    expect(run.stderr).toContain('usage: npm run --silent cli --');
  });

  it('GIVEN a corpus with bad files THEN warnings go to stderr and stdout stays pure JSON', () => {
    const dir = makeCorpus({ 'ok.txt': 'Ok\n\nSteel output rose.\n', 'bad.txt': new Uint8Array([0, 1, 2]) });
    const run = cli(['ask', 'steel output', '--json', '--corpus', dir]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: bad\.txt: binary/);
    expect(JSON.parse(run.stdout).results[0].text).toBe('Steel output rose.');
  });
});

describe('cli eval', () => {
  it('GIVEN a question file THEN it prints hit@1, hit@3, MRR and abstention per kind', () => {
    const file = path.join(tempDir('policybot-eval-'), 'q.jsonl');
    fs.writeFileSync(file, [
      '{"q": "How many medium categories of manufacturing are there?", "gold": ["179 medium categories"]}',
      '{"q": "What is the unemployment rate in France?", "gold": [], "unanswerable": true}',
    ].join('\n'));
    const run = cli(['eval', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ask: n=1 hit@1=1\.000 hit@3=1\.000 mrr=1\.000 abstained=1\/1 falseAbstain=0$/m);
  });
});
