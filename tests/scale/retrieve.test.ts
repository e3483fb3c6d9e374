import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/core/corpus/load.ts';
import { contributionOf } from '../../src/core/layers/collection.ts';
import { buildIndex, FIELD_BOOSTS, MINISEARCH_OPTIONS } from '../../src/core/search/index.ts';
import { retrieve } from '../../src/core/search/retrieve.ts';
import { makeCorpus, SEED_CORPUS } from '../support/corpus.ts';

/**
 * Documents whose titles and sections share words with other documents' text: each term is found in text only, in
 * a section only, in a title only, and in all three; three documents repeat a passage word for word, so their scores
 * tie and only MiniSearch's order of insertion tells them apart.
 */
async function sharedWordsCorpus() {
  const loaded = await loadCorpus(
    makeCorpus({
      'harbour.md': '---\ntitle: Harbour steel plan\n---\n\n## Port cranes\n\nThe port buys electric cranes.\n\nSteel for the cranes comes from the mill.\n\n## Dredging\n\nDredging starts in May.\n\nThe same sentence is here.',
      'mill.md': '---\ntitle: Mill report\n---\n\n## Steel output\n\nOutput rose by 3% at the mill.\n\nThe same sentence is here.\n\n## Cranes\n\nNew cranes were ordered for the port.',
      'cranes.md': '---\ntitle: Cranes and ports\n---\n\nThe same sentence is here.\n\n## Harbour dredging\n\nMay is the dredging month for the harbour.',
    }),
  );
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.corpus;
}

describe('compact retrieval', () => {
  it('GIVEN the seed corpus THEN retrieve returns exactly the top hits of MiniSearch search (ids, scores, terms, order)', async () => {
    const loaded = await loadCorpus(SEED_CORPUS);
    if (!loaded.ok) throw new Error(loaded.message);
    const { corpus } = loaded;
    const index = buildIndex(corpus);
    const miniSearch = new MiniSearch<{ id: number; text: string; section: string; title: string }>({ ...MINISEARCH_OPTIONS, storeFields: [] });
    for (const p of corpus.passages) miniSearch.add({ id: p.index, text: p.text, section: p.section ?? '', title: corpus.byId.get(p.docId)!.title });
    const questions = ['What share of OLED shipments did domestic manufacturers have?', 'supply chain supply chain policy', 'low-carbon 24.7% industrial chain', 'stable chain and strong chain', 'hydrogen', 'nothing matches zzzz'];
    for (const q of questions) {
      for (const limit of [1, 5, 60]) {
        const expected = miniSearch.search(q, { boost: FIELD_BOOSTS, combineWith: 'OR' }).slice(0, limit).map((h) => ({ id: h.id, score: h.score, terms: [...h.terms].sort() }));
        const got = retrieve(index.compact, q, { limit, boost: FIELD_BOOSTS }).map((h) => ({ id: h.id, score: h.score, terms: [...h.terms].sort() }));
        expect(got).toEqual(expected);
      }
    }
    // The index turned back into MiniSearch (loadJS) searches the same.
    expect(index.miniSearch.search('OLED shipments', { boost: FIELD_BOOSTS })).toEqual(miniSearch.search('OLED shipments', { boost: FIELD_BOOSTS }));
  });

  it('GIVEN documents whose titles and sections share words with other documents\' text THEN retrieve returns exactly MiniSearch\'s hits, ties in its order', async () => {
    const corpus = await sharedWordsCorpus();
    const index = buildIndex(corpus);
    const miniSearch = new MiniSearch<{ id: number; text: string; section: string; title: string }>({ ...MINISEARCH_OPTIONS, storeFields: [] });
    for (const p of corpus.passages) miniSearch.add({ id: p.index, text: p.text, section: p.section ?? '', title: corpus.byId.get(p.docId)!.title });
    for (const q of ['steel cranes', 'harbour dredging may', 'same sentence', 'port steel mill report output cranes harbour', 'plan', 'cranes cranes port']) {
      const expected = miniSearch.search(q, { boost: FIELD_BOOSTS, combineWith: 'OR' }).map((h) => ({ id: h.id, score: h.score, terms: [...h.terms].sort() }));
      const got = retrieve(index.compact, q, { limit: corpus.passages.length, boost: FIELD_BOOSTS }).map((h) => ({ id: h.id, score: h.score, terms: [...h.terms].sort() }));
      expect(got, q).toEqual(expected);
    }
    // What contributionOf's binary search relies on: each term's section and title ranges ascend and do not overlap.
    for (const postings of [index.compact.section, index.compact.title]) {
      for (let id = 0; id + 1 < postings.start.length; id++) {
        for (let r = postings.start[id]! + 1; r < postings.start[id + 1]!; r++) expect(postings.from[r]!).toBeGreaterThanOrEqual(postings.to[r - 1]!);
      }
    }
  });

  it('GIVEN a range of passages (one document) THEN retrieve returns exactly the whole-corpus hits that fall inside it, in order, with their scores', async () => {
    const loaded = await loadCorpus(SEED_CORPUS);
    if (!loaded.ok) throw new Error(loaded.message);
    const index = buildIndex(loaded.corpus);
    const N = index.compact.passageCount;
    const ranges: [number, number][] = [[0, 1], [0, Math.floor(N / 2)], [Math.floor(N / 3), Math.floor((2 * N) / 3)], [N - 2, N], [5, 5]];
    for (const q of ['supply chain supply chain policy', 'low-carbon 24.7% industrial chain', 'stable chain and strong chain', 'hydrogen']) {
      const all = retrieve(index.compact, q, { limit: N, boost: FIELD_BOOSTS });
      for (const [from, to] of ranges) {
        const expected = all.filter((h) => h.id >= from && h.id < to).slice(0, 5);
        expect(retrieve(index.compact, q, { limit: 5, boost: FIELD_BOOSTS, range: [from, to] })).toEqual(expected);
      }
    }
  });
});

describe('what hidden passages contribute to the statistics', () => {
  it('GIVEN any runs of hidden passages THEN their section and title frequencies are the overlaps of every range, as counted one by one', async () => {
    const { compact } = buildIndex(await sharedWordsCorpus());
    const N = compact.passageCount;
    const run = fc.tuple(fc.integer({ min: 0, max: N - 1 }), fc.integer({ min: 1, max: N })).map(([from, length]) => [from, Math.min(N, from + length)] as const);
    fc.assert(
      fc.property(fc.array(run, { maxLength: 3 }), (runs) => {
        // Runs as a layered engine gives them: disjoint, ascending.
        const ranges: (readonly [number, number])[] = [];
        for (const [from, to] of [...runs].sort((x, y) => x[0] - y[0])) if (ranges.length === 0 || from >= ranges[ranges.length - 1]![1]) ranges.push([from, to]);
        const contribution = contributionOf(compact, ranges);
        for (const [f, postings] of [[1, compact.section], [2, compact.title]] as const) {
          compact.terms.forEach((term, id) => {
            let expected = 0;
            for (let r = postings.start[id]!; r < postings.start[id + 1]!; r++) for (const [from, to] of ranges) expected += Math.max(0, Math.min(to, postings.to[r]!) - Math.max(from, postings.from[r]!));
            expect(contribution.df(f, term)).toBe(expected);
          });
        }
      }),
    );
  });
});
