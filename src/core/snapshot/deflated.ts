import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SnapshotError } from './container.ts';

/**
 * One section's bytes deflated (raw deflate, level 1: the build pays tens of ms, not seconds), for sections that
 * shrink by half or more and inflate fast: JSON (repeated keys and words) and packed integers with many repeats
 * (term frequencies, mostly 1; sentence term ids, the common words again and again). The corpus's text stays
 * raw: it would inflate for half a second at every start.
 *
 * Layout: the inflated length (u32 LE), then the deflated bytes. Knowing it, inflating writes into one buffer of
 * that size: in zlib's default 16 kB chunks, the 64 MB inflated at a start of the 94 MB pool left 40 MB of freed
 * chunks in the process's memory (RSS) that the allocator never gave back.
 */
export function deflated(bytes: Uint8Array): Uint8Array {
  const body = deflateRawSync(bytes, { level: 1 });
  const out = new Uint8Array(4 + body.byteLength);
  new DataView(out.buffer).setUint32(0, bytes.byteLength, true);
  out.set(body, 4);
  return out;
}

/** The bytes `deflated` made; anything else throws SnapshotError. */
export function inflated(bytes: Uint8Array, section: string): Buffer {
  if (bytes.byteLength < 4) throw new SnapshotError(`section "${section}" is truncated`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  // Deflate shrinks 1032:1 at most: a longer length is damage, not a buffer to allocate.
  if (length > (bytes.byteLength - 4) * 1032 + 64) throw new SnapshotError(`section "${section}" has a bad length`);
  let out: Buffer;
  try {
    // One byte more than the length, so that zlib sees the end of the stream within its first chunk.
    out = inflateRawSync(bytes.subarray(4), { chunkSize: Math.max(64, length + 1), maxOutputLength: Math.max(1, length) });
  } catch {
    throw new SnapshotError(`section "${section}" does not inflate`);
  }
  if (out.byteLength !== length) throw new SnapshotError(`section "${section}" inflates to the wrong length`);
  return out;
}
/** A JSON value as a deflated section. */
export function deflatedJson(value: unknown): Uint8Array {
  return deflated(Buffer.from(JSON.stringify(value), 'utf8'));
}

/** The value of a `deflatedJson` section; bytes that do not inflate or parse throw SnapshotError. */
export function inflatedJson<T>(bytes: Uint8Array, section: string): T {
  const text = inflated(bytes, section).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SnapshotError(`section "${section}" is not JSON`);
  }
}
