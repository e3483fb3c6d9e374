/**
 * WOFF (version 1) to plain OpenType/TrueType, with node:zlib: the fonts are handed to the renderer as TTF/OTF, and
 * the CJK fallback font is published as WOFF. A WOFF file is the sfnt's tables, each zlib-compressed when that is
 * smaller, behind a table directory: the tables are inflated and laid out again behind an sfnt directory.
 */
import { inflateSync } from 'node:zlib';

export class WoffError extends Error {}

const align4 = (n: number) => (n + 3) & ~3;

export function woffToSfnt(woff: Uint8Array): Buffer {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.length < 44 || input.toString('latin1', 0, 4) !== 'wOFF') throw new WoffError('not a WOFF file');
  const flavor = input.readUInt32BE(4);
  const numTables = input.readUInt16BE(12);
  if (44 + numTables * 20 > input.length) throw new WoffError('truncated WOFF table directory');
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const tag = input.readUInt32BE(entry);
    const offset = input.readUInt32BE(entry + 4);
    const compLength = input.readUInt32BE(entry + 8);
    const origLength = input.readUInt32BE(entry + 12);
    const checksum = input.readUInt32BE(entry + 16);
    if (offset + compLength > input.length) throw new WoffError('truncated WOFF table');
    const raw = input.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new WoffError('WOFF table does not inflate to its declared size');
    tables.push({ tag, checksum, data });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const headerSize = 12 + numTables * 16;
  const total = tables.reduce((sum, t) => sum + align4(t.data.length), headerSize);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const record = 12 + i * 16;
    out.writeUInt32BE(t.tag, record);
    out.writeUInt32BE(t.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(t.data.length, record + 12);
    t.data.copy(out, offset);
    offset += align4(t.data.length);
  });
  return out;
}
