import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRawSync, inflateRaw, inflateRawSync } from 'node:zlib';

const inflateRawOffThread = promisify(inflateRaw);

/**
 * A versioned binary container of named sections: the unit the snapshot is written in.
 *
 *   bytes 0-7   magic `PBSNAP` + format version (u16 LE)
 *   bytes 8-11  header length H (u32 LE)
 *   12 … 12+H   header, JSON: { sections: [{ name, kind, offset, length }], sha1, meta, deflated? }
 *   then        the sections' payloads, each 8-byte aligned; `sha1` covers all of them (as stored)
 *
 * A container written with `compress` holds its payloads deflated (raw deflate, level 1: fast) and says so in the
 * header (`deflated`: the payloads' length before), for files that are read seldom and are mostly text (a
 * document's segment); an uncompressed one is read without a copy (the corpus file, read at every start).
 *
 * A section is JSON (any plain value) or a typed array stored raw (little-endian, as the machine's: the reader
 * checks the platform). New kinds of data (e.g. the extraction's facts and quotes) are new named sections;
 * readers ignore sections they do not know, so adding one needs no format change.
 */
export type SectionValue = Int32Array | Uint16Array | Float64Array | Uint8Array | { readonly json: unknown };

const MAGIC = 'PBSNAP';
/** 2: payloads may be deflated (a reader of version 1 would misread them, so it rejects the file instead). */
export const CONTAINER_VERSION = 2;
const KINDS = { i32: Int32Array, u16: Uint16Array, f64: Float64Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS | 'json';

export class SnapshotError extends Error {}

interface HeaderEntry {
  name: string;
  kind: Kind;
  offset: number;
  length: number;
}

function kindOf(value: SectionValue): Kind {
  if (value instanceof Int32Array) return 'i32';
  if (value instanceof Uint16Array) return 'u16';
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Uint8Array) return 'u8';
  return 'json';
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeContainer(sections: Readonly<Record<string, SectionValue>>, meta: unknown = {}, options: { compress?: boolean } = {}): Buffer {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new SnapshotError('big-endian machines are not supported');
  const payloads: { name: string; kind: Kind; bytes: Uint8Array }[] = Object.entries(sections).map(([name, value]) => {
    const kind = kindOf(value);
    const bytes = kind === 'json'
      ? Buffer.from(JSON.stringify((value as { json: unknown }).json), 'utf8')
      : new Uint8Array((value as Exclude<SectionValue, { json: unknown }>).buffer, (value as Int32Array).byteOffset, (value as Int32Array).byteLength);
    return { name, kind, bytes };
  });
  let offset = 0;
  const entries: HeaderEntry[] = payloads.map((p) => {
    const entry = { name: p.name, kind: p.kind, offset, length: p.bytes.byteLength };
    offset = align8(offset + p.bytes.byteLength);
    return entry;
  });
  const raw = Buffer.alloc(offset);
  payloads.forEach((p, i) => raw.set(p.bytes, entries[i]!.offset));
  const body = options.compress ? deflateRawSync(raw, { level: 1 }) : raw;
  const sha1 = createHash('sha1').update(body).digest('hex');
  const header = Buffer.from(JSON.stringify({ sections: entries, sha1, meta, ...(options.compress ? { deflated: raw.byteLength } : {}) }), 'utf8');
  const headerEnd = align8(12 + header.byteLength);
  const out = Buffer.alloc(headerEnd + body.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt16LE(CONTAINER_VERSION, 6);
  out.writeUInt32LE(header.byteLength, 8);
  out.set(header, 12);
  out.set(body, headerEnd);
  return out;
}

export interface Container {
  readonly meta: unknown;
  has(name: string): boolean;
  json<T>(name: string): T;
  i32(name: string): Int32Array;
  u16(name: string): Uint16Array;
  f64(name: string): Float64Array;
  u8(name: string): Uint8Array;
}

/**
 * The `meta` of a container from its first bytes (the header), without reading or checking the payloads: lets a
 * reader tell whether a large file is the one it wants before it reads and checksums all of it.
 */
export function containerMeta(head: Uint8Array): unknown {
  const buffer = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buffer.byteLength < 12 || buffer.toString('latin1', 0, 6) !== MAGIC || buffer.readUInt16LE(6) !== CONTAINER_VERSION) return undefined;
  const headerLength = buffer.readUInt32LE(8);
  if (12 + headerLength > buffer.byteLength) return undefined;
  try {
    return (JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as { meta?: unknown }).meta;
  } catch {
    return undefined;
  }
}

type Header = { sections: HeaderEntry[]; sha1: string; meta: unknown; deflated?: number };

/** Reads a container; a truncated, corrupted or foreign file throws SnapshotError (never returns garbage). */
export function decodeContainer(bytes: Uint8Array): Container {
  const { header, stored } = checkedContainer(bytes);
  if (header.deflated === undefined) return containerOf(header, stored);
  let body: Buffer;
  try {
    body = inflateRawSync(stored);
  } catch {
    throw new SnapshotError('undecompressable payloads');
  }
  return containerOf(header, body);
}

/**
 * decodeContainer with deflated payloads inflated on libuv's thread pool: a large document's segment takes 5-15 ms
 * to inflate, which live loading (between turns of the event loop) must not spend on the main thread.
 */
export async function decodeContainerOffThread(bytes: Uint8Array): Promise<Container> {
  const { header, stored } = checkedContainer(bytes);
  if (header.deflated === undefined) return containerOf(header, stored);
  let body: Buffer;
  try {
    body = await inflateRawOffThread(stored);
  } catch {
    throw new SnapshotError('undecompressable payloads');
  }
  return containerOf(header, body);
}

/** The header and the stored payloads of a container whose magic, version and checksum hold. */
function checkedContainer(bytes: Uint8Array): { header: Header; stored: Buffer } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.byteLength < 12 || buffer.toString('latin1', 0, 6) !== MAGIC) throw new SnapshotError('not a snapshot file');
  const version = buffer.readUInt16LE(6);
  if (version !== CONTAINER_VERSION) throw new SnapshotError(`container version ${version}, expected ${CONTAINER_VERSION}`);
  const headerLength = buffer.readUInt32LE(8);
  if (12 + headerLength > buffer.byteLength) throw new SnapshotError('truncated header');
  let header: Header;
  try {
    header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength));
  } catch {
    throw new SnapshotError('unreadable header');
  }
  const bodyStart = align8(12 + headerLength);
  const stored = buffer.subarray(bodyStart);
  if (createHash('sha1').update(stored).digest('hex') !== header.sha1) throw new SnapshotError('checksum mismatch (corrupted or truncated)');
  return { header, stored };
}

/** The sections of a container over its payloads (`body`, inflated when they were stored deflated). */
function containerOf(header: Header, body: Buffer): Container {
  if (header.deflated !== undefined && body.byteLength !== header.deflated) throw new SnapshotError('payloads of the wrong length');
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const raw = (name: string, kind: Kind) => {
    const entry = byName.get(name);
    if (!entry) throw new SnapshotError(`missing section "${name}"`);
    if (entry.kind !== kind) throw new SnapshotError(`section "${name}" is ${entry.kind}, expected ${kind}`);
    if (entry.offset + entry.length > body.byteLength) throw new SnapshotError(`section "${name}" out of bounds`);
    return entry;
  };
  // Typed arrays are views on the file's own memory when it is aligned for them (sections are 8-byte aligned from
  // the file's start; a Buffer read whole from a file starts its memory): no copy, and no second copy to collect.
  // Otherwise they are copied out into their own buffers. Either way they are read-only by convention.
  const typed = <K extends keyof typeof KINDS>(name: string, kind: K): InstanceType<(typeof KINDS)[K]> => {
    const entry = raw(name, kind);
    const Type = KINDS[kind];
    const start = body.byteOffset + entry.offset;
    if (start % Type.BYTES_PER_ELEMENT === 0) return new Type(body.buffer as ArrayBuffer, start, entry.length / Type.BYTES_PER_ELEMENT) as InstanceType<(typeof KINDS)[K]>;
    const copy = new Uint8Array(entry.length);
    copy.set(body.subarray(entry.offset, entry.offset + entry.length));
    return new Type(copy.buffer, 0, entry.length / Type.BYTES_PER_ELEMENT) as InstanceType<(typeof KINDS)[K]>;
  };
  return {
    meta: header.meta,
    has: (name) => byName.has(name),
    json: <T>(name: string): T => {
      const entry = raw(name, 'json');
      return JSON.parse(body.toString('utf8', entry.offset, entry.offset + entry.length)) as T;
    },
    i32: (name) => typed(name, 'i32'),
    u16: (name) => typed(name, 'u16'),
    f64: (name) => typed(name, 'f64'),
    u8: (name) => typed(name, 'u8'),
  };
}
