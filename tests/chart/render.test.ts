/**
 * The chart renderer: SVG and PNG out of a series. Golden images (two small references, compared pixel by pixel
 * with a small tolerance for anti-aliasing), and bad input that must still give a readable chart, never a crash.
 * `UPDATE_GOLDEN=1 npx vitest run tests/chart/render.test.ts` rewrites the references after a deliberate change.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { chartPng, chartSvg, PNG_HEIGHT, PNG_WIDTH, type Series, type SeriesPoint } from '../../src/core/chart/index.ts';
import { fontFilesFor } from '../../src/core/chart/fonts.ts';
import { plainNumber, ticksFor } from '../../src/core/chart/format.ts';
import { PALETTE, textWidth } from '../../src/core/chart/svg.ts';
import { woffToSfnt } from '../../src/core/chart/woff.ts';

const GOLDEN = path.join(import.meta.dirname, 'golden');
const DOC = { id: 'seed', title: 'Stable chain and strong chain optimize layout', date: '2022-08-14' };
const CJK_DOC = { id: 'cn', title: '稳链强链 优化布局', date: '2022-08-14' };

const point = (x: string, value: number, text: string, extra: Partial<SeriesPoint> = {}): SeriesPoint => ({ x, value, text, doc: DOC, paragraph: 3, ...extra });

const TIME: Series = {
  kind: 'time',
  measure: 'added value of the manufacturing industry',
  unit: 'yuan',
  points: [point('2012', 16.98e12, '16.98 trillion yuan'), point('2021', 31.4e12, '31.4 trillion yuan')],
  changes: [{ from: '2012', to: '2021', label: '+14.42 trillion yuan (+84.9%, 7.1% a year compounded)', computed: true }],
};

const BARS: Series = {
  kind: 'category',
  measure: '制造业 shipments, 2022',
  unit: '%',
  points: [
    point('OLED', 24.7, '24.7%', { doc: CJK_DOC, paragraph: 11 }),
    point('LCD panels', 30, 'nearly 30%'),
    point('change', 5.3, '+5.3 percentage points', { computed: true }),
  ],
  changes: [],
};

/** Share of pixels whose colour differs by more than `threshold` in some channel. */
function differingShare(a: PNG, b: PNG, threshold = 48): number {
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i]! - b.data[i]!) > threshold || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > threshold || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > threshold) differing++;
  }
  return differing / (a.width * a.height);
}

async function compareWithGolden(name: string, series: Series): Promise<void> {
  const rendered = PNG.sync.read(await chartPng(series));
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    // Stored at 1x (every other pixel) to keep the references small; compared the same way.
    fs.writeFileSync(file, PNG.sync.write(halve(rendered)));
  }
  const golden = PNG.sync.read(fs.readFileSync(file));
  const half = halve(rendered);
  expect([half.width, half.height]).toEqual([golden.width, golden.height]);
  expect(differingShare(half, golden)).toBeLessThan(0.004);
}

/** Every other pixel in each direction. */
function halve(image: PNG): PNG {
  const out = new PNG({ width: image.width / 2, height: image.height / 2 });
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const from = (y * 2 * image.width + x * 2) * 4;
      image.data.copy(out.data, (y * out.width + x) * 4, from, from + 4);
    }
  }
  return out;
}

describe('GIVEN the golden series', () => {
  it('WHEN a time series is drawn THEN it matches the reference line chart (values, computed step, source)', async () => {
    await compareWithGolden('time-series.png', TIME);
  });

  it('WHEN a comparison with a Chinese title is drawn THEN it matches the reference bar chart (CJK glyphs, not boxes)', async () => {
    await compareWithGolden('comparison-cjk.png', BARS);
  });

  it('THEN the PNG is 1280x800 (2x density), opaque, with the palette colours in it', async () => {
    const image = PNG.sync.read(await chartPng(TIME));
    expect([image.width, image.height]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
    expect(PNG_WIDTH).toBeGreaterThanOrEqual(1200);
    let transparent = 0;
    for (let i = 3; i < image.data.length; i += 4) if (image.data[i]! < 255) transparent++;
    expect(transparent).toBe(0);
    expect(image.data.readUInt32BE(0)).toBe(0xffffffff);
    const svg = chartSvg(TIME);
    expect(svg).toContain(PALETTE.data);
    expect(svg).toContain(PALETTE.computed);
    expect(svg).toContain('stroke-dasharray');
  });
});

describe('GIVEN bad input', () => {
  const many = (n: number, value: (i: number) => number, text: (v: number) => string): Series => ({
    kind: 'time',
    measure: 'output',
    unit: 'tons',
    points: Array.from({ length: n }, (_, i) => point(String(1980 + i), value(i), text(value(i)))),
    changes: [],
  });

  it('WITH 40 points THEN every point is drawn and labelled, year ticks are thinned so that they never touch', async () => {
    const series = many(40, (i) => 1000 + i * 37, (v) => `${v} tons`);
    const svg = chartSvg(series);
    expect(svg.match(/<circle /g)).toHaveLength(40);
    for (const p of series.points) expect(svg).toContain(`>${p.text}<`);
    const years = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="12" text-anchor="middle" fill="#555555">(\d{4})<\/text>/g)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThan(3);
    expect(years.length).toBeLessThan(40);
    for (let i = 1; i < years.length; i++) expect(years[i]! - years[i - 1]!).toBeGreaterThanOrEqual(textWidth('0000', 12));
    await expect(chartPng(series)).resolves.toBeInstanceOf(Buffer);
  });

  it('WITH 200-character labels and title THEN they are shortened with …', () => {
    const long = 'a very long name of a thing that goes on '.repeat(5).slice(0, 200);
    const series: Series = { ...BARS, measure: long, points: BARS.points.map((p, i) => ({ ...p, x: `${i} ${long}`, text: `${p.text} ${long}` })) };
    const svg = chartSvg(series);
    const texts = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(texts.every((t) => t.length < 200)).toBe(true);
    expect(texts.filter((t) => t.endsWith('…')).length).toBeGreaterThanOrEqual(4);
  });

  it('WITH huge, tiny, negative and equal values THEN tick labels are words and digits, never 3.14e13', async () => {
    const cases: Series[] = [
      many(3, (i) => 5e15 * (i + 1), (v) => `${v}`),
      many(3, (i) => 1.5e-7 * (i + 1), (v) => `${v}`),
      many(4, (i) => -50 + i * 30, (v) => `${v}`),
      many(3, () => 42, () => '42 tons'),
      many(2, () => 0, () => '0 tons'),
    ];
    for (const series of cases) {
      const svg = chartSvg(series);
      const ticks = [...svg.matchAll(/text-anchor="end" fill="#555555">([^<]*)</g)].map((m) => m[1]!);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      for (const tick of ticks) expect(tick).not.toMatch(/\de[+-]?\d/);
      expect(svg).not.toContain('NaN');
      expect(svg).not.toContain('Infinity');
    }
    expect(chartSvg(cases[0]!)).toContain('trillion tons');
    for (const series of cases.slice(0, 2)) await expect(chartPng(series)).resolves.toBeInstanceOf(Buffer);
  });

  it('THEN axis ticks for any range are increasing, cover it and read without exponents (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e18, max: 1e18, noNaN: true }), fc.double({ min: -1e18, max: 1e18, noNaN: true }), fc.constantFrom('%', 'yuan', '$', ''), (a, b, unit) => {
        const ticks = ticksFor(a, b, unit);
        expect(ticks.values.length).toBeGreaterThanOrEqual(2);
        expect(ticks.min).toBeLessThanOrEqual(Math.min(a, b));
        expect(ticks.max).toBeGreaterThanOrEqual(Math.max(a, b));
        for (let i = 1; i < ticks.values.length; i++) expect(ticks.values[i]!).toBeGreaterThan(ticks.values[i - 1]!);
        for (const label of ticks.labels) expect(label).not.toMatch(/\de[+-]?\d/);
      }),
      { numRuns: 300 },
    );
    expect(ticksFor(0, 31.4e12, 'yuan').labels).toContain('30 trillion yuan');
    expect(plainNumber(1234567.5, 1)).toBe('1,234,567.5');
  });
});

describe('GIVEN text in Chinese', () => {
  it('THEN the Noto Sans SC pieces holding its glyphs are converted from WOFF to OpenType and used', () => {
    const files = fontFilesFor('制造业 31.4');
    expect(files[0]).toMatch(/DejaVuSans\.ttf$/);
    expect(files.length).toBeGreaterThan(2);
    const font = fs.readFileSync(files[files.length - 1]!);
    expect(['OTTO', '\u0000\u0001\u0000\u0000']).toContain(font.toString('latin1', 0, 4));
    expect(fontFilesFor('plain text')).toHaveLength(2);
    expect(() => woffToSfnt(Buffer.from('not a font'))).toThrow(/not a WOFF/);
  });
});

describe('GIVEN many charts at once', () => {
  it('THEN they all render (at most two at a time on the thread pool), each a whole PNG', async () => {
    const pngs = await Promise.all(Array.from({ length: 6 }, () => chartPng(TIME)));
    for (const png of pngs) expect(PNG.sync.read(png).width).toBe(PNG_WIDTH);
  });
});

describe('GIVEN charts drawn one after another (one canvas, reused)', () => {
  it('THEN nothing of a chart is left in the next one: the same series gives the same PNG before and after another', async () => {
    const before = await chartPng(TIME);
    await chartPng({ ...BARS, measure: 'a different chart drawn in between' });
    expect((await chartPng(TIME)).equals(before)).toBe(true);
  });
});

describe('GIVEN raw pixels', () => {
  it('THEN encodePng writes a PNG that decodes to the same pixels', async () => {
    const { encodePng } = await import('../../src/core/chart/png.ts');
    const pixels = new Uint8Array(7 * 5 * 4).map((_, i) => (i * 37) % 256);
    const decoded = PNG.sync.read(await encodePng(pixels, 7, 5));
    expect([decoded.width, decoded.height]).toEqual([7, 5]);
    expect([...decoded.data]).toEqual([...pixels]);
    await expect(encodePng(pixels, 8, 5)).rejects.toThrow(/expected 160 bytes/);
  });
});
