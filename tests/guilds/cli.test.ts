/** The CLI as a server (`--guild ID`), `guilds` and `guilds purge`, through real child processes. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, runEntry } from '../support/run.ts';
import { WIND, WIND_QUESTION, corpusFolder } from '../corpus-admin/fixtures.ts';
import { tempDir } from '../support/temp.ts';

const A = '111111111111111111';
const B = '222222222222222222';

describe('GIVEN a base corpus and a data folder', () => {
  it('WHEN a document is added with --guild A THEN asking as A finds it (marked), as B or without --guild not; guilds lists A; purge deletes it', () => {
    const base = corpusFolder();
    const data = tempDir('policybot-data-');
    const wind = path.join(tempDir('policybot-in-'), 'wind.txt');
    fs.writeFileSync(wind, WIND);
    const common = ['--corpus', base, '--data', data];

    const added = cli(['corpus', 'add', wind, '--guild', A, ...common]);
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('as 2023-06-01-offshore-wind-farm-expansion');
    expect(fs.readdirSync(base)).not.toContain('2023-06-01-offshore-wind-farm-expansion.md');

    const asA = JSON.parse(cli(['ask', WIND_QUESTION, '--json', '--guild', A, ...common]).stdout);
    expect(asA.results[0].doc).toMatchObject({ id: '2023-06-01-offshore-wind-farm-expansion', server: true });
    for (const args of [['--guild', B], []]) {
      const other = JSON.parse(cli(['ask', WIND_QUESTION, '--json', ...args, ...common]).stdout);
      expect(other.results.map((r: { doc: { id: string } }) => r.doc.id)).not.toContain('2023-06-01-offshore-wind-farm-expansion');
    }
    const harbour = JSON.parse(cli(['ask', 'How much does the harbour plan cost?', '--json', '--guild', A, ...common]).stdout);
    expect(harbour.results[0].doc.id).toBe('2023-05-02-harbour-plan-approved');

    const listed = cli(['guilds', '--json', '--data', data]);
    expect(JSON.parse(listed.stdout).guilds).toEqual([{ id: A, documents: 1, bytes: expect.any(Number) }]);
    expect(cli(['corpus', 'remove', '2023-05-02-harbour-plan-approved', '--guild', A, ...common]).status).toBe(2);
    expect(fs.readdirSync(base)).toContain('2023-05-02-harbour-plan-approved.md');

    const purged = cli(['guilds', 'purge', A, '--data', data]);
    expect(purged.status).toBe(0);
    expect(purged.stdout).toContain(`purged server ${A}: 1 document deleted`);
    expect(fs.existsSync(path.join(data, 'guilds', A))).toBe(false);
    expect(cli(['guilds', 'purge', '../..', '--data', data]).status).toBe(2);
    expect(cli(['ask', 'x', '--guild', '../etc', ...common]).status).toBe(2);
  }, 120_000);
});

describe('GIVEN the console', () => {
  it('WHEN /guild switches to a server THEN /corpus adds to its folder, /ask finds it there only, and /guild alone goes back to the base', () => {
    const base = corpusFolder();
    const data = tempDir('policybot-data-');
    const wind = path.join(tempDir('policybot-in-'), 'wind.txt');
    fs.writeFileSync(wind, WIND);
    const input = [`/guild ${A}`, `/corpus add file: ${wind}`, `/ask question: ${WIND_QUESTION}`, '/corpus list', '/guild', `/ask question: ${WIND_QUESTION}`, '/guild 12'].join('\n');
    const run = runEntry('src/main.ts', [], input, { CORPUS_DIR: base, DATA_DIR: data });
    expect(run.status).toBe(0);
    const [asServer, asBase] = run.stdout.split('Now acting on the base corpus.');
    expect(asServer).toContain(`Now acting as server ${A}: 0 documents of its own`);
    expect(asServer).toContain('Skerry Point will grow by 45%');
    expect(asServer).toContain("this server's document");
    expect(asServer).toContain("This server's documents (1)");
    expect(asServer).toContain('Base corpus: 2 documents');
    expect(asBase).not.toContain('Skerry Point will grow');
    expect(asBase).toContain('not a Discord server id');
    expect(fs.readdirSync(path.join(data, 'guilds', A))).toContain('2023-06-01-offshore-wind-farm-expansion.md');
    expect(fs.readdirSync(base)).not.toContain('2023-06-01-offshore-wind-farm-expansion.md');
  }, 60_000);
});
