import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { extractCorpus } from '../../src/core/extract/document.ts';
import { CORPUS_FILE } from '../../src/core/snapshot/corpus-file.ts';
import { decodeSegment, decodeSegmentSliced, encodeSegment } from '../../src/core/snapshot/segment.ts';
import { openCorpus, SNAPSHOT_DIR } from '../../src/core/snapshot/store.ts';
import type { LoadWarning } from '../../src/core/types.ts';
import { makeCorpus, SEED_CORPUS } from '../support/corpus.ts';

const QUESTIONS = [
  'What share of OLED shipments did domestic manufacturers have?',
  'How many medium categories of manufacturing are there?',
  'When was the hydrogen project launched?',
  'What does the zebra rule say about quotas?',
  'Tesla battery output',
];

function corpusFiles(): Record<string, string> {
  const seed = fs.readdirSync(SEED_CORPUS).filter((f) => f.endsWith('.txt'))[0]!;
  return {
    [seed]: fs.readFileSync(path.join(SEED_CORPUS, seed), 'utf8'),
    'rules/zebra.md': '---\ntitle: Zebra rule\ndate: 2024-01-02\n---\n\n# Quotas\n\nThe zebra rule sets a quota of 12 zebras per office.\n\nOffices report their zebras every March. The report is public.\n',
    'notes.txt': 'Notes on low-carbon steel\n\nLow-carbon steel output rose 4.5% in 2023, the ministry said.\n',
    'broken.md': '---\ntitle: [unclosed\n---\n\nThe broken front matter is ignored, the text stays.\n',
  };
}

async function open(dir: string, snapshot = true, threads?: number): Promise<{ engine: Engine; warnings: LoadWarning[] }> {
  const warnings: LoadWarning[] = [];
  const opened = await openEngine(dir, (w) => warnings.push(w), { snapshot, ...(threads ? { threads } : {}) });
  if (!opened.ok) throw new Error(opened.message);
  return { engine: opened.engine, warnings };
}

function answers(engine: Engine) {
  return QUESTIONS.map((q) => engine.ask(q, { limit: 10 }));
}

function sameIndex(a: Engine, b: Engine) {
  expect(b.corpus.documents).toEqual(a.corpus.documents);
  expect(b.corpus.passages).toEqual(a.corpus.passages);
  expect(b.corpus.warnings).toEqual(a.corpus.warnings);
  const [x, y] = [a.index.compact, b.index.compact];
  expect([...y.terms]).toEqual([...x.terms]);
  expect([...y.termIds]).toEqual([...x.termIds]);
  for (const key of ['passageCount', 'textStart', 'textDoc', 'textTf', 'section', 'title', 'fieldLength', 'averageFieldLength', 'termLength', 'averageTermLength', 'sentenceTerms', 'sentenceTermStart', 'passageSentenceStart'] as const) {
    expect(y[key]).toEqual(x[key]);
  }
  expect(answers(b)).toEqual(answers(a));
  // The extraction read back from the segments (passage indexes re-based) equals one extracted from the corpus.
  const extracted = extractCorpus(b.corpus);
  for (const key of ['documentIds', 'facts', 'quotes', 'glossary', 'speakers'] as const) expect(b.extraction[key]).toEqual(extracted[key]);
  expect(b.stats('percent')).toEqual(a.stats('percent'));
  expect(b.quotes('')).toEqual(a.quotes(''));
}

describe('index snapshot', () => {
  it('GIVEN a corpus WHEN opened again from its snapshot THEN corpus, index and answers equal a fresh build', async () => {
    const dir = makeCorpus(corpusFiles());
    const fresh = await open(dir, false);
    expect(fs.existsSync(path.join(dir, SNAPSHOT_DIR))).toBe(false);
    const first = await open(dir);
    expect(first.engine.snapshot).toMatchObject({ files: 4, analysed: 4, reused: 0, saved: true });
    const second = await open(dir);
    expect(second.engine.snapshot).toMatchObject({ files: 4, analysed: 0, reused: 4 });
    sameIndex(fresh.engine, first.engine);
    sameIndex(fresh.engine, second.engine);
    expect(second.warnings).toEqual(fresh.warnings);
  });

  it('GIVEN a corpus WHEN built by two analysis threads THEN corpus, index, answers, warnings and snapshot equal a build on one thread', async () => {
    // latin1.txt is not UTF-8: a warning and no document, from a thread as from this one.
    const files = { ...corpusFiles(), 'latin1.txt': Buffer.from('Caf\xe9 cr\xe8me\n\nLe caf\xe9 est chaud.\n', 'latin1') };
    const [one, two] = [makeCorpus(files), makeCorpus(files)];
    const alone = await open(one, true, 1);
    const pooled = await open(two, true, 2);
    expect(pooled.engine.snapshot).toMatchObject({ files: 5, analysed: 5, analysedOnThreads: 5, reused: 0, saved: true });
    expect(alone.engine.snapshot?.analysedOnThreads).toBeUndefined();
    sameIndex(alone.engine, pooled.engine);
    expect(pooled.warnings).toEqual(alone.warnings);
    expect(pooled.warnings.map((w) => w.file)).toContain('latin1.txt');
    // The segments the threads encoded are the bytes this thread encodes.
    const segments = (dir: string) => fs.readdirSync(path.join(dir, SNAPSHOT_DIR, 'seg')).sort().map((f) => [f, fs.readFileSync(path.join(dir, SNAPSHOT_DIR, 'seg', f))]);
    expect(segments(two)).toEqual(segments(one));
    expect(segments(two)).toHaveLength(4);
  });

  it('GIVEN a snapshot WHEN one file changes THEN only that document is analysed again, and answers follow the change', async () => {
    const dir = makeCorpus(corpusFiles());
    await open(dir);
    fs.writeFileSync(path.join(dir, 'rules/zebra.md'), '---\ntitle: Zebra rule\n---\n\nThe zebra rule sets a quota of 99 zebras per office.\n');
    const changed = await open(dir);
    expect(changed.engine.snapshot).toMatchObject({ analysed: 1, reused: 3 });
    const answer = changed.engine.ask('What quota does the zebra rule set?');
    expect(answer.ok && answer.answer.results[0]?.text).toContain('99 zebras');
    sameIndex((await open(dir, false)).engine, changed.engine);
    // A file touched without a change of content is recognised by its hash.
    const file = path.join(dir, 'notes.txt');
    fs.utimesSync(file, new Date(), new Date(Date.now() - 60_000));
    expect((await open(dir)).engine.snapshot).toMatchObject({ analysed: 0, reused: 4 });
    // Removed and added files.
    fs.rmSync(file);
    fs.writeFileSync(path.join(dir, 'new.txt'), 'New title\n\nA brand new document about ferries.\n');
    const again = await open(dir);
    expect(again.engine.snapshot).toMatchObject({ files: 4, analysed: 1, reused: 3 });
    sameIndex((await open(dir, false)).engine, again.engine);
  });

  it('GIVEN a damaged snapshot WHEN opened THEN it warns, rebuilds what is damaged, and never crashes', async () => {
    const dir = makeCorpus(corpusFiles());
    const fresh = await open(dir, false);
    await open(dir);
    const segments = path.join(dir, SNAPSHOT_DIR, 'seg');
    const [first, second, third] = fs.readdirSync(segments).sort();
    const bytes = fs.readFileSync(path.join(segments, first!));
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff; // flipped bits
    fs.writeFileSync(path.join(segments, first!), bytes);
    fs.writeFileSync(path.join(segments, second!), bytes.subarray(0, 40)); // truncated
    fs.writeFileSync(path.join(segments, third!), 'not a snapshot at all');
    const damaged = await open(dir);
    expect(damaged.warnings.filter((w) => w.file === SNAPSHOT_DIR)).toHaveLength(3);
    expect(damaged.engine.snapshot).toMatchObject({ analysed: 3, reused: 1 });
    sameIndex(fresh.engine, damaged.engine);
    // Repaired: the next start reuses everything without warnings.
    const repaired = await open(dir);
    expect(repaired.warnings.filter((w) => w.file === SNAPSHOT_DIR)).toEqual([]);
    expect(repaired.engine.snapshot).toMatchObject({ analysed: 0, reused: 4 });

    fs.writeFileSync(path.join(dir, SNAPSHOT_DIR, 'manifest.json'), '{"format": "policybot-snapsh');
    const unreadable = await open(dir);
    expect(unreadable.warnings.some((w) => w.file === SNAPSHOT_DIR && /manifest/.test(w.reason))).toBe(true);
    sameIndex(fresh.engine, unreadable.engine);

    // A snapshot made by other code (another fingerprint) is rebuilt.
    const manifestFile = path.join(dir, SNAPSHOT_DIR, 'manifest.json');
    fs.writeFileSync(manifestFile, fs.readFileSync(manifestFile, 'utf8').replace(/"fingerprint":"[0-9a-f]+"/, '"fingerprint":"0000"'));
    const other = await open(dir);
    expect(other.engine.snapshot).toMatchObject({ analysed: 4, reused: 0 });
    sameIndex(fresh.engine, other.engine);
  });

  it('GIVEN an unchanged corpus WHEN opened again THEN its assembled index is loaded whole; after a change, or when damaged, it is assembled and written again', async () => {
    const dir = makeCorpus(corpusFiles());
    const fresh = await open(dir, false);
    const assembledFile = path.join(dir, SNAPSHOT_DIR, CORPUS_FILE);
    const loadsAssembled = async () => {
      const opened = await openCorpus(dir);
      if (!opened.ok) throw new Error(opened.message);
      return opened.assembled !== undefined;
    };
    await open(dir);
    expect(fs.existsSync(assembledFile)).toBe(true);
    expect(await loadsAssembled()).toBe(true);
    sameIndex(fresh.engine, (await open(dir)).engine);

    // A changed document: the file no longer matches, is assembled again at the next start, and written.
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'Notes on low-carbon steel\n\nLow-carbon steel output rose 7.5% in 2024.\n');
    expect(await loadsAssembled()).toBe(false);
    const changed = await open(dir);
    sameIndex((await open(dir, false)).engine, changed.engine);
    expect(await loadsAssembled()).toBe(true);
    const answer = changed.engine.ask('How much did low-carbon steel output rise?');
    expect(answer.ok && answer.answer.results[0]?.text).toContain('7.5%');

    // A damaged file is only a cache: no warning, assembled again and rewritten.
    const bytes = fs.readFileSync(assembledFile);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    fs.writeFileSync(assembledFile, bytes);
    expect(await loadsAssembled()).toBe(false);
    const repaired = await open(dir);
    expect(repaired.warnings.filter((w) => w.file === SNAPSHOT_DIR)).toEqual([]);
    sameIndex((await open(dir, false)).engine, repaired.engine);
    expect(await loadsAssembled()).toBe(true);
  });

  it('GIVEN files last written a while ago WHEN the corpus is opened again THEN it is read whole from the corpus file, equal to a fresh build; a change or a damaged file falls back to the segments', async () => {
    const files = corpusFiles();
    // Two documents with one id (a.txt, a.md) and a binary file: their warnings come back from the corpus file too.
    const dir = makeCorpus({ ...files, 'a.txt': 'A title\n\nAbout ferries.\n', 'a.md': '# Other\n\nAbout trains.\n', 'blob.txt': 'bin\u0000ary' });
    const age = (file: string) => fs.utimesSync(path.join(dir, file), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    for (const file of [...Object.keys(files), 'a.txt', 'a.md', 'blob.txt']) age(file);
    const fresh = await open(dir, false);
    const first = await open(dir);
    expect(first.engine.snapshot?.whole).toBeFalsy();
    const whole = await open(dir);
    expect(whole.engine.snapshot).toMatchObject({ whole: true, analysed: 0, reused: 7, files: 7 });
    sameIndex(fresh.engine, whole.engine);
    expect(whole.warnings).toEqual(fresh.warnings);
    expect(whole.warnings.map((w) => w.file).sort()).toEqual(['a.txt', 'blob.txt', 'broken.md']);
    expect(whole.engine.sources('zebra')).toEqual(fresh.engine.sources('zebra'));

    // A damaged corpus file is only a cache: no warning, the segments are read, and the file is written again.
    const corpusFile = path.join(dir, SNAPSHOT_DIR, CORPUS_FILE);
    const bytes = fs.readFileSync(corpusFile);
    bytes[bytes.length - 9] = bytes[bytes.length - 9]! ^ 0xff;
    fs.writeFileSync(corpusFile, bytes);
    const repaired = await open(dir);
    expect(repaired.engine.snapshot?.whole).toBeFalsy();
    expect(repaired.warnings).toEqual(fresh.warnings);
    sameIndex(fresh.engine, repaired.engine);
    expect((await open(dir)).engine.snapshot?.whole).toBe(true);

    // A changed file: that document is analysed again, the corpus file made again, then read whole.
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'Notes on low-carbon steel\n\nLow-carbon steel output rose 7.5% in 2024.\n');
    age('notes.txt');
    const changed = await open(dir);
    expect(changed.engine.snapshot).toMatchObject({ analysed: 1 });
    expect(changed.engine.snapshot?.whole).toBeFalsy();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await open(dir);
    expect(after.engine.snapshot?.whole).toBe(true);
    sameIndex((await open(dir, false)).engine, after.engine);
    const answer = after.engine.ask('How much did low-carbon steel output rise?');
    expect(answer.ok && answer.answer.results[0]?.text).toContain('7.5%');

    // A removed file: the corpus file no longer matches.
    fs.rmSync(path.join(dir, 'a.md'));
    const removed = await open(dir);
    expect(removed.engine.snapshot?.whole).toBeFalsy();
    expect(removed.engine.corpus.documents.some((d) => d.file === 'a.md')).toBe(false);
    expect((await open(dir)).engine.snapshot?.whole).toBe(true);
  });

  it('GIVEN a segment whose analysis is inconsistent THEN decoding it succeeds and reading the analysis says it is damaged', async () => {
    const dir = makeCorpus({ 'a.txt': 'A title\n\nOne paragraph about ferries.\n' });
    await open(dir);
    const segments = path.join(dir, SNAPSHOT_DIR, 'seg');
    const segment = decodeSegment(fs.readFileSync(path.join(segments, fs.readdirSync(segments)[0]!)));
    expect(segment.analysis.vocab.length).toBeGreaterThan(0);
    const broken = decodeSegment(encodeSegment({ ...segment, analysis: { ...segment.analysis, passageLength: new Int32Array(0) } }));
    expect(broken.passages).toEqual(segment.passages);
    expect(() => broken.analysis).toThrow(/inconsistent analysis/);
  });

  it('GIVEN a segment WHEN decoded between turns of the event loop (inflated off the main thread) THEN it equals the one decoded at once; a damaged one is refused the same way', async () => {
    const dir = makeCorpus(corpusFiles());
    await open(dir);
    const segments = path.join(dir, SNAPSHOT_DIR, 'seg');
    let turns = 0;
    const pause = () => new Promise<void>((resolve) => setImmediate(() => (turns++, resolve())));
    for (const name of fs.readdirSync(segments)) {
      const bytes = fs.readFileSync(path.join(segments, name));
      const atOnce = decodeSegment(bytes, ['extraction']);
      const sliced = await decodeSegmentSliced(bytes, ['extraction'], pause);
      expect(sliced.document).toEqual(atOnce.document);
      expect(sliced.passages).toEqual(atOnce.passages);
      expect(sliced.extra).toEqual(atOnce.extra);
      expect(sliced.extra?.extraction).toBeDefined();
      expect(sliced.analysis).toEqual(atOnce.analysis);
      const damaged = Buffer.from(bytes);
      damaged[damaged.length - 5]! ^= 0xff;
      await expect(decodeSegmentSliced(damaged, [], pause)).rejects.toThrow(/checksum/);
      expect(() => decodeSegment(damaged)).toThrow(/checksum/);
    }
    expect(turns).toBeGreaterThan(0);
  });

  it('GIVEN segments without their extraction (an older snapshot) WHEN opened THEN those documents are extracted again, the rest read as stored', async () => {
    const dir = makeCorpus(corpusFiles());
    const fresh = await open(dir, false);
    await open(dir);
    const segments = path.join(dir, SNAPSHOT_DIR, 'seg');
    for (const name of fs.readdirSync(segments).sort().slice(0, 2)) {
      const segment = decodeSegment(fs.readFileSync(path.join(segments, name)), ['extraction']);
      expect(segment.extra?.extraction).toBeDefined();
      fs.writeFileSync(path.join(segments, name), encodeSegment({ document: segment.document, passages: segment.passages, analysis: segment.analysis, ...(segment.warning ? { warning: segment.warning } : {}) }));
    }
    fs.rmSync(path.join(dir, SNAPSHOT_DIR, CORPUS_FILE), { force: true });
    const reopened = await open(dir);
    expect(reopened.engine.snapshot).toMatchObject({ analysed: 0, reused: 4 });
    sameIndex(fresh.engine, reopened.engine);
  });

  it('GIVEN snapshots turned off by the environment THEN nothing is written', async () => {
    const dir = makeCorpus(corpusFiles());
    process.env.POLICYBOT_SNAPSHOT = 'off';
    try {
      const opened = await openEngine(dir);
      expect(opened.ok).toBe(true);
    } finally {
      delete process.env.POLICYBOT_SNAPSHOT;
    }
    expect(fs.existsSync(path.join(dir, SNAPSHOT_DIR))).toBe(false);
  });
});

describe('GIVEN POLICYBOT_BUILD_THREADS', () => {
  it('THEN it sets how many threads analyse a build, one per core when unset or invalid, at most MAX_THREADS', async () => {
    const { buildThreads, MAX_THREADS } = await import('../../src/core/snapshot/analysisPool.ts');
    const cores = (await import('node:os')).availableParallelism();
    expect(buildThreads({ POLICYBOT_BUILD_THREADS: '3' })).toBe(3);
    expect(buildThreads({ POLICYBOT_BUILD_THREADS: '1' })).toBe(1);
    expect(buildThreads({})).toBe(Math.min(cores, MAX_THREADS));
    expect(buildThreads({ POLICYBOT_BUILD_THREADS: 'many' })).toBe(Math.min(cores, MAX_THREADS));
    expect(buildThreads({ POLICYBOT_BUILD_THREADS: '1000' })).toBe(MAX_THREADS);
  });
});
