import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/core/live/live.ts';
import { makeCorpus } from '../support/corpus.ts';

const FILES = {
  'a.txt': 'Ferries\n\nThe ferry to the island leaves at 9:00 every morning.\n',
  'b.txt': 'Zebras\n\nThe zebra quota is 12 zebras per office.\n',
};

async function openLive(dir: string, worker: boolean) {
  const live = await LiveEngine.open(dir, () => {}, { worker, sliceMs: 2 });
  if (!(live instanceof LiveEngine)) throw new Error(live.message);
  return live;
}

const quota = (live: LiveEngine) => {
  const outcome = live.current.ask('What is the zebra quota?');
  return outcome.ok ? outcome.answer.results[0]?.text : undefined;
};

describe('live re-indexing', () => {
  it.each([true, false])('GIVEN a changed corpus WHEN re-indexing (worker %s) THEN answers come from the old index until the new one is swapped in', async (worker) => {
    const dir = makeCorpus(FILES);
    const live = await openLive(dir, worker);
    const old = live.current;
    fs.writeFileSync(path.join(dir, 'b.txt'), 'Zebras\n\nThe zebra quota is 40 zebras per office.\n');
    const seen: (string | undefined)[] = [];
    const events: string[] = [];
    live.on('reindexing', () => events.push('reindexing'));
    live.on('swapped', () => events.push('swapped'));
    const ticker = setInterval(() => seen.push(quota(live)), 1);
    const running = live.reindex();
    expect(live.reindexing).toBe(true);
    expect(live.current).toBe(old);
    expect(quota(live)).toContain('12 zebras');
    const result = await running;
    clearInterval(ticker);
    expect(result).toMatchObject({ ok: true, stats: { analysed: 1, reused: 1 } });
    expect(events).toEqual(['reindexing', 'swapped']);
    expect(live.current).not.toBe(old);
    expect(quota(live)).toContain('40 zebras');
    // The extraction came along: the new figure is there (from the worker's segment), the old one is gone.
    const figures = (engine: typeof old) => engine.extraction.facts.map((f) => f.value);
    expect(figures(old)).toContain('12 zebras');
    expect(figures(live.current)).toContain('40 zebras');
    expect(figures(live.current)).not.toContain('12 zebras');
    const stats = live.current.stats('zebra quota');
    expect(stats.ok && stats.stats.results[0]?.value).toBe('40 zebras');
    // Every answer was whole: from the old index or the new one, and never the old after the new.
    const firstNew = seen.findIndex((t) => t?.includes('40'));
    for (const [i, text] of seen.entries()) expect(text).toContain(firstNew >= 0 && i >= firstNew ? '40 zebras' : '12 zebras');
  }, 60_000);

  it('GIVEN a corpus folder that disappeared WHEN re-indexing THEN it fails and the old index keeps answering', async () => {
    const dir = makeCorpus(FILES);
    const live = await openLive(dir, false);
    const old = live.current;
    fs.rmSync(dir, { recursive: true });
    const failed: unknown[] = [];
    live.on('failed', (r) => failed.push(r));
    const result = await live.reindex();
    expect(result.ok).toBe(false);
    expect(failed).toHaveLength(1);
    expect(live.current).toBe(old);
    expect(quota(live)).toContain('12 zebras');
  });

  it('GIVEN re-index requests during a run THEN they share one more run', async () => {
    const dir = makeCorpus(FILES);
    const live = await openLive(dir, false);
    let swaps = 0;
    live.on('swapped', () => swaps++);
    const results = await Promise.all([live.reindex(), live.reindex(), live.reindex()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(swaps).toBe(2);
  });
});
