import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SnapshotError } from './container.ts';

/**
 * One section's bytes deflated (raw deflate, level 1: the build pays tens of ms, not seconds), for sections that
 * shrink by half or more and inflate fast: JSON (repeated keys and words) and packed integers with many repeats
 * (term frequencies, mostly 1; sentence term ids, the common words again and again). The corpus's text stays
 * raw: it would inflate for half a second at every start.
 */
export function deflated(bytes: Uint8Array): Uint8Array {
  return deflateRawSync(bytes, { level: 1 });
}

/** The bytes `deflated` made; anything else throws SnapshotError. */
export function inflated(bytes: Uint8Array, section: string): Buffer {
  try {
    return inflateRawSync(bytes);
  } catch {
    throw new SnapshotError(`section "${section}" does not inflate`);
  }
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
