import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { federatedEngine } from '../../src/core/guild/federated.ts';
import { LiveEngine } from '../../src/core/live/live.ts';
import { folderOf, poolDocuments } from '../guilds/support.ts';
import { makeCorpus } from '../support/corpus.ts';

const open = async (dir: string): Promise<Engine> => {
  const opened = await openEngine(dir, () => {}, { snapshot: false });
  if (!opened.ok) throw new Error(opened.message);
  return opened.engine;
};

const CHANGED_TEXT = 'Harbour dredging\n\nThe harbour dredging levy was raised to 47 dollars a tonne in 2024.\n\nDredging crews work at night.\n';
const ADDED_TEXT = 'Lighthouse keepers\n\nThe lighthouse keepers association counted 318 members.\n';

let documents: ReturnType<typeof poolDocuments>;
let dir: string;
let live: LiveEngine;
let whole: Engine;
let changedId: string;
let removedId: string;
let layered: Engine;

/** Questions made of the documents' own words, and of the changed and added documents'. */
const questions = () => [
  ...documents.flatMap((d) => d.paragraphs.slice(0, 5).map((p) => p.split(/\s+/).slice(3, 11).join(' '))).filter((q) => q.length > 10),
  'What is the harbour dredging levy?',
  'How many members does the lighthouse keepers association have?',
];

beforeAll(async () => {
  documents = poolDocuments(14);
  dir = folderOf(documents);
  const opened = await LiveEngine.open(dir, () => {}, { sliceMs: 2, maxLayeredShare: 0.5 });
  if (!(opened instanceof LiveEngine)) throw new Error(opened.message);
  live = opened;
  // GIVEN one document changed, one removed and one added by hand
  const before = live.current;
  changedId = before.corpus.documents[3]!.id;
  removedId = before.corpus.documents[7]!.id;
  fs.writeFileSync(path.join(dir, before.corpus.documents[3]!.file), CHANGED_TEXT);
  fs.rmSync(path.join(dir, before.corpus.documents[7]!.file));
  fs.writeFileSync(path.join(dir, 'zz-lighthouse.txt'), ADDED_TEXT);
  const result = await live.reindex();
  expect(result).toMatchObject({ ok: true, layered: true });
  layered = live.current;
  // The same folder indexed whole, from scratch, in another folder (same file names, so the same ids).
  const copy = makeCorpus(Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => [f, fs.readFileSync(path.join(dir, f))])));
  whole = await open(copy);
}, 90_000);

afterAll(() => live?.settled());

const view = (engine: Engine, question: string) => {
  const asked = engine.ask(question, { limit: 5 });
  if (!asked.ok) throw new Error(asked.message);
  return { abstained: asked.answer.abstained, results: asked.answer.results.map((r) => ({ at: `${r.doc.id}#${r.paragraph}: ${r.text}`, score: r.score })) };
};

describe('a change answered from a layer beside the assembled index', () => {
  it('GIVEN a change of three documents WHEN re-indexed THEN the engine answering is layered and holds the current documents only', () => {
    expect(layered.layers?.length).toBe(2);
    const ids = layered.corpus.documents.map((d) => d.id);
    expect(ids).not.toContain(removedId);
    expect(ids.filter((id) => id === changedId)).toHaveLength(1);
    expect(new Set(ids)).toEqual(new Set(whole.corpus.documents.map((d) => d.id)));
    // A changed document keeps its place in the list; a new one comes last.
    expect(ids.indexOf(changedId)).toBe(3);
    expect(ids[ids.length - 1]).toBe('zz-lighthouse');
    expect(layered.corpus.passages.length).toBe(whole.corpus.passages.length);
  });

  it('GIVEN the layered engine THEN every question is answered as by one index of the current documents (same passages, order and scores)', () => {
    let compared = 0;
    for (const question of questions()) {
      const a = view(layered, question);
      const b = view(whole, question);
      expect({ question, abstained: a.abstained, at: a.results.map((r) => r.at) }).toEqual({ question, abstained: b.abstained, at: b.results.map((r) => r.at) });
      a.results.forEach((r, i) => expect(r.score).toBeCloseTo(b.results[i]!.score, 2));
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
    expect(view(layered, 'What is the harbour dredging levy?').results[0]!.at).toContain('47 dollars a tonne');
  });

  it('GIVEN the removed and the changed document THEN neither their old passages nor their old figures are found anywhere', () => {
    for (const question of questions()) {
      const asked = layered.ask(question, { limit: 10 });
      if (asked.ok) for (const r of asked.answer.results) expect(r.doc.id).not.toBe(removedId);
    }
    expect(layered.extraction.facts.some((f) => f.docId === removedId)).toBe(false);
    expect(layered.extraction.facts.filter((f) => f.docId === changedId).map((f) => f.value)).toContain('47 dollars');
    const stats = layered.stats('harbour dredging levy', { limit: 3 });
    expect(stats.ok && stats.stats.results[0]?.value).toBe('47 dollars');
    const sources = layered.sources();
    expect(sources.ok && sources.sources.kind === 'list' && sources.sources.documents.map((s) => s.doc.id)).not.toContain(removedId);
    const scoped = layered.ask('dredging levy', { doc: changedId });
    expect(scoped.ok && scoped.answer.results[0]?.text).toContain('47 dollars');
    const gone = layered.ask('anything', { doc: removedId });
    expect(gone.ok).toBe(false);
  });

  it('GIVEN a server engine over the layered base THEN it is taken apart into the layers and answers as one index of everything', async () => {
    const ownDir = makeCorpus({ 'ferries.txt': 'Ferries\n\nThe island ferry carries 120 passengers on each crossing.\n' });
    const own = await open(ownDir);
    const guild = federatedEngine(layered, own);
    expect(guild.layers?.length).toBe(3);
    const asked = guild.ask('How many passengers does the island ferry carry?');
    expect(asked.ok && asked.answer.results[0]?.doc.server).toBe(true);
    const levy = guild.ask('What is the harbour dredging levy?');
    expect(levy.ok && levy.answer.results[0]?.text).toContain('47 dollars');
    expect(guild.corpus.documents.some((d) => d.id === removedId)).toBe(false);
  });

  it('GIVEN the layered change WHEN the background assembly ends THEN one whole index answers, with the same answers', async () => {
    await live.settled();
    const merged = live.current;
    expect(merged.layers).toBeUndefined();
    for (const question of questions().slice(0, 30)) expect(view(merged, question).results.map((r) => r.at)).toEqual(view(whole, question).results.map((r) => r.at));
  }, 60_000);
});
