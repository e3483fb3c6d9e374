import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCorpusFiles, loadCorpus } from '../../src/core/corpus/load.ts';
import { engineOf } from '../../src/core/engine.ts';
import { extractCorpus } from '../../src/core/extract/document.ts';
import { addDocument } from '../../src/core/ingest/add.ts';
import { TEMP_PREFIX, cleanStaleTemps, writeAtomic } from '../../src/core/ingest/store.ts';
import { makeCorpus } from '../support/corpus.ts';
import { PROJECT } from '../support/run.ts';

const SEED = {
  'seed.md': '---\ntitle: Seed document\ndate: 2021-01-01\n---\n\nThe seed document says steel output rose by 2%.\n',
  'notes/other.txt': 'Other notes\n\nThe harbour handles 26 million containers.\n',
};

/** Starts the child that writes half a document, resolves with the temp path once it is half-written. */
function startHalfWrite(dir: string): Promise<{ child: ReturnType<typeof spawn>; temp: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT, 'tests/ingest/write-child.ts'), dir], { cwd: PROJECT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /half-written (.+)\n/.exec(out);
      if (match) resolve({ child, temp: match[1]! });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing: ${out}${err}`)));
  });
}

describe('a write killed half-way leaves the corpus whole', () => {
  it('GIVEN a process SIGKILLed in the middle of writing a document THEN no partial document is visible, the corpus loads as before, and the next add cleans up', async () => {
    const dir = makeCorpus(SEED);
    const before = await loadCorpus(dir);
    expect(before.ok).toBe(true);
    if (!before.ok) return;

    const { child, temp } = await startHalfWrite(dir);
    expect(fs.statSync(temp).size).toBeGreaterThan(100_000);
    const exited = new Promise((done) => child.on('exit', (_code, signal) => done(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The half-written file is there, hidden; the visible corpus is exactly what it was.
    expect(path.basename(temp).startsWith(TEMP_PREFIX)).toBe(true);
    expect(fs.existsSync(temp)).toBe(true);
    expect(await listCorpusFiles(dir)).toEqual(['notes/other.txt', 'seed.md']);
    const after = await loadCorpus(dir);
    expect(after.ok && after.corpus.documents).toEqual(before.corpus.documents);
    expect(after.ok && after.corpus.warnings).toEqual([]);
    // The index built from it answers as before.
    if (!after.ok) return;
    const answer = engineOf(after.corpus, extractCorpus(after.corpus)).ask('How many containers does the harbour handle?');
    expect(answer.ok && answer.answer.results[0]?.text).toBe('The harbour handles 26 million containers.');

    // The next add removes the dead process's temp file, and adds its own document whole.
    const added = await addDocument(dir, { bytes: Buffer.from('Rail note\n\nRail freight grew by 4%.\n'), name: 'rail.txt' });
    expect(added.ok).toBe(true);
    expect(fs.existsSync(temp)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['notes', 'rail-note.md', 'seed.md']);
  });

  it('GIVEN a temp file of a live process THEN cleanup keeps it until it is an hour old', async () => {
    const dir = makeCorpus({});
    const mine = path.join(dir, `${TEMP_PREFIX}${process.pid}-abcdef.tmp`);
    const dead = path.join(dir, `${TEMP_PREFIX}999999999-abcdef.tmp`);
    fs.writeFileSync(mine, 'x');
    fs.writeFileSync(dead, 'x');
    expect(await cleanStaleTemps(dir)).toEqual([path.basename(dead)]);
    expect(await cleanStaleTemps(dir, Date.now() + 2 * 60 * 60 * 1000)).toEqual([path.basename(mine)]);
  });

  it('GIVEN a write whose name is taken meanwhile THEN nothing is overwritten and no temp file is left', async () => {
    const dir = makeCorpus({ 'a.md': 'original' });
    await expect(writeAtomic(dir, 'a.md', 'replacement')).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe('original');
    expect(fs.readdirSync(dir)).toEqual(['a.md']);
    await writeAtomic(dir, 'sub/b.md', 'new');
    expect(fs.readFileSync(path.join(dir, 'sub/b.md'), 'utf8')).toBe('new');
    expect(fs.readdirSync(path.join(dir, 'sub'))).toEqual(['b.md']);
  });

  it('GIVEN a write that fails half-way in this process THEN the temp file is removed and the add is refused politely', async () => {
    const dir = makeCorpus(SEED);
    const outcome = await addDocument(dir, { bytes: Buffer.from('Doomed\n\nThis write fails.\n'), name: 'd.txt' }, {
      afterTempOpen: (temp) => {
        fs.appendFileSync(temp, 'half');
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      },
    });
    expect(outcome).toEqual({ ok: false, code: 'write_failed', message: 'The document could not be saved in the corpus folder (ENOSPC); nothing was added.' });
    expect(fs.readdirSync(dir).sort()).toEqual(['notes', 'seed.md']);
  });
});
