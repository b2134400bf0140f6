// Portable kernel: one 256-entry product table lookup per byte, no allocation per byte.
// Used where WebAssembly SIMD is missing, and as the reference the SIMD kernel must match.

import { GF_MUL_TABLE } from './gf256.ts';
import type { KernelArena, MatrixKernel } from './kernel.ts';

export function createTsKernel(): MatrixKernel {
  return { kind: 'ts', apply: applyTs, createArena: async (bytes) => createTsArena(bytes) };
}

function createTsArena(size: number): KernelArena {
  const bytes = new Uint8Array(size);
  const view = (s: number) => (at: number) => bytes.subarray(at, at + s);
  return {
    bytes,
    apply: (coeffs, inputAt, outputAt, s) => applyTs(coeffs, inputAt.map(view(s)), outputAt.map(view(s)), s),
  };
}

function applyTs(
  coeffs: Uint8Array,
  inputs: readonly Uint8Array[],
  outputs: readonly Uint8Array[],
  shardSize: number,
): void {
  const k = inputs.length;
  outputs.forEach((out, r) => {
    const width = Math.min(shardSize, out.length);
    out.fill(0, 0, width);
    for (let j = 0; j < k; j++) {
      const c = coeffs[r * k + j]!;
      const input = inputs[j]!;
      const n = Math.min(width, input.length);
      if (c === 0 || n === 0) continue;
      if (c === 1) {
        for (let x = 0; x < n; x++) out[x]! ^= input[x]!;
        continue;
      }
      // The row of the product table for c: products[b] = c·b.
      const products = GF_MUL_TABLE.subarray(c << 8, (c + 1) << 8);
      for (let x = 0; x < n; x++) out[x]! ^= products[input[x]!]!;
    }
  });
}
