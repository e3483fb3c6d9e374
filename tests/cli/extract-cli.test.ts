import { describe, expect, it } from 'vitest';
import { cli } from '../support/run.ts';

describe('cli stats, quote and sources', () => {
  it('GIVEN stats --json THEN figures come with value, number, unit, subject, text, doc and paragraph; changes marked computed', () => {
    const run = cli(['stats', 'manufacturing added value', '--json']);
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout);
    const fact = answer.results.find((r: { value: string }) => r.value === '31.4 trillion yuan');
    expect(fact).toMatchObject({ number: 31.4e12, unit: 'yuan', year: 2021, doc: '2022-08-14-stable-chain-and-strong-chain-optimize-layout', paragraph: 3 });
    expect(fact.text).toContain('from 16.98 trillion yuan in 2012 to 31.4 trillion yuan in 2021');
    expect(fact.change).toMatchObject({ computed: true, label: '+14.42 trillion yuan (+84.9%, 7.1% a year compounded)' });
  });

  it('GIVEN quote --batch THEN each line gets its answer in order, with speaker filters applied', () => {
    const input = '{"q": "leading enterprises", "speaker": "Cao Xirui"}\n{"q": "problems of the industrial chain", "speaker": "Ministry of Industry and Information Technology"}\n{"q": "x", "speaker": "Nobody Atall"}\n';
    const run = cli(['quote', '--batch', '--json'], input);
    expect(run.status).toBe(0);
    const [cao, ministry, nobody] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(cao.results[0]).toMatchObject({ speaker: 'Cao Xirui', kind: 'direct', verb: 'believes', text: expect.stringContaining('main force') });
    expect(ministry.results[0].speaker).toMatch(/Ministry of Industry and Information Technology/);
    expect(ministry.results[0].text).toContain('poor circulation');
    expect(nobody).toMatchObject({ results: [], error: { code: 'not_found' } });
  });

  it('GIVEN sources THEN the documents are listed; with a title fragment, its details', () => {
    const list = JSON.parse(cli(['sources', '--json']).stdout);
    expect(list.documents).toHaveLength(1);
    expect(list.documents[0]).toMatchObject({ paragraphs: 17, doc: { date: '2022-08-14' } });
    const details = JSON.parse(cli(['sources', 'strong chain', '--json']).stdout).document;
    expect(details.speakers.map((s: { name: string }) => s.name)).toContain('Cao Xirui');
    expect(details.lead.paragraph).toBe(1);
  });

  it('GIVEN an unknown document THEN a clear message and exit 2', () => {
    const run = cli(['sources', 'no such paper']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/There is no document "no such paper"/);
  });
});
