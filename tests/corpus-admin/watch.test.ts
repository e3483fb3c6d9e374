/**
 * The corpus folder watched: files added, changed or deleted by hand reach the answers within seconds; a file
 * still being written is waited for; hidden files (ingest temp files, the index snapshot) and other types are not
 * corpus changes.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { watchAndReindex } from '../../src/app/corpusWatch.ts';
import { watchCorpus, type CorpusChange, type CorpusWatch } from '../../src/core/live/watch.ts';
import { createLogger } from '../../src/log/logger.ts';
import { WIND, WIND_QUESTION, answeringDocs, corpusFolder, eventually, holderFor } from './fixtures.ts';

const FAST = { debounceMs: 150, stableMs: 100 };
const watches: CorpusWatch[] = [];
afterEach(() => {
  for (const w of watches.splice(0)) w.close();
});

async function watched(dir: string) {
  const holder = await holderFor(dir);
  const logs: string[] = [];
  const watch = watchAndReindex({ dir, holder, logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }), ...FAST });
  watches.push(watch);
  await watch.ready;
  return { holder, logs, watch };
}

async function recorded(dir: string, options = FAST) {
  const batches: CorpusChange[][] = [];
  const watch = watchCorpus(dir, (changes) => void batches.push([...changes]), options);
  watches.push(watch);
  await watch.ready;
  return { batches, watch };
}

describe('GIVEN a watched corpus folder (recursive fs.watch on Linux)', () => {
  it('THEN the watch is recursive, not the polling fallback', async () => {
    const { watch } = await recorded(corpusFolder());
    expect(watch.mode).toBe('recursive');
  });

  it('WHEN a document is added by hand THEN it is re-indexed within seconds and answers quote it', async () => {
    const dir = corpusFolder();
    const { holder, logs } = await watched(dir);
    expect(answeringDocs(holder, WIND_QUESTION)).not.toContain('wind-farm');

    fs.writeFileSync(path.join(dir, 'wind-farm.txt'), WIND);

    const ms = await eventually(() => holder.runs === 1 && !holder.reindexing, 5000, 'a re-index');
    expect(ms).toBeLessThan(3000);
    expect(answeringDocs(holder, WIND_QUESTION)[0]).toBe('wind-farm');
    expect(holder.current.ask(WIND_QUESTION).ok && JSON.stringify(holder.current.ask(WIND_QUESTION))).toContain('900 megawatts');
    expect(logs.join('\n')).toContain('corpus re-indexed');
    expect(logs.join('\n')).toContain('wind-farm.txt');
  });

  it('WHEN a document is changed by hand THEN the answers quote the new text', async () => {
    const dir = corpusFolder({ 'wind-farm.txt': WIND });
    const { holder } = await watched(dir);
    fs.writeFileSync(path.join(dir, 'wind-farm.txt'), WIND.replace('900 megawatts', '1,200 megawatts'));

    await eventually(() => holder.runs === 1 && !holder.reindexing, 5000, 'a re-index');
    const text = JSON.stringify(holder.current.ask(WIND_QUESTION));
    expect(text).toContain('1,200 megawatts');
    expect(text).not.toContain('to 900 megawatts');
  });

  it('WHEN a document is deleted by hand THEN it disappears from the answers', async () => {
    const dir = corpusFolder({ 'wind-farm.txt': WIND });
    const { holder } = await watched(dir);
    expect(answeringDocs(holder, WIND_QUESTION)[0]).toBe('wind-farm');

    fs.unlinkSync(path.join(dir, 'wind-farm.txt'));

    await eventually(() => holder.runs === 1 && !holder.reindexing, 5000, 'a re-index');
    expect(holder.current.corpus.byId.has('wind-farm')).toBe(false);
    expect(answeringDocs(holder, WIND_QUESTION)).not.toContain('wind-farm');
  });

  it('WHEN a folder of documents is added and then deleted THEN both are seen', async () => {
    const dir = corpusFolder();
    const { holder } = await watched(dir);
    fs.mkdirSync(path.join(dir, 'energy'));
    fs.writeFileSync(path.join(dir, 'energy', 'wind-farm.txt'), WIND);
    await eventually(() => holder.current.corpus.byId.has('energy/wind-farm'), 5000, 'the nested document');

    fs.rmSync(path.join(dir, 'energy'), { recursive: true });
    await eventually(() => !holder.current.corpus.byId.has('energy/wind-farm') && !holder.reindexing, 5000, 'the folder to go');
    expect(answeringDocs(holder, WIND_QUESTION)).toEqual([]);
  });

  it('WHEN a file is written in two halves with a pause THEN it is indexed once, complete', async () => {
    const dir = corpusFolder();
    // The pause (250 ms) is longer than the debounce (150 ms): only the stability check holds the batch back.
    const holder = await holderFor(dir);
    const batches: CorpusChange[][] = [];
    const watch = watchCorpus(
      dir,
      async (changes) => {
        batches.push([...changes]);
        await holder.reindex();
      },
      { debounceMs: 150, stableMs: 300 },
    );
    watches.push(watch);
    await watch.ready;
    const half = WIND.indexOf('"We expect');
    const handle = await fsp.open(path.join(dir, 'wind-farm.txt'), 'w');
    await handle.write(WIND.slice(0, half));
    await sleep(250);
    await handle.write(WIND.slice(half));
    await handle.close();

    await eventually(() => holder.runs === 1 && !holder.reindexing, 5000, 'a re-index');
    await sleep(600);
    expect(holder.runs).toBe(1);
    expect(batches).toHaveLength(1);
    const document = holder.current.corpus.byId.get('wind-farm');
    expect(document?.paragraphs).toHaveLength(3);
    expect(document?.paragraphs[2]).toContain('seal colonies');
  });

  it('WHEN ingest temp files, hidden folders and other file types change THEN nothing is reported; a real document after them is', async () => {
    const dir = corpusFolder();
    const { batches } = await recorded(dir);
    fs.writeFileSync(path.join(dir, '.policybot-ingest-123-abcdef.tmp'), WIND);
    fs.mkdirSync(path.join(dir, '.policybot-index'));
    fs.writeFileSync(path.join(dir, '.policybot-index', 'snapshot.md'), WIND);
    fs.writeFileSync(path.join(dir, '.draft.md'), WIND);
    fs.writeFileSync(path.join(dir, 'scan.pdf'), '%PDF-1.4');
    fs.writeFileSync(path.join(dir, 'notes.docx'), 'not a corpus file');
    await sleep(700);
    expect(batches).toEqual([]);

    fs.writeFileSync(path.join(dir, 'wind-farm.md'), WIND);
    await eventually(() => batches.length === 1, 5000, 'one batch');
    expect(batches[0]!.map((c) => [c.file, c.exists])).toEqual([['wind-farm.md', true]]);
  });

  it('WHEN a burst of files arrives THEN they come in one batch (debounced)', async () => {
    const dir = corpusFolder();
    const { batches } = await recorded(dir);
    for (let i = 0; i < 5; i++) {
      fs.writeFileSync(path.join(dir, `note-${i}.txt`), `Note ${i}\n\nThe note number ${i} says the harbour needs ${i} more cranes.\n`);
      await sleep(30);
    }
    await eventually(() => batches.length >= 1, 5000, 'a batch');
    await sleep(400);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((c) => c.file)).toEqual(['note-0.txt', 'note-1.txt', 'note-2.txt', 'note-3.txt', 'note-4.txt']);
  });

  it('WHEN polling is forced (the fallback) THEN additions and deletions are still seen', async () => {
    const dir = corpusFolder();
    const { batches, watch } = await recorded(dir, { ...FAST, poll: true, pollMs: 100 } as typeof FAST);
    expect(watch.mode).toBe('poll');
    fs.writeFileSync(path.join(dir, 'wind-farm.txt'), WIND);
    await eventually(() => batches.length === 1, 5000, 'the addition');
    fs.unlinkSync(path.join(dir, 'wind-farm.txt'));
    await eventually(() => batches.length === 2, 5000, 'the deletion');
    expect(batches.map((b) => b.map((c) => [c.file, c.exists]))).toEqual([[['wind-farm.txt', true]], [['wind-farm.txt', false]]]);
  });

  it('WHEN the watch is closed THEN later changes are not reported', async () => {
    const dir = corpusFolder();
    const { batches, watch } = await recorded(dir);
    watch.close();
    fs.writeFileSync(path.join(dir, 'wind-farm.txt'), WIND);
    await sleep(500);
    expect(batches).toEqual([]);
  });
});
