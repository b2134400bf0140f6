import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitmapByteLength,
  bitmapFromIndices,
  clearBit,
  countBits,
  createBitmap,
  getBit,
  hasBitsBeyond,
  setBit,
  setBits,
} from './bitmap.ts';
import { ProtocolError } from './errors.ts';

describe('bitmap', () => {
  it('sizes bitmaps to whole bytes', () => {
    expect([0, 1, 8, 9, 255].map(bitmapByteLength)).toEqual([0, 1, 1, 2, 32]);
    expect(createBitmap(10)).toEqual(new Uint8Array(2));
  });

  it('numbers bits least significant first', () => {
    const bitmap = createBitmap(16);
    setBit(bitmap, 0);
    setBit(bitmap, 9);
    expect([...bitmap]).toEqual([0b1, 0b10]);
    expect(getBit(bitmap, 9)).toBe(true);
    clearBit(bitmap, 9);
    expect(getBit(bitmap, 9)).toBe(false);
  });

  it('rejects bits outside the bitmap with a typed error', () => {
    const bitmap = createBitmap(8);
    expect(() => setBit(bitmap, 8)).toThrow(ProtocolError);
    expect(() => getBit(bitmap, -1)).toThrow(ProtocolError);
    expect(() => bitmapFromIndices(10, [10])).toThrow(ProtocolError);
  });

  it('detects padding bits at or beyond the bit count', () => {
    expect(hasBitsBeyond(Uint8Array.of(0xff, 0x03), 10)).toBe(false);
    expect(hasBitsBeyond(Uint8Array.of(0xff, 0x04), 10)).toBe(true);
    expect(hasBitsBeyond(Uint8Array.of(0xff, 0x00, 0x01), 10)).toBe(true);
    expect(hasBitsBeyond(Uint8Array.of(0xff), 8)).toBe(false);
  });

  it('set, get, count and iterate agree with a plain set of indices', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 255 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n })),
          ),
        ([n, indices]) => {
          const bitmap = bitmapFromIndices(n, indices);
          const sorted = [...indices].sort((a, b) => a - b);
          expect([...setBits(bitmap)]).toEqual(sorted);
          expect(countBits(bitmap)).toBe(indices.length);
          expect(hasBitsBeyond(bitmap, n)).toBe(false);
          for (let i = 0; i < n; i++) expect(getBit(bitmap, i)).toBe(indices.includes(i));
        },
      ),
      { numRuns: 300 },
    );
  });
});
