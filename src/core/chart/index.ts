/**
 * Charts of `/stats` figures: series in, SVG or PNG out. Pure and platform-neutral (no Discord, no console): the
 * adapters decide where the picture goes. PNG rendering draws the SVG with Skia (`@napi-rs/canvas`, whose native
 * binary ships inside its npm package: raster.ts), loaded on the first chart so that processes that draw none never
 * load it.
 */
import { fontFilesFor, FONT_FAMILY } from './fonts.ts';
import { encodePng } from './png.ts';
import { chartSvg, HEIGHT, WIDTH } from './svg.ts';
import type { Series } from './series.ts';

export { findSeries, type ChartFact, type Series, type SeriesChange, type SeriesPoint } from './series.ts';
export { chartSvg, chartTitle, sourceLine } from './svg.ts';

/** Pixels per SVG pixel: 2 for sharp text on high-density screens (1280 × 800 px). */
export const DENSITY = 2;
export const PNG_WIDTH = WIDTH * DENSITY;
export const PNG_HEIGHT = HEIGHT * DENSITY;

type RasterModule = typeof import('./raster.ts');
let raster: Promise<RasterModule> | undefined;
const loadRaster = () => (raster ??= import('./raster.ts'));

function textOf(svg: string): string {
  return [...svg.matchAll(/>([^<]+)</g)].map((m) => m[1]).join(' ');
}

/**
 * At most this many charts render at once: their PNGs deflate on libuv's thread pool (4 threads), which also reads
 * files, so a burst of /stats charts must not take all of it.
 */
const MAX_RENDERING = 2;
let rendering = 0;
const waiting: (() => void)[] = [];

async function oneOfFew<T>(work: () => Promise<T>): Promise<T> {
  while (rendering >= MAX_RENDERING) await new Promise<void>((resolve) => waiting.push(resolve));
  rendering++;
  try {
    return await work();
  } finally {
    rendering--;
    waiting.shift()?.();
  }
}

/**
 * An SVG (as made by `chartSvg`) as PNG bytes, at `DENSITY`: drawn by Skia on the main thread (a few ms), the PNG
 * deflated on the thread pool.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { familiesFor, rasterise } = await loadRaster();
  const families = familiesFor(fontFilesFor(textOf(svg)), FONT_FAMILY);
  return oneOfFew(async () => {
    // The SVG paints its own opaque white background.
    // encodePng copies the canvas's pixels before it returns its promise (the canvas is drawn on by the next chart).
    return rasterise(svg, WIDTH, HEIGHT, DENSITY, families, (pixels) => encodePng(pixels, PNG_WIDTH, PNG_HEIGHT));
  });
}

/** A series as a PNG chart. */
export async function chartPng(series: Series): Promise<Buffer> {
  return svgToPng(chartSvg(series));
}

/** The file name a chart is attached under (`attachment://policybot-chart.png`). */
export const CHART_FILE_NAME = 'policybot-chart.png';
