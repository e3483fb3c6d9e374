import { beforeAll, describe, expect, it } from 'vitest';
import { factToJson, keyFacts, matchSpeakers, prepareRanking, quoteToJson, rankFacts, rankQuotes } from '../../src/core/extract/index.ts';
import type { FactAnswer, QuoteAnswer, RankedFact, RankedQuote } from '../../src/core/extract/rank.ts';
import type { Extraction } from '../../src/core/extract/types.ts';
import { folded, loadSeed, SEED_DOC } from './helpers.ts';

let extraction: Extraction;
const MINISTRY = 'Ministry of Industry and Information Technology';

beforeAll(async () => {
  ({ extraction } = await loadSeed());
  prepareRanking(extraction);
});

function facts(answer: FactAnswer): readonly RankedFact[] {
  if (!answer.ok) throw new Error(`expected results, got ${answer.code}: ${answer.message}`);
  return answer.results;
}
function quotes(answer: QuoteAnswer): readonly RankedQuote[] {
  if (!answer.ok) throw new Error(`expected results, got ${answer.code}: ${answer.message}`);
  return answer.results;
}
/** The scorer's hit rule for stats: a gold string in the result's text or value. */
const statsHit = (result: RankedFact, gold: readonly string[]) => gold.some((g) => folded(`${result.text} ${result.value}`).includes(folded(g)));
/** The scorer's hit rule for quotes with a speaker: speaker contains it and a gold string is in the text. */
const quoteHit = (result: RankedQuote, speaker: string, gold: readonly string[]) =>
  folded(result.speaker ?? '').includes(folded(speaker)) && gold.some((g) => folded(result.text).includes(folded(g)));

describe('GIVEN the scorer questions WHEN ranked', () => {
  it('THEN "manufacturing share of world total" puts a world-share figure first', () => {
    const [first] = facts(rankFacts(extraction, 'manufacturing share of world total'));
    expect(statsHit(first!, ['22.5%', 'nearly 30%'])).toBe(true);
    expect(['22.5%', 'nearly 30%']).toContain(first!.value);
  });

  it('THEN "categories of manufacturing industry" puts the categories sentence first', () => {
    const [first] = facts(rankFacts(extraction, 'categories of manufacturing industry'));
    expect(statsHit(first!, ['609 subcategories'])).toBe(true);
  });

  it('THEN "leading enterprises" by Cao Xirui puts his “main force” quotation first', () => {
    const [first] = quotes(rankQuotes(extraction, 'leading enterprises', { speaker: 'Cao Xirui' }));
    expect(quoteHit(first!, 'Cao Xirui', ['main force'])).toBe(true);
    expect(first!.kind).toBe('direct');
  });

  it('THEN "problems of the industrial chain" by the Ministry puts “poor circulation” first', () => {
    const [first] = quotes(rankQuotes(extraction, 'problems of the industrial chain', { speaker: MINISTRY }));
    expect(quoteHit(first!, MINISTRY, ['poor circulation'])).toBe(true);
  });
});

describe('GIVEN paraphrased topics WHEN ranked', () => {
  it.each([
    ['how much value did manufacturing add by 2021', '31.4 trillion yuan'],
    ['OLED shipments share of domestic manufacturers', '24.7%'],
    ['hydrogen metallurgy project capacity', '1.2 million-ton'],
    ['carbon dioxide reduction of low carbon steel', '10 to 30 percent'],
    ['national demonstration bases', '445 national demonstration bases'],
    ['industrial products ranking first in the world', 'more than 220 kinds of industrial products'],
  ])('THEN "%s" ranks %s first', (topic, value) => {
    expect(facts(rankFacts(extraction, topic))[0]!.value).toBe(value);
  });

  it('THEN quotes are found by their words with no speaker given, and reported speech by its words', () => {
    expect(quotes(rankQuotes(extraction, 'green and sustainable supply chain'))[0]).toMatchObject({ speaker: 'Cao Xirui', kind: 'direct' });
    expect(quotes(rankQuotes(extraction, 'central and western regions', { speaker: 'cao' }))[0]!.text).toContain('central and western regions');
    expect(quotes(rankQuotes(extraction, 'OLED display localization'))[0]).toMatchObject({ speaker: 'Wu Cangzhi', kind: 'reported' });
    expect(quotes(rankQuotes(extraction, 'Belt and Road', { speaker: 'Cao Xirui' }))[0]!.text).toContain('new window for China');
    expect(quotes(rankQuotes(extraction, 'stuck neck technologies', { speaker: MINISTRY }))[0]!.text).toContain('overcome “stuck neck” technologies');
  });

  it('THEN results are ordered by score and limited', () => {
    const results = facts(rankFacts(extraction, 'manufacturing industry', { limit: 3 }));
    expect(results.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
  });
});

describe('GIVEN no topic', () => {
  it('THEN /stats lists the key figures: changes and amounts first, at most two per sentence', () => {
    const answer = facts(rankFacts(extraction, '   '));
    expect(answer.slice(0, 2).map((f) => f.value)).toEqual(['31.4 trillion yuan', 'nearly 30%']);
    const perSentence = new Map<string, number>();
    for (const fact of answer) perSentence.set(fact.text, (perSentence.get(fact.text) ?? 0) + 1);
    expect(Math.max(...perSentence.values())).toBeLessThanOrEqual(2);
    expect(keyFacts(extraction, { limit: 4 })).toHaveLength(4);
  });

  it('THEN a topic of stop words only is no topic', () => {
    expect(rankFacts(extraction, 'what is the')).toMatchObject({ ok: true, keyFigures: true });
    expect(rankFacts(extraction, 'manufacturing')).toMatchObject({ ok: true, keyFigures: false });
    expect(facts(rankFacts(extraction, 'what is the')).map((f) => f.value)).toEqual(facts(rankFacts(extraction, '')).map((f) => f.value));
  });

  it('THEN /quote with only a speaker lists that speaker’s quotes, direct quotations first', () => {
    const results = quotes(rankQuotes(extraction, '', { speaker: 'Cao Xirui' }));
    expect(results).toHaveLength(6);
    expect(results.map((q) => q.kind)).toEqual(['direct', 'direct', 'direct', 'reported', 'reported', 'reported']);
    expect(results.every((q) => q.speaker === 'Cao Xirui')).toBe(true);
  });
});

describe('GIVEN the speaker filter and autocomplete', () => {
  it('THEN the filter matches a folded part of the speaker or the role', () => {
    for (const typed of ['ministry of industry and information technology', 'PERSON IN CHARGE', MINISTRY]) {
      const results = quotes(rankQuotes(extraction, 'industrial chain', { speaker: typed }));
      expect(results.every((q) => q.speaker === `relevant person in charge of the ${MINISTRY}`)).toBe(true);
    }
    expect(quotes(rankQuotes(extraction, '', { speaker: 'China Electronics' }))[0]!.speaker).toBe('Cao Xirui');
  });

  it('THEN autocomplete offers the corpus’s speakers matching what was typed, at most 25', () => {
    expect(matchSpeakers(extraction.speakers, '').map((s) => s.name)).toHaveLength(3);
    // Names starting with the typed text first, then names with a word starting with it.
    expect(matchSpeakers(extraction.speakers, 'ca').map((s) => s.name)).toEqual(['Cao Xirui', 'Wu Cangzhi']);
    expect(matchSpeakers(extraction.speakers, 'xir').map((s) => s.name)).toEqual(['Cao Xirui']);
    expect(matchSpeakers(extraction.speakers, 'ministry').map((s) => s.name)).toEqual([`relevant person in charge of the ${MINISTRY}`]);
    expect(matchSpeakers(extraction.speakers, 'xiaomi').map((s) => s.name)).toEqual(['Wu Cangzhi']);
    expect(matchSpeakers(extraction.speakers, 'zzz')).toEqual([]);
  });
});

describe('GIVEN bad input', () => {
  it('THEN a speaker nobody is gives a polite not_found with close names as hints', () => {
    const answer = rankQuotes(extraction, 'supply chain', { speaker: 'Cao Ming' });
    expect(answer).toMatchObject({ ok: false, code: 'not_found', message: 'Nobody called “Cao Ming” is quoted in the corpus.', hints: ['Cao Xirui'] });
  });

  it('THEN a topic the corpus has no figures or quotes about gives not_found, never an error', () => {
    const answer = rankFacts(extraction, 'Tesla purchases in France');
    expect(answer).toMatchObject({ ok: false, code: 'not_found', message: 'I found no figures about “Tesla purchases in France”.' });
    expect(answer.ok ? [] : answer.hints).toContain('added value of the manufacturing industry');
    expect(rankQuotes(extraction, 'Tesla', { speaker: 'Cao Xirui' })).toMatchObject({ ok: false, code: 'not_found', message: '“Cao Xirui” is quoted, but not about “Tesla”.' });
  });

  it('THEN an unknown document gives unknown_document with the ids as hints; a known one scopes the answer', () => {
    expect(rankFacts(extraction, 'manufacturing', { doc: 'nope' })).toMatchObject({ ok: false, code: 'unknown_document', hints: [SEED_DOC] });
    expect(facts(rankFacts(extraction, 'manufacturing', { doc: SEED_DOC })).every((f) => f.docId === SEED_DOC)).toBe(true);
  });

  it('THEN a bad limit is a programmer error', () => {
    expect(() => rankFacts(extraction, 'x', { limit: 0 })).toThrow(/^policybot: /);
    expect(() => rankQuotes(extraction, 'x', { limit: 1.5 })).toThrow(/^policybot: /);
  });
});

describe('GIVEN results WHEN turned into JSON', () => {
  it('THEN facts and quotes carry the issue’s fields', () => {
    const fact = facts(rankFacts(extraction, 'added value 2012 2021'))[0]!;
    expect(factToJson(fact)).toEqual({
      value: '31.4 trillion yuan',
      number: 31.4e12,
      unit: 'yuan',
      year: 2021,
      subject: 'added value of the manufacturing industry',
      change: fact.change,
      text: fact.text,
      doc: SEED_DOC,
      paragraph: 3,
    });
    const range = extraction.facts.find((f) => f.value === '10 to 30 percent')!;
    expect(factToJson(range)).toMatchObject({ number: 10, low: 10, high: 30, unit: '%' });
    const quote = quotes(rankQuotes(extraction, 'main force'))[0]!;
    expect(quoteToJson(quote)).toEqual({
      text: quote.text,
      speaker: 'Cao Xirui',
      role: quote.role,
      verb: 'believes',
      kind: 'direct',
      doc: SEED_DOC,
      paragraph: 13,
    });
  });
});
