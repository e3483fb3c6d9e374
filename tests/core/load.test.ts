import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/core/corpus/load.ts';
import { makeCorpus } from '../support/corpus.ts';

describe('loading a corpus folder', () => {
  it('GIVEN nested .txt and .md files THEN ids are paths without extension and other files are ignored', async () => {
    const dir = makeCorpus({ 'a.txt': 'A\n\nText a.\n', 'sub/b.md': '# B\n\nText b.\n', 'notes.csv': 'x,y', '.hidden/c.txt': 'C\n\nText.' });
    const loaded = await loadCorpus(dir);
    expect(loaded.ok && loaded.corpus.documents.map((d) => d.id)).toEqual(['a', 'sub/b']);
  });

  it('GIVEN empty, binary, undecodable and heading-only files THEN each gets one warning naming it and the rest loads', async () => {
    const dir = makeCorpus({
      'good.txt': 'Good\n\nUseful text.\n',
      'empty.txt': '',
      'blank.md': '   \n\n',
      'binary.txt': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]),
      'latin1.txt': new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x0a]),
      'title-only.txt': 'Just a title\n',
    });
    const loaded = await loadCorpus(dir);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.corpus.documents.map((d) => d.id)).toEqual(['good']);
    const reasons = Object.fromEntries(loaded.corpus.warnings.map((w) => [w.file, w.reason]));
    expect(reasons).toEqual({
      'binary.txt': expect.stringMatching(/binary/),
      'blank.md': expect.stringMatching(/empty/),
      'empty.txt': expect.stringMatching(/empty/),
      'latin1.txt': expect.stringMatching(/UTF-8/),
      'title-only.txt': expect.stringMatching(/empty|no paragraphs/),
    });
  });

  it.skipIf(process.getuid?.() === 0)('GIVEN an unreadable file THEN it is a warning, not a crash', async () => {
    const dir = makeCorpus({ 'good.txt': 'Good\n\nText.\n', 'locked.txt': 'L\n\nText.\n' });
    fs.chmodSync(path.join(dir, 'locked.txt'), 0o000);
    const loaded = await loadCorpus(dir);
    expect(loaded.ok && loaded.corpus.warnings).toEqual([{ file: 'locked.txt', reason: expect.stringMatching(/cannot be read/) }]);
  });

  it('GIVEN a folder without usable documents THEN loading fails with a clear code', async () => {
    const loaded = await loadCorpus(makeCorpus({ 'empty.txt': '' }));
    expect(loaded).toMatchObject({ ok: false, code: 'empty_corpus' });
    expect(await loadCorpus('/nonexistent/policybot')).toMatchObject({ ok: false, code: 'no_corpus', message: expect.stringMatching(/does not exist/) });
  });

  it('GIVEN the bundled corpus THEN the seed article loads with its date, title, sections and 17 paragraphs', async () => {
    const loaded = await loadCorpus(path.resolve(import.meta.dirname, '../../corpus'));
    if (!loaded.ok) throw new Error(loaded.message);
    const [seed] = loaded.corpus.documents;
    expect(seed).toMatchObject({ date: '2022-08-14', title: expect.stringMatching(/^Stable chain and strong chain optimize layout/) });
    expect(seed!.sections).toHaveLength(3);
    expect(seed!.paragraphs).toHaveLength(17);
    expect(loaded.corpus.warnings).toEqual([]);
  });
});
