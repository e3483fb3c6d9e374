/**
 * Paired figures of one sentence and the change between them: "from 16.98 trillion yuan in 2012 to 31.4
 * trillion yuan in 2021", "nearly 30% of the world's total from 22.5%", "rose to 5.1 percent from 4.9 percent".
 * Every number made here is computed, and labelled so.
 */
import type { Change, FactKind } from './types.ts';

/** What pairing needs to know of a figure; offsets are in its sentence. */
export interface PairableFigure {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly number: number;
  readonly unit: string;
  readonly kind: FactKind;
  readonly year?: number;
  /** Ranges do not pair. */
  readonly high?: number;
}

/** Two figures further apart than this are not read as one change. */
const MAX_GAP = 160;
const FROM_BEFORE = /\bfrom[ \u00a0]+$/i;
const TO_BEFORE = /\b(?:to|reaching|hitting)[ \u00a0]+$/i;

/** Indexes `[from, to]` of the paired figures of one sentence (figures in text order). */
export function pairFigures(sentence: string, figures: readonly PairableFigure[]): [number, number][] {
  const pairs: [number, number][] = [];
  const paired = new Set<number>();
  const before = (figure: PairableFigure) => sentence.slice(Math.max(0, figure.start - 12), figure.start);
  const compatible = (a: PairableFigure, b: PairableFigure) =>
    a.unit === b.unit && a.kind === b.kind && a.high === undefined && b.high === undefined && (a.kind === 'percent' || a.kind === 'currency' || a.kind === 'measure' || a.kind === 'count');
  const sameStretch = (a: PairableFigure, b: PairableFigure) =>
    b.start - a.end <= MAX_GAP && !sentence.slice(a.end, b.start).includes(';');

  figures.forEach((figure, i) => {
    if (paired.has(i) || !FROM_BEFORE.test(before(figure))) return;
    // "from A … to B": the next compatible figure, preceded by "to".
    for (let j = i + 1; j < figures.length; j++) {
      const other = figures[j]!;
      if (!sameStretch(figure, other)) break;
      if (paired.has(j) || !compatible(figure, other)) continue;
      if (TO_BEFORE.test(before(other))) {
        pairs.push([i, j]);
        paired.add(i).add(j);
      }
      break;
    }
    if (paired.has(i)) return;
    // "B … from A": the nearest earlier compatible figure not yet paired.
    for (let j = i - 1; j >= 0; j--) {
      const other = figures[j]!;
      if (!sameStretch(other, figure)) break;
      if (paired.has(j) || !compatible(other, figure)) continue;
      pairs.push([i, j]);
      paired.add(i).add(j);
      break;
    }
  });
  return pairs;
}

/** Units written before the amount in a label (`+$1.2 billion`). */
const PREFIX_UNITS = new Set(['$', 'US$', 'HK$', 'A$', 'C$', 'S$', '€', '£', '¥', '₹', 'USD', 'EUR', 'GBP', 'AED', 'RMB', 'CNY', 'JPY', 'CHF', 'SGD', 'INR']);

/** The change from one figure to another, with its label. */
export function changeBetween(from: PairableFigure, to: PairableFigure): Change {
  const ends = { from: endOf(from), to: endOf(to) };
  const absolute = tidy(to.number - from.number);
  if (from.kind === 'percent' && from.unit === '%') {
    return { kind: 'percentage-points', ...ends, absolute, computed: true, label: `${signed(absolute)} percentage points` };
  }
  const relative = from.number === 0 ? undefined : tidy(to.number / from.number - 1);
  const years = from.year !== undefined && to.year !== undefined ? to.year - from.year : 0;
  const cagr = years > 0 && from.number > 0 && to.number > 0 ? tidy((to.number / from.number) ** (1 / years) - 1) : undefined;
  const parts = [relative === undefined ? undefined : percent(relative, true), cagr === undefined ? undefined : `${percent(cagr, false)} a year compounded`]
    .filter((part): part is string => part !== undefined);
  const label = `${amountLabel(absolute, from.unit)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  return {
    kind: 'series',
    ...ends,
    absolute,
    ...(relative === undefined ? {} : { relative }),
    ...(cagr === undefined ? {} : { cagr }),
    computed: true,
    label,
  };
}

function endOf(figure: PairableFigure) {
  return figure.year === undefined ? { value: figure.value, number: figure.number } : { value: figure.value, number: figure.number, year: figure.year };
}

/** Rounds away floating-point noise (5.1 − 4.9 = 0.19999999999999973). */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Formatters are made once (`toLocaleString` builds one per call), and on first use: the first one loads ICU's
 * number data, some 15-20 ms that a start answering from its snapshot need not pay.
 */
let formatters: { readonly twoDecimals: Intl.NumberFormat; readonly oneDecimal: Intl.NumberFormat } | undefined;
const SCALE_NAMES: readonly [number, string][] = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million']];

/** `14420000000000` → `14.42 trillion`; `7.5` → `7.5`; `1234.5` → `1,234.5`. */
export function formatNumber(x: number): string {
  const abs = Math.abs(x);
  for (const [factor, name] of SCALE_NAMES) {
    if (abs >= factor) return `${trimZeros((abs / factor).toFixed(2))} ${name}`;
  }
  formatters ??= {
    twoDecimals: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
    oneDecimal: new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }),
  };
  return (abs < 10 ? formatters.twoDecimals : formatters.oneDecimal).format(abs);
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

function signed(x: number): string {
  return `${x < 0 ? '-' : '+'}${formatNumber(x)}`;
}

function amountLabel(x: number, unit: string): string {
  const sign = x < 0 ? '-' : '+';
  if (PREFIX_UNITS.has(unit)) return `${sign}${unit}${/^[A-Z]{3}$/.test(unit) ? ' ' : ''}${formatNumber(x)}`;
  return unit ? `${sign}${formatNumber(x)} ${unit}` : `${sign}${formatNumber(x)}`;
}

function percent(ratio: number, withSign: boolean): string {
  const value = trimZeros((Math.abs(ratio) * 100).toFixed(1));
  const sign = ratio < 0 ? '-' : withSign ? '+' : '';
  return `${sign}${value}%`;
}
