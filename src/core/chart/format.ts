/**
 * Numbers as a reader writes them on a chart's axis: "31.4 trillion yuan", "45%", "$2.5 billion", "0.0003 tons",
 * never 3.14e13. Axis ticks at round steps (1, 2, 2.5, 5 × 10^n).
 */

const SCALES: readonly [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
];

const PREFIX_UNITS = new Set(['$', '€', '£', '¥', 'US$']);

/** A number with its unit: `%` and `times` stick or follow, currency signs lead, other units follow. */
export function withUnit(number: string, unit: string): string {
  if (!unit) return number;
  if (unit === '%') return `${number}%`;
  if (PREFIX_UNITS.has(unit)) return number.startsWith('-') ? `-${unit}${number.slice(1)}` : `${unit}${number}`;
  return `${number} ${unit}`;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** Plain decimal digits with at most `decimals` decimals and thousands separators; ×10ⁿ only for the tiniest. */
export function plainNumber(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n !== 0 && Math.abs(n) < 1e-6) {
    const [mantissa, exponent] = n.toExponential(2).split('e') as [string, string];
    return `${Number(mantissa)}×10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  }
  const fixed = Math.abs(n) >= 1e21 ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) : n.toFixed(Math.max(0, Math.min(20, decimals)));
  const [whole, fraction] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = fraction?.replace(/0+$/, '');
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

/** The scale word that suits numbers up to `magnitude` (`trillion` for 31.4e12), or none. */
export function scaleFor(magnitude: number): { factor: number; word: string } {
  for (const [factor, word] of SCALES) if (Math.abs(magnitude) >= factor) return { factor, word };
  return { factor: 1, word: '' };
}

/** Decimals needed to tell apart numbers `step` apart (0 for 5, 1 for 2.5 … beyond: 2 for 0.25). */
function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  let decimals = 0;
  while (decimals < 12 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-9 * 10 ** decimals) decimals++;
  return decimals;
}

export interface Ticks {
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
  readonly labels: readonly string[];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Round ticks covering [low, high] (about `count` of them), labelled with one scale word for all and the unit:
 * `0`, `10 trillion yuan`, `20 trillion yuan`, …
 */
export function ticksFor(low: number, high: number, unit: string, count = 5): Ticks {
  let lo = Math.min(low, high);
  let hi = Math.max(low, high);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
  // Equal values (or a span too small for floating point): a band around them.
  if (hi - lo <= magnitude * 1e-9 || hi - lo < 1e-200) {
    const pad = magnitude < 1e-200 ? 1 : magnitude * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  let min = Math.floor(lo / step + 1e-9) * step;
  let max = Math.ceil(hi / step - 1e-9) * step;
  // Rounding may leave an end a hair inside the values: one more step then.
  if (min > lo) min -= step;
  if (max < hi) max += step;
  const values: number[] = [];
  for (let i = 0; i <= Math.round((max - min) / step) && i < 50; i++) values.push(min + i * step);
  const scale = scaleFor(Math.max(Math.abs(min), Math.abs(max)));
  const decimals = decimalsFor(step / scale.factor);
  const labels = values.map((v) => {
    const scaled = Math.abs(v) < step * 1e-6 ? 0 : v / scale.factor;
    if (scaled === 0) return unit === '%' ? '0%' : '0';
    return withUnit(`${plainNumber(scaled, decimals)}${scale.word ? ` ${scale.word}` : ''}`, unit);
  });
  return { min, max, values, labels };
}
