import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { federatedEngine } from '../../src/core/guild/federated.ts';
import { folderOf, poolDocuments } from './support.ts';

const open = async (dir: string): Promise<Engine> => {
  const opened = await openEngine(dir, () => {}, { snapshot: false });
  if (!opened.ok) throw new Error(opened.message);
  return opened.engine;
};

let base: Engine;
let own: Engine;
let whole: Engine;
let documents: ReturnType<typeof poolDocuments>;
let guildIds: Set<string>;

beforeAll(async () => {
  documents = poolDocuments(16);
  const baseDocs = documents.filter((_, i) => i % 4 !== 0);
  const guildDocs = documents.filter((_, i) => i % 4 === 0);
  [base, own, whole] = await Promise.all([open(folderOf(baseDocs)), open(folderOf(guildDocs)), open(folderOf(documents))]);
  guildIds = new Set(own.corpus.documents.map((d) => d.id));
}, 60_000);

/** Questions made of a paragraph's words: some words of its first sentence. */
const questions = () => documents.flatMap((d) => d.paragraphs.slice(0, 6).map((p) => p.split(/\s+/).slice(3, 11).join(' '))).filter((q) => q.length > 10);

describe('a server engine: the base corpus and the server documents ranked as one corpus', () => {
  it('GIVEN base and server documents THEN every question is answered exactly as by one index of all the documents (same passages, same order, same scores)', () => {
    const guild = federatedEngine(base, own);
    let compared = 0;
    let fromServer = 0;
    let fromBase = 0;
    for (const question of questions()) {
      const a = guild.ask(question, { limit: 5 });
      const b = whole.ask(question, { limit: 5 });
      expect(a.ok && b.ok).toBe(true);
      if (!a.ok || !b.ok) continue;
      expect(a.answer.abstained).toBe(b.answer.abstained);
      const view = (r: (typeof a.answer.results)[number]) => `${r.doc.id}#${r.paragraph}: ${r.text}`;
      expect(a.answer.results.map(view)).toEqual(b.answer.results.map(view));
      a.answer.results.forEach((r, i) => expect(r.score).toBeCloseTo(b.answer.results[i]!.score, 2));
      compared++;
      fromServer += a.answer.results.filter((r) => r.doc.server).length;
      fromBase += a.answer.results.filter((r) => !r.doc.server).length;
    }
    expect(compared).toBeGreaterThan(40);
    expect(fromServer).toBeGreaterThan(20);
    expect(fromBase).toBeGreaterThan(20);
  });

  it('GIVEN any question THEN results from the server documents, and only those, are marked as the server\'s', () => {
    const guild = federatedEngine(base, own);
    fc.assert(
      fc.property(fc.constantFrom(...questions()), (question) => {
        const asked = guild.ask(question);
        if (!asked.ok) return;
        for (const r of asked.answer.results) expect(r.doc.server === true).toBe(guildIds.has(r.doc.id));
      }),
      { numRuns: 40 },
    );
  });

  it('GIVEN a question scoped to a server document or a base document THEN only that document answers', () => {
    const guild = federatedEngine(base, own);
    for (const doc of [own.corpus.documents[0]!, base.corpus.documents[0]!]) {
      const question = doc.paragraphs[1]!.split(/\s+/).slice(2, 10).join(' ');
      const asked = guild.ask(question, { doc: doc.id });
      expect(asked.ok).toBe(true);
      if (asked.ok) for (const r of asked.answer.results) expect(r.doc.id).toBe(doc.id);
    }
  });

  it('GIVEN a server engine THEN its document list, sources and counts hold both kinds, the server\'s first, and the base documents are the base engine\'s own objects', () => {
    const guild = federatedEngine(base, own);
    expect(guild.corpus.documents.length).toBe(base.corpus.documents.length + own.corpus.documents.length);
    expect(guild.corpus.documents.slice(0, guildIds.size).every((d) => guildIds.has(d.id))).toBe(true);
    const sources = guild.sources();
    expect(sources.ok && sources.sources.kind === 'list' && sources.sources.documents.filter((s) => s.doc.server).length).toBe(guildIds.size);
    // The base's documents are the base engine's own objects (nothing re-read or copied).
    for (const d of base.corpus.documents) expect(guild.corpus.byId.get(d.id)).toBe(d);
    const stats = guild.stats('');
    expect(stats.ok).toBe(true);
  });

  it('GIVEN base and server documents THEN the question is read with what one corpus of all of them teaches (WordNet narrowed to either part\'s words, both parts\' abbreviations), without walking WordNet again', () => {
    const guild = federatedEngine(base, own);
    const a = guild.index.learned;
    const b = whole.index.learned;
    expect(a.words).toEqual(b.words);
    expect([...a.start]).toEqual([...b.start]);
    expect(a.related).toEqual(b.related);
    expect([...a.weights]).toEqual([...b.weights]);
    expect(new Set(a.abbreviations.map((x) => x.short))).toEqual(new Set(b.abbreviations.map((x) => x.short)));
    // The server's documents did add words: some word's relatives hold one only they use.
    const baseLearned = base.index.learned;
    expect(a.related.length).toBeGreaterThan(baseLearned.related.length);
  });
});
