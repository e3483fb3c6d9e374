import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/core/extract/numbers.ts';
import { extractFacts } from '../../src/core/extract/stats.ts';
import { passageOf } from './helpers.ts';

const factsOf = (text: string, date?: string) => extractFacts(passageOf(text), date ? { date } : undefined);
const valuesOf = (text: string) => factsOf(text).map((f) => f.value);

describe('GIVEN figures written in other ways', () => {
  it('THEN money with signs, codes and scales is read', () => {
    const facts = factsOf('The fund holds $1.2 billion, USD 50,000 in cash, EUR 10 000 in bonds, €3bn in loans and RMB 500 million in equity.');
    expect(facts.map((f) => [f.value, f.number, f.unit, f.kind])).toEqual([
      ['$1.2 billion', 1.2e9, '$', 'currency'],
      ['USD 50,000', 50_000, 'USD', 'currency'],
      ['EUR 10 000', 10_000, 'EUR', 'currency'],
      ['€3bn', 3e9, '€', 'currency'],
      ['RMB 500 million', 5e8, 'RMB', 'currency'],
    ]);
  });

  it('THEN rates per period keep their period in the unit', () => {
    expect(factsOf('Purchases continued at a pace of $35 billion per month.').map((f) => [f.value, f.unit])).toEqual([['$35 billion per month', '$ per month']]);
  });

  it('THEN ranges give low and high, and spelled numbers with units count', () => {
    const facts = factsOf('Output will be between 5 and 10 million tons, prices may rise 10-30%, and the project takes three consecutive years.');
    expect(facts.map((f) => [f.value, f.low, f.high, f.unit])).toEqual([
      ['between 5 and 10 million tons', 5e6, 1e7, 'tons'],
      ['10-30%', 10, 30, '%'],
      ['three consecutive years', undefined, undefined, 'years'],
    ]);
  });

  it('THEN fractions and multiples are figures, but the first half of a year is not', () => {
    expect(valuesOf('Nearly half of the firms and two-thirds of the banks tripled their profits in the first half of the year.')).toEqual(['Nearly half', 'two-thirds', 'tripled']);
  });

  it('THEN "rose to B from A" is a change in percentage points', () => {
    const [to, from] = factsOf('The unemployment rate rose to 5.1 percent from 4.9 percent in June.');
    expect(to!.value).toBe('5.1 percent');
    expect(to!.change).toMatchObject({ kind: 'percentage-points', absolute: 0.2, label: '+0.2 percentage points', from: { value: '4.9 percent' } });
    expect(from!.change).toBeUndefined();
  });

  it('THEN a series without years has no compound rate, and a fall is signed', () => {
    const [, to] = factsOf('Exports fell from $5 billion to $4 billion.');
    expect(to!.change).toMatchObject({ kind: 'series', absolute: -1e9, label: '-$1 billion (-20%)' });
    expect(to!.change!.cagr).toBeUndefined();
  });

  it('THEN a sentence opening with its time dates all its figures, relative years from the document date', () => {
    expect(factsOf('In 2021, exports reached 3.4 trillion yuan and imports 2.7 trillion yuan.').map((f) => f.year)).toEqual([2021, 2021]);
    expect(factsOf('Last year, sales grew by 12%.', '2022-08-14')[0]).toMatchObject({ year: 2021, period: 'Last year' });
    expect(factsOf('Sales grew by 12% compared with 2019.')[0]).toMatchObject({ baseYear: 2019 });
  });
});

describe('GIVEN numbers that are not statistics', () => {
  it('THEN references to articles, rules, pages and official journals are skipped', () => {
    expect(valuesOf('Under Article 5 and Rule 1.3.3, paragraphs 4 and 5 of Regulation (EU) No 1303/2013 (OJ L 347, 20.12.2013, p. 320) apply to Chapters 1 to 14.')).toEqual([]);
  });

  it('THEN a reference word before a percentage or an amount does not hide it', () => {
    expect(valuesOf('Prices stayed at a level 20% higher than in Article 5 and Table 2 of the report.')).toEqual(['20%']);
  });

  it('THEN dates, clock times, years standing alone and decades are skipped', () => {
    expect(valuesOf('On 28 July 2022 at 9:00 a.m., and again on September 20–21, 2011, the 1990s and mid-2023 were discussed; since 2019 nothing changed.')).toEqual([]);
  });

  it('THEN names glued to digits, ordinals and numbered plans are skipped', () => {
    expect(valuesOf('The 14th Five-Year Plan covers 5G networks, COVID-19, the G20, 1080P and 2K screens and the 10-year Treasury note.')).toEqual([]);
  });

  it('THEN a time before "ago" or "later", and a numbered list item, are skipped', () => {
    expect(valuesOf('Two years ago the rules changed. 3 Authorised Persons must notify the Regulator.')).toEqual([]);
  });

  it('THEN counts without a unit are not figures, but counted things are', () => {
    expect(valuesOf('The two parties met 3 times and hired 1,500 workers.')).toEqual(['3 times', '1,500 workers']);
  });

  it('THEN a number that could be a year but counts things is a figure', () => {
    expect(valuesOf('The company hired 2000 employees in 2021, built 1850 homes and now has about 1900 members.')).toEqual(['2000 employees', '1850 homes', 'about 1900 members']);
  });

  it('THEN a year before a plural noun stays a year: after a preposition, a determiner, a name or a month, or before a base-year noun', () => {
    const text =
      'In 2021 exports rose. The 2022 budgets grew, and China’s 2021 sales fell. Horizon 2020 projects, the Europe 2020 targets ' +
      'and March 2021 figures were published. Emissions are 55% below 1990 levels, in 2015 prices, from 2021 onwards. 2021 sales grew.';
    expect(valuesOf(text)).toEqual(['55%']);
  });
});

describe('GIVEN a figure written on its own', () => {
  it('THEN parseAmount reads number, scale, range and qualifier', () => {
    expect(parseAmount('31.4 trillion yuan')).toEqual({ number: 31.4e12 });
    expect(parseAmount('nearly 30%')).toEqual({ number: 30, qualifier: 'nearly' });
    expect(parseAmount('10 to 30 percent')).toEqual({ number: 10, low: 10, high: 30 });
    expect(parseAmount('more than 1,500')).toEqual({ number: 1500, qualifier: 'more than' });
    expect(parseAmount('no figure')).toBeUndefined();
  });
});
