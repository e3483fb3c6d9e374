/**
 * CorpusAdmin: adds and removes written to the folder, re-indexed, summarised from the new engine; refusals leave
 * the folder, the index and the answering engine exactly as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusAdmin, documentToken } from '../../src/app/corpusAdmin.ts';
import type { EngineHolder } from '../../src/app/engineHolder.ts';
import { HARBOUR, WIND, WIND_QUESTION, adminFor, answeringDocs, corpusFolder, folderState } from './fixtures.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('GIVEN a corpus folder managed by a CorpusAdmin', () => {
  it('WHEN a document is added THEN it is written, indexed, and summarised from the new engine with a cited sample', async () => {
    const dir = corpusFolder();
    const { admin, holder } = await adminFor(dir);
    const before = holder.current;

    const added = await admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt', addedBy: 'alice (42)' });

    expect(added.ok).toBe(true);
    if (!added.ok) return;
    const { summary } = added;
    expect(summary.doc).toMatchObject({ id: '2023-06-01-offshore-wind-farm-expansion', title: 'Offshore wind farm expansion', date: '2023-06-01' });
    expect(summary.file).toBe('2023-06-01-offshore-wind-farm-expansion.md');
    expect(summary.kind).toBe('text');
    expect(summary.paragraphs).toBe(3);
    expect(summary.figures).toBeGreaterThanOrEqual(1);
    expect(summary.quotes).toBeGreaterThanOrEqual(1);
    expect(summary.documents).toBe(3);
    // The sample is the document's own words, with where they stand.
    expect(summary.sample?.label).toBe('Key figure');
    expect(summary.sample?.text).toContain('900 megawatts');
    expect(WIND).toContain(summary.sample!.text);
    expect(summary.sample?.doc.id).toBe(summary.doc.id);
    expect(summary.sample?.paragraph).toBe(1);

    expect(holder.current).not.toBe(before);
    expect(answeringDocs(holder, WIND_QUESTION)[0]).toBe(summary.doc.id);
    const written = fs.readFileSync(path.join(dir, summary.file), 'utf8');
    expect(written).toContain('added_by: alice (42)');
    expect(written).toContain('source: wind.txt');
  });

  it('WHEN a document without figures is added THEN the sample is the answer to its title, cited', async () => {
    const dir = corpusFolder();
    const { admin } = await adminFor(dir);
    const text = 'Seal colonies on the coast\n\nThe seal colonies on the northern coast are protected from cable laying and from ferries.\n';
    const added = await admin.addBytes({ bytes: bytes(text), name: 'seals.txt' });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.summary.figures).toBe(0);
    expect(added.summary.sample).toMatchObject({ label: 'Sample answer', question: 'Seal colonies on the coast', paragraph: 1 });
    expect(added.summary.sample?.text).toContain('seal colonies on the northern coast');
  });

  it('WHEN the same text is added again, a file is too large, or of an unsupported type THEN one polite failure each and nothing changes', async () => {
    const dir = corpusFolder({ 'wind-farm.txt': WIND });
    const { admin, holder } = await adminFor(dir, { limits: { maxBytes: 2000 } });
    const engine = holder.current;
    const state = folderState(dir);

    const duplicate = await admin.addBytes({ bytes: bytes(`---\ntitle: Another title\n---\n${WIND.split('\n').slice(2).join('\n')}`), name: 'again.md' });
    const oversize = await admin.addBytes({ bytes: bytes(`Big\n\n${'word '.repeat(1000)}`), name: 'big.txt' });
    const png = await admin.addBytes({ bytes: PNG, name: 'notes.txt' });
    const empty = await admin.addBytes({ bytes: new Uint8Array(), name: 'empty.txt' });

    expect(duplicate).toMatchObject({ ok: false, code: 'duplicate' });
    expect(duplicate.ok || duplicate.message).toContain('Offshore wind farm expansion');
    expect(oversize).toMatchObject({ ok: false, code: 'too_large' });
    expect(png).toMatchObject({ ok: false, code: 'unsupported_type' });
    expect(png.ok || png.message).toContain('PNG');
    expect(empty).toMatchObject({ ok: false, code: 'empty_document' });
    expect(folderState(dir)).toEqual(state);
    expect(holder.runs).toBe(0);
    expect(holder.current).toBe(engine);
  });

  it('WHEN a document is removed THEN its file is gone and so is it from the answers', async () => {
    const dir = corpusFolder({ 'wind-farm.txt': WIND });
    const { admin, holder } = await adminFor(dir);
    expect(answeringDocs(holder, WIND_QUESTION)[0]).toBe('wind-farm');

    const removed = await admin.remove('wind-farm');

    expect(removed).toMatchObject({ ok: true, id: 'wind-farm', title: 'Offshore wind farm expansion', file: 'wind-farm.txt', documents: 2 });
    expect(fs.existsSync(path.join(dir, 'wind-farm.txt'))).toBe(false);
    expect(holder.current.corpus.byId.has('wind-farm')).toBe(false);
    expect(answeringDocs(holder, WIND_QUESTION)).not.toContain('wind-farm');
    // Twice: a polite failure, nothing else removed.
    const again = await admin.remove('wind-farm');
    expect(again).toMatchObject({ ok: false, code: 'unknown_document' });
    expect(holder.current.corpus.documents).toHaveLength(2);
  });

  it('WHEN a document is looked up by its button token THEN it is found; an unknown token finds nothing', async () => {
    const { admin } = await adminFor(corpusFolder());
    expect(admin.find(documentToken('steel-output'))?.title).toBe('Steel output report');
    expect(admin.find('steel-output')?.id).toBe('steel-output');
    expect(admin.find('0123456789ab')).toBeUndefined();
    expect(documentToken('a'.repeat(300))).toMatch(/^[0-9a-f]{12}$/);
  });

  it('WHEN the corpus has 23 documents THEN the list has 3 pages of at most 10, by title; out-of-range pages are clamped', async () => {
    const extra: Record<string, string> = {};
    for (let i = 0; i < 21; i++) extra[`note-${String(i).padStart(2, '0')}.txt`] = `Note ${String(i).padStart(2, '0')}\n\nThe note says the harbour needs ${i + 2} more cranes.\n`;
    const { admin } = await adminFor(corpusFolder(extra));

    const first = admin.list(1);
    expect(first).toMatchObject({ page: 1, pages: 3, total: 23, first: 1 });
    expect(first.documents).toHaveLength(10);
    expect(first.documents[0]!.title).toBe('Harbour plan approved');
    expect(first.documents[1]!.title).toBe('Note 00');
    const last = admin.list(3);
    expect(last.documents.map((d) => d.title)).toEqual(['Note 19', 'Note 20', 'Steel output report']);
    expect(last.first).toBe(21);
    expect(admin.list(99).page).toBe(3);
    expect(admin.list(0).page).toBe(1);
  });

  it('WHEN the re-index fails after an add THEN the file is taken back out and the old engine keeps answering', async () => {
    const dir = corpusFolder();
    const { holder: real } = await adminFor(dir);
    const engine = real.current;
    const broken: EngineHolder = { current: engine, reindex: async () => ({ ok: false, message: 'disk on fire' }) };
    const admin = new CorpusAdmin({ dir, holder: broken });
    const state = folderState(dir);

    const added = await admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });

    expect(added).toMatchObject({ ok: false, code: 'reindex_failed' });
    expect(added.ok || added.message).toContain('disk on fire');
    expect(folderState(dir)).toEqual(state);
    expect(broken.current).toBe(engine);
  });

  it('WHEN two adds and a remove are started together THEN they run one at a time and all land', async () => {
    const dir = corpusFolder();
    const { admin, holder } = await adminFor(dir);
    const seals = 'Seal colonies\n\nThe seal colonies on the northern coast are protected.\n';
    const [a, b, c] = await Promise.all([
      admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' }),
      admin.addBytes({ bytes: bytes(seals), name: 'seals.txt' }),
      admin.remove('steel-output'),
    ]);
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, true]);
    expect(holder.current.corpus.documents.map((d) => d.id).sort()).toEqual(['2023-05-02-harbour-plan-approved', '2023-06-01-offshore-wind-farm-expansion', 'seal-colonies']);
  });

  it('WHEN reload is asked THEN hand-made changes are in the answers', async () => {
    const dir = corpusFolder();
    const { admin, holder } = await adminFor(dir);
    fs.writeFileSync(path.join(dir, 'wind-farm.txt'), WIND);
    const reloaded = await admin.reload();
    expect(reloaded).toMatchObject({ ok: true, documents: 3 });
    expect(answeringDocs(holder, WIND_QUESTION)[0]).toBe('wind-farm');
  });

  it('WHEN the watcher reports the file an add just wrote THEN the admin says it is indexed already; a later hand edit is not', async () => {
    const dir = corpusFolder();
    const { admin } = await adminFor(dir);
    const added = await admin.addBytes({ bytes: bytes(WIND), name: 'wind.txt' });
    if (!added.ok) throw new Error(added.message);
    const file = path.join(dir, added.summary.file);
    const stat = fs.statSync(file);
    expect(admin.covers([{ file: added.summary.file, exists: true, size: stat.size, mtimeMs: stat.mtimeMs }])).toBe(true);
    expect(admin.covers([{ file: added.summary.file, exists: true, size: stat.size + 1, mtimeMs: stat.mtimeMs }])).toBe(false);
    expect(admin.covers([{ file: 'other.md', exists: true, size: 1, mtimeMs: 1 }])).toBe(false);
    expect(HARBOUR).toBeTruthy();
  });
});
