import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/adapter/console/parse.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { start } from '../support/run.ts';

describe('console command lines', async () => {
  const commands = await loadCommands();

  it('GIVEN "/ask question: … private: yes" THEN options are read like Discord options', () => {
    expect(parseCommandLine('/ask question: what share? private: yes', commands)).toMatchObject({ ok: true, options: { question: 'what share?', private: true } });
  });

  it('GIVEN "/ask text" or bare text THEN the text is the question', () => {
    expect(parseCommandLine('/ask how many tons?', commands)).toMatchObject({ ok: true, options: { question: 'how many tons?' } });
    expect(parseCommandLine('how many tons?', commands)).toMatchObject({ ok: true, options: { question: 'how many tons?' } });
  });

  it('GIVEN an unknown command, a missing question or a bad boolean THEN a coded failure explains it', () => {
    expect(parseCommandLine('/frob x', commands)).toMatchObject({ ok: false, code: 'unknown_command' });
    expect(parseCommandLine('/ask', commands)).toMatchObject({ ok: false, code: 'bad_option', message: expect.stringMatching(/needs question/) });
    expect(parseCommandLine('/ask question: x private: maybe', commands)).toMatchObject({ ok: false, code: 'bad_option' });
  });
});

describe('npm start without a token (piped console)', () => {
  it('GIVEN commands on stdin THEN it answers each and exits at end of input, printing nothing else', () => {
    const run = start('/ask question: What share of OLED shipments did domestic manufacturers have?\n/ask What is the unemployment rate in France?\n/help\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ {3}│ In the second quarter of this year, domestic manufacturers accounted for 24\.7% of OLED shipments.*\n {3}└ Stable chain .* \(2022-08-14\), paragraph 11\n/);
    const abstention = run.stdout.indexOf('\n\nThe corpus has nothing on that.');
    const help = run.stdout.indexOf('/ask question:<text> [document:<text>] [private:<true|false>]');
    expect(abstention).toBeGreaterThan(0);
    expect(help).toBeGreaterThan(abstention);
    expect(run.stdout).not.toMatch(/dotenv|injected env/);
  });

  it('GIVEN /stats, /quote and /sources THEN figures, quotations and documents are printed with citations', () => {
    const run = start('/stats topic: OLED shipments\n/quote speaker: Wu Cangzhi\n/sources\n');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Figures on “OLED shipments”:\n1\. +24\.7% — /);
    expect(run.stdout).toMatch(/Quotes by Wu Cangzhi:\n1\. +Wu Cangzhi, head of Xiaomi’s new display technology joint laboratory \(introduced\) · reported speech/);
    expect(run.stdout).toMatch(/1 document:\n  Stable chain .* — 2022-08-14\n    2022-08-14-stable-chain-and-strong-chain-optimize-layout · 17 paragraphs/);
  });

  it('GIVEN an empty corpus folder THEN it says so and exits 2', () => {
    const run = start('', { CORPUS_DIR: '/nonexistent/policybot' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/does not exist/);
  });
});
