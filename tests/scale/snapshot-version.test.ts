import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { INDEX_FORMAT } from '../../src/core/snapshot/assembled.ts';
import { CONTAINER_VERSION, decodeContainer, encodeContainer, SnapshotError } from '../../src/core/snapshot/container.ts';
import { CORPUS_FILE, decodeCorpusFileIndex } from '../../src/core/snapshot/corpus-file.ts';
import { openCorpus, SNAPSHOT_DIR, SNAPSHOT_VERSION } from '../../src/core/snapshot/store.ts';
import type { LoadWarning } from '../../src/core/types.ts';
import { makeCorpus } from '../support/corpus.ts';

/** The snapshot's formats have versions: a snapshot (or a part of it) of another version is made again, never misread. */

const FILES: Record<string, string> = {
  'rules/zebra.md': '---\ntitle: Zebra rule\ndate: 2024-01-02\n---\n\n# Quotas\n\nThe zebra rule sets a quota of 12 zebras per office.\n\nOffices report their zebras every March. The report is public.\n',
  'notes.txt': 'Notes on low-carbon steel\n\nLow-carbon steel output rose 4.5% in 2023, the ministry said.\n',
  'ferries.txt': 'Ferries\n\nThe ferry service carried 2.1 million passengers in 2022, up 8% on the year before.\n',
};
const QUESTIONS = ['What quota does the zebra rule set?', 'How much did low-carbon steel output rise?', 'How many passengers did the ferry carry?'];

async function open(dir: string, snapshot = true): Promise<{ engine: Engine; warnings: LoadWarning[] }> {
  const warnings: LoadWarning[] = [];
  const opened = await openEngine(dir, (w) => warnings.push(w), { snapshot });
  if (!opened.ok) throw new Error(opened.message);
  return { engine: opened.engine, warnings };
}

const answers = (engine: Engine) => QUESTIONS.map((q) => engine.ask(q, { limit: 10 }));

/** A corpus whose files were written a minute ago (so that size and mtime vouch for them), with its snapshot and corpus file made. */
async function corpusWithSnapshot() {
  const dir = makeCorpus(FILES);
  const old = new Date(Date.now() - 60_000);
  for (const file of Object.keys(FILES)) fs.utimesSync(path.join(dir, file), old, old);
  const fresh = await open(dir, false);
  await open(dir);
  expect((await open(dir)).engine.snapshot?.whole).toBe(true);
  return { dir, fresh, snapshotDir: path.join(dir, SNAPSHOT_DIR) };
}

/** A container file (container.ts) with its header's `meta` changed; payloads and their checksum as they were. */
function withMeta(bytes: Buffer, change: (meta: Record<string, unknown>) => void): Buffer {
  return withHeader(bytes, (header) => change(header.meta as Record<string, unknown>));
}

describe('snapshot format versions', () => {
  it('GIVEN a manifest of another snapshot version (older or newer) WHEN opened THEN every document is analysed again, silently, and the snapshot is written in the current version', async () => {
    const { dir, fresh, snapshotDir } = await corpusWithSnapshot();
    const manifestFile = path.join(snapshotDir, 'manifest.json');
    for (const version of [SNAPSHOT_VERSION - 1, SNAPSHOT_VERSION + 1]) {
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { version: number };
      manifest.version = version;
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      const reopened = await open(dir);
      expect(reopened.engine.snapshot).toMatchObject({ analysed: 3, reused: 0, saved: true });
      expect(reopened.engine.snapshot?.whole).toBeFalsy();
      expect(reopened.warnings.filter((w) => w.file === SNAPSHOT_DIR)).toEqual([]);
      expect(answers(reopened.engine)).toEqual(answers(fresh.engine));
      expect((JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { version: number }).version).toBe(SNAPSHOT_VERSION);
      expect((await open(dir)).engine.snapshot).toMatchObject({ analysed: 0, reused: 3 });
    }
  });

  it('GIVEN a segment of another container version WHEN opened THEN that document is analysed again (never decoded as the current format)', async () => {
    const { dir, fresh, snapshotDir } = await corpusWithSnapshot();
    const segments = fs.readdirSync(path.join(snapshotDir, 'seg'));
    const file = path.join(snapshotDir, 'seg', segments[0]!);
    const bytes = fs.readFileSync(file);
    expect(bytes.readUInt16LE(6)).toBe(CONTAINER_VERSION);
    bytes.writeUInt16LE(CONTAINER_VERSION + 1, 6);
    fs.writeFileSync(file, bytes);
    fs.rmSync(path.join(snapshotDir, CORPUS_FILE)); // else the whole corpus is read from the corpus file, segments unread
    const reopened = await open(dir);
    expect(reopened.engine.snapshot).toMatchObject({ analysed: 1, reused: 2 });
    expect(reopened.warnings.filter((w) => w.file === SNAPSHOT_DIR).map((w) => w.reason).join('\n')).toMatch(/container version/);
    expect(answers(reopened.engine)).toEqual(answers(fresh.engine));
  });

  it('GIVEN a corpus file of another container version or index format WHEN opened THEN it is not read: the index is assembled from the segments and the file written again', async () => {
    const { dir, fresh, snapshotDir } = await corpusWithSnapshot();
    const corpusFile = path.join(snapshotDir, CORPUS_FILE);
    const current = fs.readFileSync(corpusFile);
    const oldContainer = Buffer.from(current);
    oldContainer.writeUInt16LE(CONTAINER_VERSION - 1, 6);
    const otherFormats = [INDEX_FORMAT - 1, INDEX_FORMAT + 1, undefined].map((format) =>
      withMeta(current, (meta) => {
        expect(meta.indexFormat).toBe(INDEX_FORMAT);
        if (format === undefined) delete meta.indexFormat; // written before the index format had a number
        else meta.indexFormat = format;
      }),
    );
    const key = (JSON.parse(current.toString('utf8', 12, 12 + current.readUInt32LE(8))) as { meta: { key: string; passageCount: number } }).meta;
    expect(decodeCorpusFileIndex(current, key.key, key.passageCount)).toBeDefined();
    for (const stale of [oldContainer, ...otherFormats]) {
      if (stale !== oldContainer) expect(decodeCorpusFileIndex(stale, key.key, key.passageCount)).toBeUndefined();
      fs.writeFileSync(corpusFile, stale);
      const reopened = await open(dir);
      expect(reopened.engine.snapshot?.whole).toBeFalsy();
      expect(reopened.warnings.filter((w) => w.file === SNAPSHOT_DIR)).toEqual([]);
      expect(answers(reopened.engine)).toEqual(answers(fresh.engine));
      // Made again in the current format: read whole at the next start.
      const opened = await openCorpus(dir);
      expect(opened.ok && opened.assembled !== undefined).toBe(true);
      expect((await open(dir)).engine.snapshot?.whole).toBe(true);
    }
  });
});

describe('deflated containers (segments)', () => {
  it('GIVEN sections written with compress THEN they read back equal, the file is smaller, and a header that lies about them is rejected', () => {
    const text = 'The zebra rule sets a quota of 12 zebras per office. '.repeat(200);
    const sections = { ints: Int32Array.from({ length: 1000 }, (_, i) => i % 17), shorts: Uint16Array.from([1, 2, 3]), text: Buffer.from(text), meta: { json: { title: 'Zebra', list: [1, null, 'x'] } } };
    const plain = encodeContainer(sections, { kind: 'test' });
    const deflated = encodeContainer(sections, { kind: 'test' }, { compress: true });
    expect(deflated.byteLength).toBeLessThan(plain.byteLength / 4);
    for (const bytes of [plain, deflated]) {
      const container = decodeContainer(bytes);
      expect(container.meta).toEqual({ kind: 'test' });
      expect([...container.i32('ints')]).toEqual([...sections.ints]);
      expect([...container.u16('shorts')]).toEqual([1, 2, 3]);
      expect(Buffer.from(container.u8('text')).toString('utf8')).toBe(text);
      expect(container.json('meta')).toEqual({ title: 'Zebra', list: [1, null, 'x'] });
    }
    // The header says how long the payloads are once inflated; a wrong length is a damaged file, not a misread one.
    const lying = withHeader(deflated, (header) => {
      header.deflated = (header.deflated as number) + 8;
    });
    expect(() => decodeContainer(lying)).toThrow(SnapshotError);
    // A compressed file whose header forgot it is compressed does not read as sections either.
    const unflagged = withHeader(deflated, (header) => {
      delete header.deflated;
    });
    expect(() => decodeContainer(unflagged).json('meta')).toThrow();
  });
});

/** A container file with its header changed (see withMeta). */
function withHeader(bytes: Buffer, change: (header: Record<string, unknown>) => void): Buffer {
  const align8 = (n: number) => (n + 7) & ~7;
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Record<string, unknown>;
  change(header);
  const body = bytes.subarray(align8(12 + headerLength));
  const newHeader = Buffer.from(JSON.stringify(header), 'utf8');
  const out = Buffer.alloc(align8(12 + newHeader.byteLength) + body.byteLength);
  bytes.copy(out, 0, 0, 8);
  out.writeUInt32LE(newHeader.byteLength, 8);
  out.set(newHeader, 12);
  out.set(body, align8(12 + newHeader.byteLength));
  return out;
}
