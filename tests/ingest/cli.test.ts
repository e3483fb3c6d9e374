import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../support/corpus.ts';
import { cli } from '../support/run.ts';
import { NEWS_PAGE, docx, pdfWithText, pdfWithoutText } from './fixtures.ts';

const SEED = { 'seed.md': '---\ntitle: Seed document\ndate: 2021-01-01\n---\n\nThe seed document says steel output rose by 2%.\n' };

/** A folder of real input files. */
async function inputs(): Promise<string> {
  return makeCorpus({
    'news.html': NEWS_PAGE,
    'steel.docx': docx([{ style: 'Title', text: 'Steel outlook' }, 'Steel output rose by 3.4% in 2023.']),
    'harbour.pdf': await pdfWithText(['The harbour will handle 40 million containers by 2030.'], 'Harbour plan 2030'),
    'scan.pdf': await pdfWithoutText(),
    'empty.txt': '',
    'photo.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  });
}

// Each test runs the CLI several times in child processes: on a loaded 2-core CI machine that takes over 20 s.
describe('cli corpus', { timeout: 60_000 }, () => {
  it('GIVEN several good files THEN each is added, one line each, and list shows them', async () => {
    const dir = makeCorpus(SEED);
    const src = await inputs();
    const run = cli(['corpus', 'add', path.join(src, 'news.html'), path.join(src, 'steel.docx'), path.join(src, 'harbour.pdf'), '--corpus', dir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      `added ${path.join(src, 'news.html')}: "Harbour plan approved" (2023-05-02) as 2023-05-02-harbour-plan-approved: 5 paragraphs, 1 section (2023-05-02-harbour-plan-approved.md)`,
      `added ${path.join(src, 'steel.docx')}: "Steel outlook" as steel-outlook: 1 paragraph, 0 sections (steel-outlook.md)`,
      `added ${path.join(src, 'harbour.pdf')}: "Harbour plan 2030" as harbour-plan-2030: 1 paragraph, 0 sections (harbour-plan-2030.md)`,
    ]);
    const list = cli(['corpus', 'list', '--json', '--corpus', dir]);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).documents.map((d: { id: string }) => d.id)).toEqual(['2023-05-02-harbour-plan-approved', 'harbour-plan-2030', 'seed', 'steel-outlook']);
    const plain = cli(['corpus', 'list', '--corpus', dir]);
    expect(plain.stdout.split('\n')[2]).toBe('seed\tSeed document\t2021-01-01\t1 paragraph\tseed.md');
    // The new documents answer questions at once.
    const ask = JSON.parse(cli(['ask', 'How many containers will the harbour handle by 2030?', '--json', '--corpus', dir]).stdout);
    expect(ask.results[0].doc.id).toMatch(/harbour/);
  });

  it('GIVEN a mix of good and bad inputs THEN the good are added, each bad one gets one line on stderr, exit 2', async () => {
    const dir = makeCorpus(SEED);
    const src = await inputs();
    const run = cli(['corpus', 'add', path.join(src, 'scan.pdf'), path.join(src, 'news.html'), path.join(src, 'empty.txt'), path.join(src, 'photo.txt'), path.join(src, 'news.html'), path.join(src, 'nope.pdf'), 'ftp://example.org/x.pdf', 'http://127.0.0.1:9/x', '--corpus', dir]);
    expect(run.status).toBe(2);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `refused ${path.join(src, 'scan.pdf')}: "scan.pdf" is a scanned PDF: no text to index. Add a PDF with a text layer (or run OCR on it first).`,
      `refused ${path.join(src, 'empty.txt')}: "empty.txt" is empty (0 bytes): there is nothing to add.`,
      `refused ${path.join(src, 'photo.txt')}: "photo.txt" is a PNG image: only .txt, .md, .html, .pdf (with a text layer) and .docx documents can be added.`,
      `refused ${path.join(src, 'news.html')}: This document is already in the corpus as "Harbour plan approved" (2023-05-02-harbour-plan-approved); nothing was added.`,
      `refused ${path.join(src, 'nope.pdf')}: There is no file ${path.join(src, 'nope.pdf')}.`,
      'refused ftp://example.org/x.pdf: Only http and https links can be added.',
      'refused http://127.0.0.1:9/x: 127.0.0.1 points to a loopback address (127.0.0.1); only public addresses can be fetched.',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['2023-05-02-harbour-plan-approved.md', 'seed.md']);
  });

  it('GIVEN --json THEN every input gets one JSON line, refused ones with their code', async () => {
    const dir = makeCorpus(SEED);
    const src = await inputs();
    const run = cli(['corpus', 'add', path.join(src, 'steel.docx'), path.join(src, 'scan.pdf'), '--json', '--corpus', dir]);
    expect(run.status).toBe(2);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { input: path.join(src, 'steel.docx'), ok: true, id: 'steel-outlook', title: 'Steel outlook', source: 'steel.docx', file: 'steel-outlook.md', kind: 'docx', paragraphs: 1, sections: 0, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { input: path.join(src, 'scan.pdf'), ok: false, error: { code: 'scanned_pdf', message: expect.stringContaining('scanned PDF: no text to index') } },
    ]);
  });

  it('GIVEN remove with an id THEN the document goes; a wrong id is refused with a suggestion, exit 2', () => {
    const dir = makeCorpus({ ...SEED, 'reports/harbour.txt': 'Harbour\n\nThe harbour grows.\n' });
    const wrong = cli(['corpus', 'remove', 'harbour', '--corpus', dir]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe('refused harbour: There is no document with the id "harbour" in the corpus. Did you mean: reports/harbour?\n');
    const right = cli(['corpus', 'remove', 'reports/harbour', '--corpus', dir]);
    expect(right).toMatchObject({ status: 0, stdout: 'removed reports/harbour: "Harbour" (reports/harbour.txt)\n', stderr: '' });
    expect(fs.readdirSync(path.join(dir, 'reports'))).toEqual([]);
  });

  it.each([
    [['corpus'], /corpus needs a command: add, remove or list/],
    [['corpus', 'frob'], /unknown corpus command "frob"/],
    [['corpus', 'add'], /corpus add needs a file or a link/],
    [['corpus', 'remove'], /corpus remove needs a document id/],
    [['corpus', 'list', 'x'], /corpus list takes no arguments/],
    [['corpus', 'list', '--corpus', '/nonexistent/policybot'], /does not exist/],
  ])('GIVEN %j THEN one line says why, then the usage, exit 2', (args, reason) => {
    const run = cli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(reason);
    expect(run.stderr).toContain('corpus add PATH|URL...');
  });
});
