import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleCorpus, loadCorpus, type Corpus } from '../../src/core/corpus/load.ts';
import { extractCorpus } from '../../src/core/extract/document.ts';
import { extractQuotes } from '../../src/core/extract/quotes.ts';
import { extractFacts } from '../../src/core/extract/stats.ts';
import type { Extraction } from '../../src/core/extract/types.ts';
import type { CorpusDocument } from '../../src/core/types.ts';
import { passageOf, ROOT } from './helpers.ts';

const SHARED = path.resolve(ROOT, '../shared');
const OBLIQA = path.join(SHARED, 'eval/obliqa/corpus');
const POOL = path.join(SHARED, 'bench/policy-pool.jsonl.gz');
const POOL_SLICE_BYTES = 2_000_000;
const haveShared = fs.existsSync(OBLIQA) && fs.existsSync(POOL);
if (!haveShared) console.warn(`[extract sample] ${SHARED} is absent: the obliqa and pool sampling tests are skipped.`);

/** The first `maxBytes` of the pool as a corpus: one document per (src, doc), one paragraph per line. */
async function poolSlice(maxBytes: number): Promise<Corpus> {
  const input = fs.createReadStream(POOL).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const docs = new Map<string, string[]>();
  let bytes = 0;
  for await (const line of lines) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes) break;
    const row = JSON.parse(line) as { src: string; doc: string; text: string };
    const id = `${row.src}/${row.doc}`;
    let paragraphs = docs.get(id);
    if (!paragraphs) docs.set(id, (paragraphs = []));
    paragraphs.push(row.text);
  }
  lines.close();
  input.destroy();
  const documents: CorpusDocument[] = [...docs].map(([id, paragraphs]) => ({
    id, file: `${id}.txt`, title: id, sections: [], paragraphs, paragraphSections: paragraphs.map(() => undefined),
  }));
  return assembleCorpus('pool', documents, []);
}

/** The checks every extraction must pass, whatever the corpus. */
function checkInvariants(corpus: Corpus, extraction: Extraction): void {
  for (const fact of extraction.facts) {
    const passage = corpus.passages[fact.passageIndex]!;
    expect(fact.text.slice(fact.at, fact.at + fact.value.length)).toBe(fact.value);
    expect(passage.text).toContain(fact.text);
    expect(passage.docId).toBe(fact.docId);
    expect(Number.isFinite(fact.number)).toBe(true);
    expect(fact.value.length).toBeLessThan(200);
    expect(fact.text.length).toBeLessThanOrEqual(1_000);
  }
  for (const quote of extraction.quotes) {
    const passage = corpus.passages[quote.passageIndex]!;
    expect(passage.text.slice(quote.at, quote.at + quote.text.length)).toBe(quote.text);
    expect(quote.paragraph).toBe(passage.paragraph);
    if (quote.kind === 'reported') expect(quote.speaker).toBeTruthy();
    if (quote.speaker) expect(quote.speaker.split(' ').length).toBeLessThanOrEqual(20);
  }
  for (const term of extraction.glossary) expect(term.term.length).toBeLessThanOrEqual(80);
}

function sample<T>(items: readonly T[], n: number): T[] {
  const step = Math.max(1, Math.floor(items.length / n));
  return items.filter((_, i) => i % step === 0).slice(0, n);
}

describe.skipIf(!haveShared)('GIVEN the 40 ObliQA rulebooks', () => {
  let corpus: Corpus;
  let extraction: Extraction;
  let ms = 0;
  beforeAll(async () => {
    const loaded = await loadCorpus(OBLIQA);
    if (!loaded.ok) throw new Error(loaded.message);
    corpus = loaded.corpus;
    const t0 = performance.now();
    extraction = extractCorpus(corpus);
    ms = performance.now() - t0;
  }, 60_000);

  it('THEN extraction finishes fast, finds a plausible number of figures and few quotes, and every item is verbatim', () => {
    const chars = corpus.passages.reduce((n, p) => n + p.text.length, 0);
    console.info(`[extract sample] obliqa: ${(chars / 1e6).toFixed(1)} M chars, ${corpus.passages.length} passages → ${extraction.facts.length} facts, ${extraction.quotes.length} quotes, ${extraction.glossary.length} terms, ${extraction.speakers.length} speakers in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(20_000);
    expect(extraction.facts.length).toBeGreaterThan(500);
    expect(extraction.facts.length).toBeLessThan(chars / 500);
    expect(extraction.glossary.length).toBeGreaterThan(100);
    checkInvariants(corpus, extraction);
  });

  it('THEN the rulebooks’ references and dates are not taken for figures', () => {
    const values = extraction.facts.map((f) => f.value);
    expect(values.filter((v) => /^(?:Rule|Article|Chapter|Section)\b/.test(v))).toEqual([]);
    expect(values.filter((v) => /^\d+(?:\.\d+){2,}/.test(v))).toEqual([]);
    // A sample of what was found, to read when the test is run with output.
    console.info(sample(extraction.facts, 12).map((f) => `  ${f.kind}: ${f.value} — ${f.subject}`).join('\n'));
  });

  it('THEN the Regulator and the FSRA are among the speakers of reported expectations', () => {
    const names = extraction.speakers.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Regulator', 'FSRA']));
  });
});

describe.skipIf(!haveShared)('GIVEN the first 2 MB of the policy pool', () => {
  let corpus: Corpus;
  let extraction: Extraction;
  let ms = 0;
  beforeAll(async () => {
    corpus = await poolSlice(POOL_SLICE_BYTES);
    const t0 = performance.now();
    extraction = extractCorpus(corpus);
    ms = performance.now() - t0;
  }, 60_000);

  it('THEN FOMC minutes, speeches and laws give money, percentages and speakers, all verbatim, fast', () => {
    console.info(`[extract sample] pool slice: ${corpus.passages.length} passages → ${extraction.facts.length} facts, ${extraction.quotes.length} quotes, ${extraction.speakers.length} speakers in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(15_000);
    expect(extraction.facts.filter((f) => f.kind === 'percent').length).toBeGreaterThan(100);
    expect(extraction.facts.filter((f) => f.kind === 'currency').length).toBeGreaterThan(50);
    expect(extraction.quotes.length).toBeGreaterThan(50);
    checkInvariants(corpus, extraction);
    console.info(sample(extraction.quotes, 8).map((q) => `  ${q.kind} [${q.speaker ?? '—'}]: ${q.text.slice(0, 80)}`).join('\n'));
  });

  it('THEN the FOMC’s participants and members are speakers, not the adverbs before them', () => {
    const names = extraction.speakers.map((s) => s.name.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(['several participants', 'members']));
    for (const adverb of ['indeed', 'moreover', 'nevertheless', 'however', 'now']) expect(names).not.toContain(adverb);
  });
});

describe('GIVEN pathological passages', () => {
  const cases: [string, string][] = [
    ['digits and separators', '1,1.1:1/1-1 '.repeat(50_000)],
    ['opening quotation marks', '“‘"\''.repeat(100_000)],
    ['words that look like figures', 'two half of doubled thirds of between 5 and '.repeat(15_000)],
    ['one endless sentence of figures', 'from 22.5% to nearly 30% of the total in 2012 and '.repeat(12_000)],
    ['reporting verbs without speakers', 'said that said that “ said ” '.repeat(20_000)],
  ];
  it.each(cases)('THEN %s are read in bounded time', (_name, text) => {
    const passage = passageOf(text);
    const t0 = performance.now();
    extractFacts(passage);
    extractQuotes([passage]);
    // Generous for busy machines: a quadratic reader would take minutes here.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('THEN a 675,000-character paragraph, cut into passages by the loader, is extracted in bounded time', () => {
    const paragraph = 'The output rose from 16.98 trillion yuan in 2012 to 31.4 trillion yuan in 2021, “a record,” the minister said. '.repeat(6_000);
    const corpus = assembleCorpus('big', [{ id: 'big', file: 'big.txt', title: 'big', sections: [], paragraphs: [paragraph], paragraphSections: [undefined] }], []);
    const t0 = performance.now();
    const extraction = extractCorpus(corpus);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(extraction.facts.length).toBe(12_000);
    expect(extraction.facts.filter((f) => f.change).length).toBe(6_000);
  });
});
