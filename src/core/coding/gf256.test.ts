import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GF_EXP, GF_LOG, gfDiv, gfInv, gfMul, gfPow } from './gf256.ts';

const byte = fc.integer({ min: 0, max: 255 });
const nonZero = fc.integer({ min: 1, max: 255 });

/** Carry-less multiply reduced by 0x11d, bit by bit: an independent reference. */
function slowMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) product ^= a << i;
  for (let bit = 14; bit >= 8; bit--) if (product & (1 << bit)) product ^= 0x11d << (bit - 8);
  return product;
}

describe('GF(2^8) over 0x11d', () => {
  it('has 2 as a generator of all 255 non-zero elements', () => {
    expect(new Set(GF_EXP.subarray(0, 255)).size).toBe(255);
    expect(GF_EXP[8]).toBe(0x1d); // x^8 = x^4 + x^3 + x^2 + 1
    for (let a = 1; a < 256; a++) expect(GF_EXP[GF_LOG[a]!]).toBe(a);
  });

  it('matches bitwise carry-less multiplication on every pair', () => {
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) expect(gfMul(a, b)).toBe(slowMul(a, b));
  });

  it('satisfies the field axioms', () => {
    fc.assert(
      fc.property(byte, byte, byte, (a, b, c) => {
        expect(gfMul(a, b)).toBe(gfMul(b, a));
        expect(gfMul(gfMul(a, b), c)).toBe(gfMul(a, gfMul(b, c)));
        expect(gfMul(a, b ^ c)).toBe(gfMul(a, b) ^ gfMul(a, c));
        expect(gfMul(a, 1)).toBe(a);
        expect(gfMul(a, 0)).toBe(0);
      }),
    );
  });

  it('inverts and divides', () => {
    fc.assert(
      fc.property(byte, nonZero, (a, b) => {
        expect(gfMul(b, gfInv(b))).toBe(1);
        expect(gfMul(gfDiv(a, b), b)).toBe(a);
      }),
    );
    expect(() => gfInv(0)).toThrow(RangeError);
  });

  it('raises to powers with 0^0 = 1', () => {
    expect(gfPow(0, 0)).toBe(1);
    expect(gfPow(0, 3)).toBe(0);
    fc.assert(
      fc.property(byte, fc.integer({ min: 0, max: 20 }), (a, n) => {
        let expected = 1;
        for (let i = 0; i < n; i++) expected = gfMul(expected, a);
        expect(gfPow(a, n)).toBe(expected);
      }),
    );
  });
});
