// Matrices over GF(2^8), row-major in a Uint8Array, and the systematic Vandermonde generator.
//
// Generator: V is the (k+m)×k Vandermonde matrix V[r][c] = r^c over the distinct points
// r = 0..k+m-1, so any k of its rows form a square Vandermonde matrix, which is invertible.
// G = V · (top k rows of V)^-1 keeps that property (right-multiplying by an invertible
// matrix) and makes the top k rows the identity: the code is systematic and MDS.
// This is the Backblaze / reed-solomon-erasure construction, so our parity is byte-identical
// to theirs, which the tests use as an independent reference.

import { gfInv, gfMul, gfPow } from './gf256.ts';

export function identity(n: number): Uint8Array {
  const out = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

export function multiply(
  a: Uint8Array,
  b: Uint8Array,
  rows: number,
  inner: number,
  cols: number,
): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let acc = 0;
      for (let i = 0; i < inner; i++) acc ^= gfMul(a[r * inner + i]!, b[i * cols + c]!);
      out[r * cols + c] = acc;
    }
  }
  return out;
}

/** Inverse of an n×n matrix by Gauss-Jordan elimination; null if singular. */
export function invert(matrix: Uint8Array, n: number): Uint8Array | null {
  const work = matrix.slice();
  const inv = identity(n);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    while (pivot < n && work[pivot * n + col] === 0) pivot++;
    if (pivot === n) return null;
    if (pivot !== col) {
      swapRows(work, n, pivot, col);
      swapRows(inv, n, pivot, col);
    }
    const scale = gfInv(work[col * n + col]!);
    scaleRow(work, n, col, scale);
    scaleRow(inv, n, col, scale);
    for (let r = 0; r < n; r++) {
      const factor = r === col ? 0 : work[r * n + col]!;
      if (factor === 0) continue;
      addScaledRow(work, n, col, r, factor);
      addScaledRow(inv, n, col, r, factor);
    }
  }
  return inv;
}

function swapRows(m: Uint8Array, n: number, a: number, b: number): void {
  for (let c = 0; c < n; c++) {
    const t = m[a * n + c]!;
    m[a * n + c] = m[b * n + c]!;
    m[b * n + c] = t;
  }
}

function scaleRow(m: Uint8Array, n: number, row: number, factor: number): void {
  for (let c = 0; c < n; c++) m[row * n + c] = gfMul(m[row * n + c]!, factor);
}

/** row `to` ^= factor · row `from` */
function addScaledRow(m: Uint8Array, n: number, from: number, to: number, factor: number): void {
  for (let c = 0; c < n; c++) m[to * n + c]! ^= gfMul(m[from * n + c]!, factor);
}

export function vandermonde(rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = gfPow(r, c);
  return out;
}

/** The full (k+m)×k systematic generator: identity on top, parity rows below. */
export function systematicGenerator(k: number, m: number): Uint8Array {
  const v = vandermonde(k + m, k);
  const topInverse = invert(v.subarray(0, k * k), k);
  // Unreachable for k+m <= 256: a square Vandermonde matrix on distinct points is invertible.
  if (topInverse === null) throw new Error(`Vandermonde top block singular for k=${k}`);
  return multiply(v, topInverse, k + m, k, k);
}

/** Picks the given rows (each `cols` wide) into a new matrix. */
export function selectRows(matrix: Uint8Array, cols: number, rows: readonly number[]): Uint8Array {
  const out = new Uint8Array(rows.length * cols);
  rows.forEach((r, i) => {
    out.set(matrix.subarray(r * cols, (r + 1) * cols), i * cols);
  });
  return out;
}
