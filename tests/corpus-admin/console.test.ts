/** /corpus in the local console: a local path for `file:`, no buttons (remove acts at once), no permission check. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/adapter/console/parse.ts';
import { SUBCOMMAND } from '../../src/app/command.ts';
import { loadCommands } from '../../src/app/loadCommands.ts';
import { start } from '../support/run.ts';
import { WIND, WIND_QUESTION, corpusFolder } from './fixtures.ts';
import { tempDir } from '../support/temp.ts';

describe('GIVEN /corpus typed in the console', async () => {
  const commands = await loadCommands();

  it('THEN the subcommand and its options are read; file: is a local path', () => {
    expect(parseCommandLine('/corpus add url: https://example.org/plan.html', commands)).toMatchObject({ ok: true, options: { [SUBCOMMAND]: 'add', url: 'https://example.org/plan.html' } });
    const file = parseCommandLine('/corpus add file: notes/wind.txt', commands);
    expect(file).toMatchObject({ ok: true, options: { [SUBCOMMAND]: 'add', file: { kind: 'attachment', name: 'wind.txt', url: expect.stringMatching(/^file:\/\/.*\/notes\/wind\.txt$/) } } });
    expect(parseCommandLine('/corpus list page: 2', commands)).toMatchObject({ ok: true, options: { [SUBCOMMAND]: 'list', page: 2 } });
    expect(parseCommandLine('/corpus remove harbour plan', commands)).toMatchObject({ ok: true, options: { [SUBCOMMAND]: 'remove', document: 'harbour plan' } });
    expect(parseCommandLine('/corpus frob', commands)).toMatchObject({ ok: false, code: 'bad_option', message: '/corpus needs one of: add, list, remove, reload (e.g. /corpus add).' });
    expect(parseCommandLine('/corpus remove', commands)).toMatchObject({ ok: false, code: 'bad_option', message: expect.stringMatching(/needs document/) });
  });

  it('WHEN a file is added, listed, asked about and removed THEN each step shows at once in the next answer', () => {
    const dir = corpusFolder();
    const upload = path.join(tempDir('policybot-upload-'), 'wind.txt');
    fs.writeFileSync(upload, WIND);
    const run = start(`/corpus add file: ${upload}\n/ask ${WIND_QUESTION}\n/corpus list\n/corpus remove document: Offshore wind\n/ask ${WIND_QUESTION}\n/corpus add file: ${upload}.missing\n`, { CORPUS_DIR: dir });

    expect(run.status).toBe(0);
    const out = run.stdout;
    const at = (text: string) => out.indexOf(text);
    expect(out).toMatch(/^Added "Offshore wind farm expansion" \(2023-06-01\) as 2023-06-01-offshore-wind-farm-expansion \(2023-06-01-offshore-wind-farm-expansion\.md\)\n {2}3 paragraphs, 0 sections, 2 figures and 1 quote found; the corpus has 3 documents\.\n {2}Key figure:\n {3}│ The offshore wind farm off Skerry Point will grow by 45% to 900 megawatts/);
    const answer = at('\n\n   │ The offshore wind farm off Skerry Point will grow by 45% to 900 megawatts');
    const list = at('Documents in the corpus (3), page 1 of 1\n  1. Harbour plan approved (2023-05-02)');
    const removed = at('Removed "Offshore wind farm expansion" (2023-06-01-offshore-wind-farm-expansion.md); 2 documents remain.');
    const missing = out.search(/There is no file .*wind\.txt\.missing\./);
    expect(answer).toBeGreaterThan(0);
    expect(list).toBeGreaterThan(answer);
    expect(removed).toBeGreaterThan(list);
    expect(missing).toBeGreaterThan(removed);
    // The second /ask, after the remove, no longer finds the document.
    expect(out.slice(removed, missing)).not.toContain('Skerry Point');
    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('.')).sort()).toEqual(['2023-05-02-harbour-plan-approved.md', 'steel-output.txt']);
  });
});
