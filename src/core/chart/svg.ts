/**
 * A series as an SVG chart, built by hand (no chart library): a line chart over years, a bar chart of named
 * things. Every point carries its value as written; computed changes are dashed, in another colour, and say
 * "computed"; the source (document, date, paragraphs) is the last line. White background (readable on Discord's
 * dark and light themes), Okabe-Ito colours (safe for colour-blind readers). Pure: text in, text out.
 */
import { FONT_FAMILY } from './fonts.ts';
import { ticksFor } from './format.ts';
import type { Series, SeriesPoint } from './series.ts';

/**
 * The SVG's size in CSS pixels; the PNG is drawn at twice that (1280 × 800). Discord shows an embed image about
 * 400-550 px wide, so a small canvas keeps 12 px text readable there, and fewer pixels render faster.
 */
export const WIDTH = 640;
export const HEIGHT = 400;

/** Okabe-Ito: blue for the documents' figures, vermillion for policybot's arithmetic. */
export const PALETTE = { data: '#0072B2', computed: '#D55E00', text: '#1a1a1a', muted: '#555555', grid: '#d9d9d9', background: '#ffffff' } as const;

const MAX_POINTS = 60;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** About how wide `text` is at `size` px in DejaVu Sans (wide glyphs for CJK). */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    em += cp >= 0x2e80 ? 1 : /[iljtf.,:;'|!()\s]/.test(char) ? 0.36 : /[A-Z%mwMW@]/.test(char) ? 0.78 : 0.62;
  }
  return em * size;
}

/** `text` cut at a word (or character) to fit `width` px, with "…" when cut. */
export function fitText(text: string, width: number, size: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (textWidth(clean, size) <= width) return clean;
  const chars = [...clean];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  let cut = chars.slice(0, lo).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

interface TextOptions {
  size?: number;
  weight?: 'bold';
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  rotate?: number;
  italic?: boolean;
}

function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const attributes = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${o.size ?? 12}"`,
    o.weight ? `font-weight="${o.weight}"` : '',
    o.italic ? 'font-style="italic"' : '',
    `text-anchor="${o.anchor ?? 'start'}"`,
    `fill="${o.fill ?? PALETTE.text}"`,
    o.rotate ? `transform="rotate(${o.rotate} ${n(x)} ${n(y)})"` : '',
  ].filter(Boolean);
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** `2, 3, 4, 7` → `2–4, 7` (sorted input). */
function paragraphRanges(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j;
  }
  return parts.join(', ');
}

/**
 * "Source: Title (2022-08-14), paragraph 3; Other (2023-01-02), paragraphs 2, 5", at most `width` px: titles are
 * shortened (…) first, so the dates and paragraphs always show.
 */
export function sourceLine(points: readonly SeriesPoint[], width = Infinity, size = 12): string {
  const docs = new Map<string, { title: string; date?: string; paragraphs: Set<number> }>();
  for (const p of points) {
    if (!p.doc || p.paragraph === undefined) continue;
    const entry = docs.get(p.doc.id) ?? { title: p.doc.title, ...(p.doc.date ? { date: p.doc.date } : {}), paragraphs: new Set<number>() };
    entry.paragraphs.add(p.paragraph);
    docs.set(p.doc.id, entry);
  }
  const list = [...docs.values()];
  const head = `Source${list.length > 1 ? 's' : ''}: `;
  const tails = list.map((d) => {
    const paragraphs = [...d.paragraphs].sort((a, b) => a - b);
    return `${d.date ? ` (${d.date})` : ''}, paragraph${paragraphs.length > 1 ? 's' : ''} ${paragraphRanges(paragraphs)}`;
  });
  const fixed = textWidth(head + tails.join('; '), size);
  const perTitle = Number.isFinite(width) ? Math.max(40, (width - fixed) / list.length) : Infinity;
  const line = head + list.map((d, i) => `${Number.isFinite(perTitle) ? fitText(d.title, perTitle, size) : d.title.replace(/\s+/g, ' ').trim()}${tails[i]}`).join('; ');
  return Number.isFinite(width) ? fitText(line, width, size) : line;
}

/** Words of `line` in lines at most `width` px wide (a word longer than a line is cut). */
export function wrapText(line: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (textWidth(next, size) <= width || !current) current = next;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => fitText(l, width, size));
}

/** The source in at most two lines: whole titles when they fit, else shortened titles. */
export function sourceLines(points: readonly SeriesPoint[], width: number, size: number, source?: string): string[] {
  if (source !== undefined) return wrapText(source, width, size).slice(0, 2);
  const whole = wrapText(sourceLine(points), width, size);
  if (whole.length <= 2) return whole;
  const shortened = wrapText(sourceLine(points, width * 1.9, size), width, size);
  return shortened.length <= 2 ? shortened : [shortened[0]!, fitText(shortened.slice(1).join(' '), width, size)];
}

/** The chart's title: the measure, and the years it spans for a time series. */
export function chartTitle(series: Series): string {
  const measure = capitalise(series.measure.replace(/\s+/g, ' ').trim());
  // A day series says its span in its measure ("questions per day, last 30 days").
  if (series.kind !== 'time' || series.points.length === 0) return measure;
  return `${measure}, ${series.points[0]!.x}–${series.points[series.points.length - 1]!.x}`;
}

/** The unit as the axis names it. */
function unitName(unit: string): string {
  if (unit === '%') return 'per cent';
  return unit || 'number';
}

export function chartSvg(input: Series): string {
  const series: Series = input.points.length > MAX_POINTS ? { ...input, points: input.points.slice(0, MAX_POINTS) } : input;
  const points = series.points;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT_FAMILY}, Noto Sans SC, sans-serif">`);
  out.push(`<title>${escapeXml(chartTitle(series))}</title>`);
  out.push(`<desc>${escapeXml(`${points.map((p) => `${p.x}: ${p.text}${p.computed ? ' (computed)' : ''}`).join('; ')}. ${series.source ?? sourceLine(points)}`)}</desc>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="${PALETTE.background}"/>`);
  out.push(text(24, 34, fitText(chartTitle(series), WIDTH - 48, 19), { size: 19, weight: 'bold' }));
  const subtitle = series.subtitle ?? `Each point: the figure as written in the document · ${series.kind === 'time' ? 'by year' : 'compared'} · unit: ${unitName(series.unit)}`;
  out.push(text(24, 56, fitText(subtitle, WIDTH - 48, 12), { size: 12, fill: PALETTE.muted }));

  // Value range: the points, their ranges; bars start at zero; shares take 0–100 when that reads better.
  const values = points.flatMap((p) => [p.value, p.low ?? p.value, p.high ?? p.value]).filter(Number.isFinite);
  let low = Math.min(...values);
  let high = Math.max(...values);
  const bars = series.kind !== 'time';
  if (bars || (low > 0 && low < high * 0.5)) low = Math.min(low, 0);
  if (bars && high < 0) high = 0;
  if (series.unit === '%' && low >= 0 && high <= 100 && high >= 40) {
    low = 0;
    high = 100;
  }
  // Days count questions: whole-number ticks, the unit said once in the subtitle.
  const wholeTicks = () => {
    for (const count of [5, 4, 3, 2]) {
      const t = ticksFor(low, Math.max(high, 1), '', count);
      if (t.values.every(Number.isInteger)) return t;
    }
    return ticksFor(low, Math.max(high, 1), '', 1);
  };
  const ticks = series.kind === 'day' ? wholeTicks() : ticksFor(low, high, series.unit, 5);
  const tickSize = 12;
  const labelWidth = Math.min(200, Math.max(...ticks.labels.map((l) => textWidth(l, tickSize))));
  const left = 24 + labelWidth + 10;
  const right = WIDTH - 40;
  // The computed changes' legend, under the subtitle: two lines each at most, three lines in all.
  const legendLines = (change: Series['changes'][number]) => {
    const lines = wrapText(`computed by policybot, not quoted: ${change.from}→${change.to} ${change.label}`, WIDTH - 48 - 26, 12);
    return lines.length <= 2 ? lines : [lines[0]!, fitText(lines.slice(1).join(' '), WIDTH - 48 - 26, 12)];
  };
  const legend = series.kind === 'time' ? series.changes.flatMap(legendLines).slice(0, 3) : [];
  const top = legend.length > 0 ? 96 + (legend.length - 1) * 15 : 84;
  const source = sourceLines(points, WIDTH - 48, 12, series.source);
  const bottom = (series.kind === 'category' ? HEIGHT - 112 : HEIGHT - 84) - (source.length - 1) * 15;
  const y = (v: number) => bottom - ((v - ticks.min) / (ticks.max - ticks.min || 1)) * (bottom - top);

  // Grid and y ticks (thinned to at most 8 labels).
  const every = Math.ceil(ticks.values.length / 8);
  ticks.values.forEach((v, i) => {
    const yy = y(v);
    out.push(`<line x1="${n(left)}" y1="${n(yy)}" x2="${n(right)}" y2="${n(yy)}" stroke="${v === 0 ? PALETTE.muted : PALETTE.grid}" stroke-width="1"/>`);
    if (i % every === 0) out.push(text(left - 8, yy + 4, fitText(ticks.labels[i]!, labelWidth, tickSize), { size: tickSize, anchor: 'end', fill: PALETTE.muted }));
  });
  out.push(`<line x1="${n(left)}" y1="${top}" x2="${n(left)}" y2="${bottom}" stroke="${PALETTE.muted}" stroke-width="1"/>`);

  const slot = (right - left) / Math.max(1, points.length);
  const valueSize = slot >= 60 ? 12 : slot >= 28 ? 10 : 9;
  const rotateValues = points.some((p) => textWidth(p.text, valueSize) > slot - 4);
  /**
   * A point's value as written, above it (below for negative bars and valleys). `side` moves a line chart's label
   * off the line: `left` ends it at the point (for a rising line), `right` starts it there (for a falling one).
   */
  const valueLabel = (p: SeriesPoint, x: number, yy: number, placedBelow: boolean, side: 'middle' | 'left' | 'right' = 'middle') => {
    let below = placedBelow;
    const written = p.computed ? `${p.text} (computed)` : p.text;
    // Rotated labels stand above their point, or below it when only there is room for the whole label; no
    // longer than the room up to the title (or the axis).
    if (rotateValues) {
      const needed = textWidth(written, valueSize);
      const above = yy - top + 24;
      const under = bottom - yy - 12;
      if (!below && needed > above && under > above) below = true;
      else if (below && needed > under && above > under) below = false;
    }
    const room = below ? bottom - yy - 12 : yy - top + 24;
    const colour = p.computed ? PALETTE.computed : PALETTE.text;
    if (rotateValues) {
      const label = fitText(written, Math.max(24, Math.min(130, room)), valueSize);
      return text(x + 3, below ? yy + 10 : yy - 8, label, { size: valueSize, anchor: below ? 'end' : 'start', rotate: -90, fill: colour });
    }
    const width = side === 'middle' ? slot - 4 : Math.max(slot - 4, Math.min(200, side === 'left' ? x - left - 4 : right - x - 4));
    const label = fitText(written, width, valueSize);
    const textY = below ? yy + valueSize + 6 : yy - 9;
    if (side === 'left') return text(Math.max(x + 4, left + 4 + textWidth(label, valueSize)), textY, label, { size: valueSize, anchor: 'end', weight: 'bold', fill: colour });
    if (side === 'right') return text(Math.min(x - 4, right - 4 - textWidth(label, valueSize)), textY, label, { size: valueSize, anchor: 'start', weight: 'bold', fill: colour });
    return text(x, textY, label, { size: valueSize, anchor: 'middle', weight: 'bold', fill: colour });
  };

  if (series.kind === 'time') {
    const years = points.map((p) => Number(p.x));
    const first = Math.min(...years);
    const last = Math.max(...years);
    const pad = slot / 2;
    const x = (year: number) => (last === first ? (left + right) / 2 : left + pad + ((year - first) / (last - first)) * (right - left - 2 * pad));
    // x ticks: the points' years, thinned so that labels never touch.
    const labelSpace = textWidth('0000', 12) + 12;
    let lastLabel = -Infinity;
    for (const p of points) {
      const xx = x(Number(p.x));
      out.push(`<line x1="${n(xx)}" y1="${bottom}" x2="${n(xx)}" y2="${bottom + 5}" stroke="${PALETTE.muted}"/>`);
      if (xx - lastLabel >= labelSpace) {
        out.push(text(xx, bottom + 20, fitText(p.x, labelSpace, 12), { size: 12, anchor: 'middle', fill: PALETTE.muted }));
        lastLabel = xx;
      }
    }
    out.push(text((left + right) / 2, bottom + 40, 'Year', { size: 12, anchor: 'middle', fill: PALETTE.muted }));
    // Computed changes: a dashed step from the earlier value to the later one, labelled "computed".
    let legendLine = 0;
    series.changes.forEach((change) => {
      const from = points.find((p) => p.x === change.from);
      const to = points.find((p) => p.x === change.to);
      if (!from || !to) return;
      const x1 = x(Number(from.x));
      const x2 = x(Number(to.x));
      out.push(`<path d="M ${n(x1)} ${n(y(from.value))} H ${n(x2)} V ${n(y(to.value))}" fill="none" stroke="${PALETTE.computed}" stroke-width="2" stroke-dasharray="6 4"/>`);
      if (legendLine >= legend.length) return;
      out.push(`<line x1="24" y1="${70 + legendLine * 15}" x2="44" y2="${70 + legendLine * 15}" stroke="${PALETTE.computed}" stroke-width="2" stroke-dasharray="6 4"/>`);
      for (const line of legendLines(change)) if (legendLine < legend.length) out.push(text(50, 74 + legendLine++ * 15, line, { size: 12, italic: true, fill: PALETTE.computed }));
    });
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${n(x(Number(p.x)))} ${n(y(p.value))}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${PALETTE.data}" stroke-width="2.5"/>`);
    points.forEach((p, i) => {
      const xx = x(Number(p.x));
      if (p.low !== undefined && p.high !== undefined) out.push(`<line x1="${n(xx)}" y1="${n(y(p.low))}" x2="${n(xx)}" y2="${n(y(p.high))}" stroke="${PALETTE.data}" stroke-width="2"/>`);
      const colour = p.computed ? PALETTE.computed : PALETTE.data;
      out.push(`<circle cx="${n(xx)}" cy="${n(y(p.value))}" r="4.5" fill="${p.computed ? PALETTE.background : colour}" stroke="${colour}" stroke-width="2"${p.computed ? ' stroke-dasharray="2 2"' : ''}/>`);
      // Off the line: above a peak, below a valley, above-left of a rising line, above-right of a falling one.
      const before = points[i - 1]?.value;
      const after = points[i + 1]?.value;
      const valley = before !== undefined && after !== undefined && before > p.value && after > p.value;
      const peak = before !== undefined && after !== undefined && before < p.value && after < p.value;
      const side = valley || peak ? 'middle' : after !== undefined && after > p.value ? 'left' : before !== undefined && before > p.value ? 'right' : 'middle';
      out.push(valueLabel(p, xx, valley ? y(p.low ?? p.value) : y(p.high ?? p.value), valley, side));
    });
  } else {
    const barWidth = Math.max(2, Math.min(64, slot * 0.62));
    const rotateNames = series.kind === 'category' && points.some((p) => textWidth(p.x, 12) > slot - 6);
    // Days: month and day (`12-01`; the source line gives the years), under every k-th bar and always the last,
    // thinned so that labels never touch.
    const dayLabel = (x: string) => (/^\d{4}-\d\d-\d\d$/.test(x) ? x.slice(5) : x);
    const dayEvery = Math.max(1, Math.ceil((Math.max(0, ...points.map((p) => textWidth(dayLabel(p.x), 12))) + 12) / slot));
    const zero = y(Math.max(ticks.min, Math.min(0, ticks.max)));
    points.forEach((p, i) => {
      const cx = left + slot * (i + 0.5);
      const yy = y(p.value);
      const colour = p.computed ? PALETTE.computed : PALETTE.data;
      const dash = p.computed ? ` fill-opacity="0.25" stroke="${colour}" stroke-width="2" stroke-dasharray="5 3"` : '';
      out.push(`<rect x="${n(cx - barWidth / 2)}" y="${n(Math.min(yy, zero))}" width="${n(barWidth)}" height="${n(Math.max(1, Math.abs(zero - yy)))}" fill="${colour}"${dash}/>`);
      if (p.low !== undefined && p.high !== undefined) out.push(`<line x1="${n(cx)}" y1="${n(y(p.low))}" x2="${n(cx)}" y2="${n(y(p.high))}" stroke="${PALETTE.text}" stroke-width="1.5"/>`);
      out.push(valueLabel(p, cx, p.value < 0 ? y(p.low ?? p.value) : y(p.high ?? p.value), p.value < 0));
      if (series.kind === 'day') {
        const last = points.length - 1;
        if (i === last || (i % dayEvery === 0 && last - i >= dayEvery)) out.push(text(cx, bottom + 18, fitText(dayLabel(p.x), Math.max(slot, 120), 12), { size: 12, anchor: 'middle', fill: PALETTE.muted }));
      } else if (rotateNames) out.push(text(cx + 4, bottom + 12, fitText(p.x, 120, 11), { size: 11, anchor: 'end', rotate: -40, fill: PALETTE.muted }));
      else out.push(text(cx, bottom + 18, fitText(p.x, slot - 6, 12), { size: 12, anchor: 'middle', fill: PALETTE.muted }));
    });
  }

  source.forEach((line, i) => out.push(text(24, HEIGHT - 16 - (source.length - 1 - i) * 15, line, { size: 12, fill: PALETTE.muted })));
  if (input.points.length > MAX_POINTS) out.push(text(WIDTH - 24, 56, `first ${MAX_POINTS} of ${input.points.length} points`, { size: 11, anchor: 'end', fill: PALETTE.muted }));
  out.push('</svg>');
  return out.join('\n');
}

