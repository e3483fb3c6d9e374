/**
 * Series detection: which figures of an answer belong together in one chart, and which do not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSeries, type ChartFact } from '../../src/core/chart/index.ts';
import type { Change } from '../../src/core/extract/types.ts';

const DOC = { id: 'steel-report', title: 'Steel report', date: '2023-05-02' };
const OTHER = { id: 'annual-review', title: 'Annual review', date: '2024-01-10' };

function fact(partial: Partial<ChartFact> & Pick<ChartFact, 'value' | 'number' | 'subject'>): ChartFact {
  return { unit: 'tons', kind: 'measure', doc: DOC, paragraph: 1, ...partial };
}

const change = (from: [string, number, number], to: [string, number, number], label = '+1'): Change => ({
  kind: 'series',
  from: { value: from[0], number: from[1], year: from[2] },
  to: { value: to[0], number: to[1], year: to[2] },
  absolute: to[1] - from[1],
  computed: true,
  label,
});

describe('GIVEN figures of one measure and unit at several years', () => {
  it('THEN they are one time series, by year, each point with its value as written and its source', () => {
    const series = findSeries([
      fact({ value: '12 million tons', number: 12e6, year: 2021, subject: 'steel output', paragraph: 4 }),
      fact({ value: 'nearly 10 million tons', number: 10e6, year: 2019, subject: 'Steel output', qualifier: 'nearly', paragraph: 2 }),
      fact({ value: '11 million tons', number: 11e6, year: 2020, subject: 'the steel output', doc: OTHER, paragraph: 7 }),
    ]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ kind: 'time', unit: 'tons', measure: 'steel output', changes: [] });
    expect(series[0]!.points.map((p) => [p.x, p.value, p.text, p.doc?.id, p.paragraph])).toEqual([
      ['2019', 10e6, 'nearly 10 million tons', 'steel-report', 2],
      ['2020', 11e6, '11 million tons', 'annual-review', 7],
      ['2021', 12e6, '12 million tons', 'steel-report', 4],
    ]);
  });

  it('WITH a pair "from A in 2012 to B in 2021" THEN both ends are points even when only B was ranked, and the change is marked computed', () => {
    const series = findSeries([
      fact({
        value: '31.4 trillion yuan',
        number: 31.4e12,
        unit: 'yuan',
        kind: 'currency',
        year: 2021,
        subject: 'added value of the manufacturing industry',
        change: change(['16.98 trillion yuan', 16.98e12, 2012], ['31.4 trillion yuan', 31.4e12, 2021], '+14.42 trillion yuan'),
      }),
    ]);
    expect(series).toHaveLength(1);
    expect(series[0]!.points.map((p) => [p.x, p.text, p.computed])).toEqual([
      ['2012', '16.98 trillion yuan', undefined],
      ['2021', '31.4 trillion yuan', undefined],
    ]);
    expect(series[0]!.changes).toEqual([{ from: '2012', to: '2021', label: '+14.42 trillion yuan', computed: true }]);
  });

  it('WITH the same year twice THEN the better-ranked figure stands for that year', () => {
    const [series] = findSeries([
      fact({ value: '5 tons', number: 5, year: 2020, subject: 'waste' }),
      fact({ value: '6 tons', number: 6, year: 2020, subject: 'waste', doc: OTHER }),
      fact({ value: '7 tons', number: 7, year: 2021, subject: 'waste' }),
    ]);
    expect(series!.points.map((p) => p.text)).toEqual(['5 tons', '7 tons']);
  });
});

describe('GIVEN figures that do not belong together', () => {
  it('WITH one point THEN no series', () => {
    expect(findSeries([fact({ value: '5 tons', number: 5, year: 2020, subject: 'waste' })])).toEqual([]);
  });

  it('WITH mixed units THEN no series', () => {
    expect(
      findSeries([
        fact({ value: '5 tons', number: 5, year: 2020, subject: 'waste' }),
        fact({ value: '7 yuan', number: 7, year: 2021, unit: 'yuan', kind: 'currency', subject: 'waste' }),
      ]),
    ).toEqual([]);
  });

  it('WITH different measures at different years THEN no series', () => {
    expect(
      findSeries([
        fact({ value: '5 tons', number: 5, year: 2020, subject: 'steel output' }),
        fact({ value: '7 tons', number: 7, year: 2021, subject: 'coal imports' }),
      ]),
    ).toEqual([]);
  });

  it('WITH figures of one year whose subjects share no head word THEN no comparison', () => {
    expect(
      findSeries([
        fact({ value: '30%', number: 30, unit: '%', kind: 'percent', subject: 'added value of the manufacturing industry, of the world‘s total' }),
        fact({ value: 'more than 30%', number: 30, unit: '%', kind: 'percent', subject: 'industrial added value, of the national industrial added value' }),
      ]),
    ).toEqual([]);
  });

  it('WITH no number (not finite) THEN the figure is left out', () => {
    expect(
      findSeries([
        fact({ value: '5 tons', number: Number.NaN, year: 2020, subject: 'waste' }),
        fact({ value: '7 tons', number: 7, year: 2021, subject: 'waste' }),
      ]),
    ).toEqual([]);
  });
});

describe('GIVEN one measure for several named things', () => {
  it('THEN they are a comparison: the shared head is the measure, the rest names each bar', () => {
    const series = findSeries([
      fact({ value: '24.7%', number: 24.7, unit: '%', kind: 'percent', year: 2022, subject: 'OLED shipments' }),
      fact({ value: 'nearly 60%', number: 60, unit: '%', kind: 'percent', year: 2022, subject: 'LCD panel shipments', qualifier: 'nearly' }),
      fact({ value: '5 tons', number: 5, year: 2020, subject: 'waste' }),
    ]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ kind: 'category', unit: '%', measure: 'shipments, 2022' });
    expect(series[0]!.points.map((p) => [p.x, p.text])).toEqual([
      ['OLED', '24.7%'],
      ['LCD panel', 'nearly 60%'],
    ]);
  });

  it('WITH different years THEN they are not compared', () => {
    expect(
      findSeries([
        fact({ value: '24.7%', number: 24.7, unit: '%', kind: 'percent', year: 2021, subject: 'OLED shipments' }),
        fact({ value: '60%', number: 60, unit: '%', kind: 'percent', year: 2022, subject: 'LCD shipments' }),
      ]),
    ).toEqual([]);
  });
});

describe('GIVEN any figures (property)', () => {
  const arbitraryFact = fc.record({
    value: fc.string({ maxLength: 20 }),
    number: fc.oneof(fc.double({ noNaN: false }), fc.integer().map(Number)),
    unit: fc.constantFrom('%', 'tons', 'yuan', ''),
    kind: fc.constantFrom('percent', 'measure', 'currency', 'count'),
    year: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: undefined }),
    subject: fc.constantFrom('steel output', 'OLED shipments', 'LCD shipments', 'waste', 'the steel output', ''),
    paragraph: fc.integer({ min: 1, max: 50 }),
  }) as fc.Arbitrary<Omit<ChartFact, 'doc'>>;

  it('THEN every series has two or more points, each an input figure in the unit of the series, finite, with distinct xs (years ascending for time)', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFact, { maxLength: 30 }), (raw) => {
        const facts: ChartFact[] = raw.map((f) => ({ ...f, doc: DOC }) as ChartFact);
        for (const series of findSeries(facts)) {
          expect(series.points.length).toBeGreaterThanOrEqual(2);
          expect(new Set(series.points.map((p) => p.x)).size).toBe(series.points.length);
          expect(series.points.every((p) => Number.isFinite(p.value))).toBe(true);
          // Each point is a figure of the input in the series' unit (and, over time, of that year).
          for (const p of series.points) {
            const source = facts.find((f) => f.unit === series.unit && Object.is(f.number, p.value) && f.value === p.text && (series.kind !== 'time' || String(f.year) === p.x));
            expect(source).toBeDefined();
          }
          if (series.kind === 'time') {
            const years = series.points.map((p) => Number(p.x));
            expect([...years].sort((a, b) => a - b)).toEqual(years);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
