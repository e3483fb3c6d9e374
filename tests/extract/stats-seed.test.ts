import { beforeAll, describe, expect, it } from 'vitest';
import type { Extraction, Fact } from '../../src/core/extract/types.ts';
import type { Corpus } from '../../src/core/corpus/load.ts';
import { folded, loadSeed, SEED_DOC } from './helpers.ts';

let corpus: Corpus;
let extraction: Extraction;
const fact = (value: string): Fact => {
  const found = extraction.facts.find((f) => f.value === value);
  if (!found) throw new Error(`no fact ${value}`);
  return found;
};

beforeAll(async () => {
  ({ corpus, extraction } = await loadSeed());
});

describe('GIVEN the seed article WHEN its figures are extracted', () => {
  it('THEN every figure with a number and a unit is found, in reading order, and nothing else', () => {
    expect(extraction.facts.map((f) => f.value)).toEqual([
      'more than 220 kinds of industrial products',
      '16.98 trillion yuan',
      '31.4 trillion yuan',
      'nearly 30%',
      '22.5%',
      '12 consecutive years',
      '31 major categories',
      '179 medium categories',
      '609 subcategories',
      '445 national demonstration bases',
      'more than 30%',
      '24.7%',
      'more than doubled',
      '1.2 million-ton',
      '10 to 30 percent',
    ]);
  });

  it('THEN each figure has its number (scales applied), unit, qualifier and kind', () => {
    const table = extraction.facts.map((f) => [f.value, f.number, f.unit, f.qualifier ?? null, f.kind]);
    expect(table).toEqual([
      ['more than 220 kinds of industrial products', 220, 'kinds of industrial products', 'more than', 'count'],
      ['16.98 trillion yuan', 16_980_000_000_000, 'yuan', null, 'currency'],
      ['31.4 trillion yuan', 31_400_000_000_000, 'yuan', null, 'currency'],
      ['nearly 30%', 30, '%', 'nearly', 'percent'],
      ['22.5%', 22.5, '%', null, 'percent'],
      ['12 consecutive years', 12, 'years', null, 'duration'],
      ['31 major categories', 31, 'major categories', null, 'count'],
      ['179 medium categories', 179, 'medium categories', null, 'count'],
      ['609 subcategories', 609, 'subcategories', null, 'count'],
      ['445 national demonstration bases', 445, 'national demonstration bases', null, 'count'],
      ['more than 30%', 30, '%', 'more than', 'percent'],
      ['24.7%', 24.7, '%', null, 'percent'],
      ['more than doubled', 2, 'times', 'more than', 'multiplier'],
      ['1.2 million-ton', 1_200_000, 'tons', null, 'measure'],
      ['10 to 30 percent', 10, '%', null, 'percent'],
    ]);
    expect(fact('10 to 30 percent')).toMatchObject({ low: 10, high: 30 });
  });

  it('THEN dates, years standing alone, list numbers and resolution names are not figures', () => {
    const values = extraction.facts.map((f) => f.value).join(' | ');
    for (const notAFigure of ['July 28', '28', 'August 4', '14th', 'Five-Year', 'First', 'Fifth', '1080P', '2K', '1.5K', 'mid-2023', '2023', 'half of the year', 'second quarter', 'two parties', 'few days']) {
      expect(values).not.toContain(notAFigure);
    }
    // 2019, 2012 and 2021 appear only as the years of other figures.
    expect(extraction.facts.some((f) => /^\d{4}$/.test(f.value))).toBe(false);
  });

  it('THEN the year a figure refers to is read from its sentence, "this year" from the document date', () => {
    expect(fact('16.98 trillion yuan')).toMatchObject({ year: 2012, period: 'in 2012' });
    expect(fact('31.4 trillion yuan')).toMatchObject({ year: 2021, period: 'in 2021' });
    expect(fact('24.7%')).toMatchObject({ year: 2022, period: 'In the second quarter of this year' });
    expect(fact('more than doubled')).toMatchObject({ year: 2022, baseYear: 2019 });
    expect(fact('1.2 million-ton')).toMatchObject({ year: 2019, period: 'in 2019' });
    expect(fact('nearly 30%').year).toBeUndefined();
    expect(fact('12 consecutive years').year).toBeUndefined();
  });

  it('THEN each figure says what it measures with words of its own sentence', () => {
    expect(fact('31.4 trillion yuan').subject).toBe('added value of the manufacturing industry');
    expect(fact('nearly 30%').subject).toBe('added value of the manufacturing industry, of the world‘s total');
    expect(fact('609 subcategories').subject).toBe('subcategories of the manufacturing industry');
    expect(fact('31 major categories').subject).toBe('major categories of the manufacturing industry');
    expect(fact('445 national demonstration bases').subject).toBe('national demonstration bases for new industrialized industries');
    expect(fact('more than 30%').subject).toBe('industrial added value, of the national industrial added value');
    expect(fact('24.7%').subject).toBe('domestic manufacturers, of OLED shipments');
    expect(fact('more than doubled').subject).toBe('market share');
    expect(fact('1.2 million-ton').subject).toBe('hydrogen metallurgy demonstration project');
    expect(fact('12 consecutive years').subject).toBe('scale of manufacturing');
    // Subjects are made of the sentence's words (a list's closing phrase is shared by its members).
    for (const f of extraction.facts) {
      for (const word of f.subject.split(/[\s,]+/)) expect(f.text).toContain(word);
    }
  });

  it('THEN "from A in 2012 to B in 2021" gives a computed series change', () => {
    const change = fact('31.4 trillion yuan').change!;
    expect(change).toMatchObject({
      kind: 'series',
      from: { value: '16.98 trillion yuan', number: 16.98e12, year: 2012 },
      to: { value: '31.4 trillion yuan', number: 31.4e12, year: 2021 },
      absolute: 14.42e12,
      computed: true,
      label: '+14.42 trillion yuan (+84.9%, 7.1% a year compounded)',
    });
    expect(change.relative).toBeCloseTo(31.4 / 16.98 - 1, 9);
    expect(change.cagr).toBeCloseTo((31.4 / 16.98) ** (1 / 9) - 1, 9);
    expect(fact('16.98 trillion yuan').change).toBeUndefined();
  });

  it('THEN "nearly 30% … from 22.5%" gives a change in percentage points, labelled as computed', () => {
    expect(fact('nearly 30%').change).toEqual({
      kind: 'percentage-points',
      from: { value: '22.5%', number: 22.5 },
      to: { value: 'nearly 30%', number: 30 },
      absolute: 7.5,
      computed: true,
      label: '+7.5 percentage points',
    });
    expect(fact('22.5%').change).toBeUndefined();
    // Only paired figures carry a change.
    expect(extraction.facts.filter((f) => f.change).map((f) => f.value)).toEqual(['31.4 trillion yuan', 'nearly 30%']);
  });

  it('THEN every fact quotes its sentence verbatim, with its value at `at`, and cites document and paragraph', () => {
    const document = corpus.byId.get(SEED_DOC)!;
    for (const f of extraction.facts) {
      expect(f.text.slice(f.at, f.at + f.value.length)).toBe(f.value);
      expect(document.paragraphs[f.paragraph - 1]).toContain(f.text);
      expect(f.docId).toBe(SEED_DOC);
      expect(corpus.passages[f.passageIndex]!.text).toContain(f.text);
      expect(folded(document.paragraphs.join('\n'))).toContain(folded(f.text));
    }
    expect(fact('609 subcategories').paragraph).toBe(4);
    expect(fact('1.2 million-ton').paragraph).toBe(14);
  });
});
