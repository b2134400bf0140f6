// GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and generator 2, the field
// used by most Reed-Solomon erasure codes (Backblaze, reed-solomon-erasure, ISA-L).

export const GF_POLY = 0x11d;

/** EXP[i] = 2^i; doubled in length so EXP[LOG[a] + LOG[b]] needs no modulo. */
export const GF_EXP: Uint8Array = new Uint8Array(512);
/** LOG[a] for a != 0; LOG[0] is unused. */
export const GF_LOG: Uint8Array = new Uint8Array(256);

{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    GF_EXP[i] = x;
    GF_LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= GF_POLY;
  }
  for (let i = 255; i < 512; i++) GF_EXP[i] = GF_EXP[i - 255]!;
}

/** MUL_TABLE[a * 256 + b] = a·b: one lookup per byte in the portable kernel. */
export const GF_MUL_TABLE: Uint8Array = new Uint8Array(65536);

for (let a = 1; a < 256; a++) {
  const la = GF_LOG[a]!;
  for (let b = 1; b < 256; b++) GF_MUL_TABLE[(a << 8) | b] = GF_EXP[la + GF_LOG[b]!]!;
}

export function gfMul(a: number, b: number): number {
  return GF_MUL_TABLE[((a & 0xff) << 8) | (b & 0xff)]!;
}

export function gfInv(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse in GF(2^8)');
  return GF_EXP[255 - GF_LOG[a]!]!;
}

export function gfDiv(a: number, b: number): number {
  return gfMul(a, gfInv(b));
}

/** a^n with 0^0 = 1, as the Vandermonde construction needs. */
export function gfPow(a: number, n: number): number {
  if (n === 0) return 1;
  if (a === 0) return 0;
  return GF_EXP[(GF_LOG[a]! * n) % 255]!;
}
