// Per-segment shard bitmaps, as carried by `have`: bit i (shard i) is bit (i & 7) of byte (i >> 3),
// least significant bit first. A bitmap for n shards is exactly ceil(n / 8) bytes and its bits
// at positions >= n are zero (the codec rejects anything else).

import { ProtocolError } from './errors.ts';

/** Bytes needed for `bitCount` bits. */
export function bitmapByteLength(bitCount: number): number {
  return (bitCount + 7) >>> 3;
}

/** An all-clear bitmap of `bitCount` bits. */
export function createBitmap(bitCount: number): Uint8Array {
  return new Uint8Array(bitmapByteLength(bitCount));
}

function checkBit(bitmap: Uint8Array, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= bitmap.length * 8) {
    throw new ProtocolError('out-of-range', `bit ${index} is outside a ${bitmap.length}-byte bitmap`);
  }
}

export function getBit(bitmap: Uint8Array, index: number): boolean {
  checkBit(bitmap, index);
  return (bitmap[index >>> 3]! & (1 << (index & 7))) !== 0;
}

export function setBit(bitmap: Uint8Array, index: number): void {
  checkBit(bitmap, index);
  bitmap[index >>> 3]! |= 1 << (index & 7);
}

export function clearBit(bitmap: Uint8Array, index: number): void {
  checkBit(bitmap, index);
  bitmap[index >>> 3]! &= ~(1 << (index & 7));
}

/** Number of set bits. */
export function countBits(bitmap: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bitmap.length; i++) {
    let b = bitmap[i]!;
    while (b !== 0) {
      b &= b - 1; // clears the lowest set bit
      count++;
    }
  }
  return count;
}

/** Indices of the set bits, ascending. */
export function* setBits(bitmap: Uint8Array): Generator<number> {
  for (let i = 0; i < bitmap.length; i++) {
    const b = bitmap[i]!;
    if (b === 0) continue;
    for (let bit = 0; bit < 8; bit++) {
      if (b & (1 << bit)) yield i * 8 + bit;
    }
  }
}

/** A `bitCount`-bit bitmap with the given indices set. */
export function bitmapFromIndices(bitCount: number, indices: Iterable<number>): Uint8Array {
  const bitmap = createBitmap(bitCount);
  for (const index of indices) {
    if (index >= bitCount) {
      throw new ProtocolError('out-of-range', `bit ${index} is outside a ${bitCount}-bit bitmap`);
    }
    setBit(bitmap, index);
  }
  return bitmap;
}

/** True if any bit at position >= `bitCount` is set (the padding of the last byte, or beyond). */
export function hasBitsBeyond(bitmap: Uint8Array, bitCount: number): boolean {
  const full = bitCount >>> 3;
  const partial = bitCount & 7;
  for (let i = full; i < bitmap.length; i++) {
    const allowed = i === full ? (1 << partial) - 1 : 0;
    if ((bitmap[i]! & ~allowed) !== 0) return true;
  }
  return false;
}
