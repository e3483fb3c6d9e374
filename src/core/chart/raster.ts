/**
 * The chart's SVG drawn onto a Skia canvas (`@napi-rs/canvas`, whose native binary ships inside its npm package).
 * Only the SVG that `chartSvg` writes is understood: one element a line, `rect`, `line`, `path` (M, L, H, V, Z),
 * `circle` and `text` (x, y, size, weight, style, anchor, fill, `rotate(a x y)`), with fill, fill-opacity, stroke,
 * stroke-width and stroke-dasharray. resvg parsed the fonts and shaped every label again on each chart, which was
 * most of its 90-160 ms of CPU a chart; here the fonts are registered once per process and Skia keeps their
 * parsed faces and glyph caches, so a chart is a few milliseconds of drawing.
 */
import { type Canvas, createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

/** Font files registered with Skia (once a process each), and the family name each answers to. */
const registered = new Map<string, string>();

/**
 * Registers `files` (as from `fontFilesFor`: DejaVu Sans regular and bold first, then CJK pieces) and gives the
 * CSS family list that draws with them: the Latin family first, then each piece under a name of its own (pieces
 * share one family name, and Skia would look in only one of them).
 */
export function familiesFor(files: readonly string[], latinFamily: string): string {
  const families: string[] = [];
  files.forEach((file, i) => {
    let family = registered.get(file);
    if (!family) {
      family = i < 2 ? `policybot ${latinFamily}` : `policybot cjk ${registered.size}`;
      if (!GlobalFonts.registerFromPath(file, family)) throw new Error(`could not load the font ${file}`);
      registered.set(file, family);
    }
    if (!families.includes(family)) families.push(family);
  });
  return families.map((f) => `"${f}"`).join(', ');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e]!);

function attributesOf(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of source.matchAll(/([\w:-]+)="([^"]*)"/g)) out.set(m[1]!, unescapeXml(m[2]!));
  return out;
}

const num = (a: Map<string, string>, name: string, fallback = 0) => {
  const v = a.get(name);
  return v === undefined ? fallback : Number(v);
};

function dashes(a: Map<string, string>): number[] {
  const d = a.get('stroke-dasharray');
  return d ? d.split(/[\s,]+/).map(Number) : [];
}

/** Fills (unless fill="none") and strokes (when a stroke is set) the current path, as SVG paints a shape. */
function paint(ctx: SKRSContext2D, a: Map<string, string>, defaultFill = '#000000'): void {
  const fill = a.get('fill') ?? defaultFill;
  if (fill !== 'none') {
    ctx.globalAlpha = num(a, 'fill-opacity', 1);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.globalAlpha = 1;
  }
  const stroke = a.get('stroke');
  if (stroke && stroke !== 'none') {
    ctx.strokeStyle = stroke;
    ctx.lineWidth = num(a, 'stroke-width', 1);
    ctx.setLineDash(dashes(a));
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

function tracePath(ctx: SKRSContext2D, d: string): void {
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  for (const m of d.matchAll(/([MLHVZmlhvz])([^MLHVZmlhvz]*)/g)) {
    const args = m[2]!.trim() ? m[2]!.trim().split(/[\s,]+/).map(Number) : [];
    switch (m[1]) {
      case 'M':
      case 'L':
        for (let i = 0; i + 1 < args.length; i += 2) {
          x = args[i]!;
          y = args[i + 1]!;
          if (m[1] === 'M' && i === 0) {
            ctx.moveTo(x, y);
            startX = x;
            startY = y;
          } else ctx.lineTo(x, y);
        }
        break;
      case 'H':
        for (const v of args) ctx.lineTo((x = v), y);
        break;
      case 'V':
        for (const v of args) ctx.lineTo(x, (y = v));
        break;
      case 'Z':
      case 'z':
        ctx.closePath();
        x = startX;
        y = startY;
        break;
      default:
        throw new Error(`path command ${m[1]} is not drawn`);
    }
  }
}

const ALIGN = { start: 'left', middle: 'center', end: 'right' } as const;

/**
 * `svg` (as made by `chartSvg`, `width` × `height` CSS px) drawn at `density` pixels per CSS px; `use` is given the
 * RGBA pixels (not premultiplied: the chart paints an opaque background, so premultiplied and straight are the
 * same) and must copy what it keeps before it returns: they belong to the canvas, freed once it is collected.
 */
export function rasterise<T>(svg: string, width: number, height: number, density: number, families: string, use: (pixels: Uint8Array) => T): T {
  const canvas = canvasOf(Math.round(width * density), Math.round(height * density));
  const ctx = canvas.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(density, 0, 0, density, 0, 0);
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.miterLimit = 4; // SVG's default
  ctx.textBaseline = 'alphabetic';
  for (const m of svg.matchAll(/<(rect|line|path|circle|text)\b([^>]*?)\/?>(?:([^<]*)<\/text>)?/g)) {
    const a = attributesOf(m[2]!);
    ctx.beginPath();
    switch (m[1]) {
      case 'rect':
        ctx.rect(num(a, 'x'), num(a, 'y'), num(a, 'width'), num(a, 'height'));
        paint(ctx, a);
        break;
      case 'line':
        ctx.moveTo(num(a, 'x1'), num(a, 'y1'));
        ctx.lineTo(num(a, 'x2'), num(a, 'y2'));
        paint(ctx, a, 'none');
        break;
      case 'path':
        tracePath(ctx, a.get('d') ?? '');
        paint(ctx, a);
        break;
      case 'circle':
        ctx.arc(num(a, 'cx'), num(a, 'cy'), num(a, 'r'), 0, 2 * Math.PI);
        ctx.closePath();
        paint(ctx, a);
        break;
      case 'text': {
        const content = unescapeXml(m[3] ?? '');
        if (!content) break;
        const x = num(a, 'x');
        const y = num(a, 'y');
        ctx.save();
        const rotate = /rotate\(\s*([-\d.]+)[\s,]+([-\d.]+)[\s,]+([-\d.]+)\s*\)/.exec(a.get('transform') ?? '');
        if (rotate) {
          ctx.translate(Number(rotate[2]), Number(rotate[3]));
          ctx.rotate((Number(rotate[1]) * Math.PI) / 180);
          ctx.translate(-Number(rotate[2]), -Number(rotate[3]));
        }
        const style = a.get('font-style') === 'italic' ? 'italic ' : '';
        const weight = a.get('font-weight') === 'bold' ? 'bold ' : '';
        ctx.font = `${style}${weight}${num(a, 'font-size', 16)}px ${families}`;
        ctx.textAlign = ALIGN[(a.get('text-anchor') ?? 'start') as keyof typeof ALIGN] ?? 'left';
        ctx.fillStyle = a.get('fill') ?? '#000000';
        ctx.fillText(content, x, y);
        ctx.restore();
        break;
      }
    }
  }
  return use(canvas.data());
}

/**
 * One canvas per size, kept for the process: drawing is synchronous, so charts never share it at once, and a new
 * canvas costs more than the drawing (its 4 MB surface is allocated and faulted in on the first paint, ~15 ms of
 * CPU at 1280x800).
 */
const canvases = new Map<string, Canvas>();

function canvasOf(width: number, height: number): Canvas {
  const key = `${width}x${height}`;
  let canvas = canvases.get(key);
  if (!canvas) canvases.set(key, (canvas = createCanvas(width, height)));
  return canvas;
}
