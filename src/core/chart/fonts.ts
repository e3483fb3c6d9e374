/**
 * The fonts a chart is drawn with, from font packages (so a chart looks the same on every machine): DejaVu Sans
 * (TrueType, `dejavu-fonts-ttf`) for Latin, Greek and Cyrillic; Noto Sans SC (`@fontsource/noto-sans-sc`) as the
 * fallback for Chinese and other CJK text. The renderer reads TTF/OTF only and Noto Sans SC comes as WOFF, in
 * about a hundred pieces by Unicode range: only the pieces a chart's text needs are converted (woff.ts), once,
 * into a cache folder under the system's temporary folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { woffToSfnt } from './woff.ts';

export const FONT_FAMILY = 'DejaVu Sans';
const require = createRequire(import.meta.url);

let latin: string[] | undefined;

/** DejaVu Sans regular and bold. */
export function latinFontFiles(): string[] {
  if (!latin) {
    const folder = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    latin = [path.join(folder, 'DejaVuSans.ttf'), path.join(folder, 'DejaVuSans-Bold.ttf')];
  }
  return latin;
}

interface Piece {
  readonly name: string;
  readonly ranges: readonly (readonly [number, number])[];
}

let pieces: { folder: string; version: string; list: Piece[] } | undefined;

function cjkPieces(): { folder: string; version: string; list: Piece[] } {
  if (!pieces) {
    const root = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const css = readFileSync(path.join(root, '400.css'), 'utf8');
    const list: Piece[] = [];
    for (const block of css.split('@font-face').slice(1)) {
      const file = /url\(\.\/files\/([^)]+?-400-normal)\.woff\)/.exec(block)?.[1];
      const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1];
      if (!file || !range) continue;
      const ranges = range.split(',').map((r) => {
        const [a, b] = r.trim().replace(/^U\+/i, '').split('-') as [string, string | undefined];
        return [parseInt(a, 16), parseInt(b ?? a, 16)] as const;
      });
      list.push({ name: file, ranges });
    }
    pieces = { folder: path.join(root, 'files'), version, list };
  }
  return pieces;
}

/** DejaVu covers these blocks (Latin, Greek, Cyrillic, punctuation, arrows, maths symbols, box drawing). */
const coveredByLatin = (cp: number) => cp < 0x0530 || (cp >= 0x1e00 && cp < 0x2e80);

const converted = new Map<string, string>();

/** TTF/OTF file paths that hold the glyphs of `text`, the Latin fonts first. */
export function fontFilesFor(text: string): string[] {
  const files = [...latinFontFiles()];
  const needed = new Set<Piece>();
  let all: Piece[] | undefined;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (coveredByLatin(cp)) continue;
    all ??= cjkPieces().list;
    for (const piece of all) if (piece.ranges.some(([a, b]) => cp >= a && cp <= b)) needed.add(piece);
  }
  for (const piece of needed) files.push(convertedPiece(piece));
  return files;
}

function convertedPiece(piece: Piece): string {
  const known = converted.get(piece.name);
  if (known) return known;
  const { folder, version } = cjkPieces();
  const cache = path.join(tmpdir(), `policybot-fonts-noto-sans-sc-${version}`);
  const target = path.join(cache, `${piece.name}.otf`);
  if (!existsSync(target)) {
    mkdirSync(cache, { recursive: true });
    // Written beside its name and renamed, so a process reading the cache never sees half a font.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, woffToSfnt(readFileSync(path.join(folder, `${piece.name}.woff`))));
    renameSync(temporary, target);
  }
  converted.set(piece.name, target);
  return target;
}
