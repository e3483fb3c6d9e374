import { SnapshotError } from './container.ts';

/**
 * Integer arrays packed for the snapshot: each value zigzag-mapped (so that a negative one, such as a sentence's
 * `~id` entry or a falling delta, stays short) and written as a variable-byte (LEB128) number, 7 bits a byte.
 * Most of the index's integers are small (term frequencies, lengths, gaps between passages of a term's postings),
 * so a 4-byte Int32 entry shrinks to 1 or 2 bytes. `deltaRuns` stores each value as its difference from the one
 * before it within runs (a term's postings, passages ascending): the gaps are what is small.
 *
 * Layout: the value count (u32 LE), then the varints. Decoding is one pass over the bytes, into a typed array of
 * the caller's type: the index in memory is the same as before it was written.
 */
export interface PackOptions {
  /** Store differences from the previous value, restarting at 0 at every run start (ascending offsets, e.g. CSR starts). */
  readonly deltaRuns?: ArrayLike<number>;
  /** Store differences from the previous value across the whole array (an ascending array). */
  readonly delta?: boolean;
}

const zigzag = (value: number) => ((value << 1) ^ (value >> 31)) >>> 0;
const unzigzag = (z: number) => (z >>> 1) ^ -(z & 1);

/** The run boundaries as a walk: for each position, whether the delta restarts there (a run begins). */
function restartsOf(count: number, options: PackOptions): Uint8Array | undefined {
  if (!options.deltaRuns) return undefined;
  const restarts = new Uint8Array(count + 1);
  for (let r = 0; r < options.deltaRuns.length; r++) {
    const at = options.deltaRuns[r]!;
    if (at < 0 || at > count) throw new SnapshotError('run start out of bounds');
    restarts[at] = 1;
  }
  return restarts;
}

/** Packs 32-bit integers (an Int32Array's or a Uint16Array's values; see the layout above). */
export function packInts(values: Int32Array | Uint16Array, options: PackOptions = {}): Uint8Array {
  const count = values.length;
  const restarts = restartsOf(count, options);
  const deltas = options.delta || !!restarts;
  // At most 5 bytes a value; trimmed to its length at the end.
  const out = new Uint8Array(4 + count * 5);
  new DataView(out.buffer).setUint32(0, count, true);
  let at = 4;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    if (restarts && restarts[i]) previous = 0;
    const value = values[i]!;
    let z = zigzag(deltas ? (value - previous) | 0 : value);
    previous = value;
    while (z >= 0x80) {
      out[at++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    out[at++] = z;
  }
  return out.slice(0, at);
}

/** `unpackInts`'s `make` for its two kinds of array. */
export const int32s = (count: number): Int32Array => new Int32Array(count);
export const uint16s = (count: number): Uint16Array => new Uint16Array(count);

/** Unpacks `packInts`'s bytes (with the same options) into an array made by `make`; malformed bytes throw SnapshotError. */
export function unpackInts<T extends Int32Array | Uint16Array>(bytes: Uint8Array, make: (count: number) => T, options: PackOptions = {}): T {
  if (bytes.length < 4) throw new SnapshotError('truncated packed integers');
  const count = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  // Every value takes at least one byte: a count beyond them is damage, not a reason to allocate.
  if (count > bytes.length - 4) throw new SnapshotError('bad packed integer count');
  const values = make(count);
  const restarts = restartsOf(count, options);
  const deltas = options.delta || !!restarts;
  const end = bytes.length;
  let at = 4;
  let previous = 0;
  // Plain loops over bytes: this runs at every start, before the JIT has warmed up.
  for (let i = 0; i < count; i++) {
    let z = 0;
    let shift = 0;
    let byte: number;
    do {
      if (at >= end || shift > 28) throw new SnapshotError('truncated packed integers');
      byte = bytes[at++]!;
      z |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    let value = unzigzag(z);
    if (restarts && restarts[i]) previous = 0;
    if (deltas) value = (value + previous) | 0;
    values[i] = value;
    previous = value;
  }
  if (at !== end) throw new SnapshotError('trailing bytes after packed integers');
  return values;
}
