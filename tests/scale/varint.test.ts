import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/core/snapshot/container.ts';
import { deflated, deflatedJson, inflated, inflatedJson } from '../../src/core/snapshot/deflated.ts';
import { int32s, packInts, uint16s, unpackInts } from '../../src/core/snapshot/varint.ts';

/** The snapshot's packed integers (varint.ts) give back exactly the arrays they were made from, and reject damage. */

const anyInt32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe('packInts / unpackInts', () => {
  it('round-trips any Int32 values, plain and as gaps', () => {
    fc.assert(
      fc.property(fc.array(anyInt32, { maxLength: 300 }), fc.boolean(), (values, delta) => {
        const array = Int32Array.from(values);
        expect([...unpackInts(packInts(array, { delta }), int32s, { delta })]).toEqual(values);
      }),
    );
  });

  it('round-trips Uint16 values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 65_535 }), { maxLength: 300 }), (values) => {
        expect([...unpackInts(packInts(Uint16Array.from(values)), uint16s)]).toEqual(values);
      }),
    );
  });

  it('round-trips postings as gaps within runs (CSR), empty runs included', () => {
    // Runs of ascending non-negative values, as a term's passages in its postings.
    const runs = fc.array(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 20 }).map((run) => run.sort((a, b) => a - b)), { maxLength: 30 });
    fc.assert(
      fc.property(runs, (lists) => {
        const starts = [0];
        for (const list of lists) starts.push(starts.at(-1)! + list.length);
        const values = Int32Array.from(lists.flat());
        const options = { deltaRuns: Int32Array.from(starts.slice(0, -1)) };
        expect([...unpackInts(packInts(values, options), int32s, options)]).toEqual(lists.flat());
      }),
    );
  });

  it('stores small values in a byte each, and gaps of ascending values as small values', () => {
    expect(packInts(Int32Array.from([0, 1, 2, 63, -1, -64])).length).toBe(4 + 6);
    expect(packInts(Int32Array.from([64, -65])).length).toBe(4 + 4);
    const ascending = Int32Array.from({ length: 1000 }, (_, i) => 1_000_000 + i * 3);
    expect(packInts(ascending, { delta: true }).length).toBe(4 + 3 + 999);
  });

  it('rejects truncated, overlong and trailing bytes', () => {
    const packed = packInts(Int32Array.from([5, 300, -70_000]));
    expect(() => unpackInts(packed.subarray(0, packed.length - 1), int32s)).toThrow(SnapshotError);
    expect(() => unpackInts(Uint8Array.from([...packed, 7]), int32s)).toThrow(SnapshotError);
    expect(() => unpackInts(packed.subarray(0, 3), int32s)).toThrow(SnapshotError);
    // A count larger than the bytes could hold.
    expect(() => unpackInts(Uint8Array.from([255, 255, 255, 127, 1]), int32s)).toThrow(SnapshotError);
    // A varint running past 5 bytes.
    expect(() => unpackInts(Uint8Array.from([1, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), int32s)).toThrow(SnapshotError);
  });
});

describe('deflatedJson / inflatedJson', () => {
  it('round-trips JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(inflatedJson(deflatedJson(value), 'x')).toEqual(JSON.parse(JSON.stringify(value)));
    }));
  });

  it('round-trips any bytes, empty included', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      expect([...inflated(deflated(bytes), 'x')]).toEqual([...bytes]);
    }));
  });

  it('rejects bytes that are not deflated JSON, and a wrong or impossible inflated length', () => {
    expect(() => inflatedJson(Uint8Array.from([1, 2, 3, 4]), 'documents')).toThrow(SnapshotError);
    expect(() => inflated(Uint8Array.from([1, 2]), 'documents')).toThrow(SnapshotError);
    const packed = deflated(new TextEncoder().encode('policy '.repeat(100)));
    for (const length of [699, 701, 0xffffffff]) {
      const wrong = packed.slice();
      new DataView(wrong.buffer).setUint32(0, length, true);
      expect(() => inflated(wrong, 'documents')).toThrow(SnapshotError);
    }
  });
});
