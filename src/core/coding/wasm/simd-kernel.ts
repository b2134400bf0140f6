// Runs the emitted SIMD kernel: lays shards out in WebAssembly memory, calls mulR per group
// of up to rowsPerPass output rows, and copies results out. The core has no DOM typings, so the
// few WebAssembly calls we need are typed locally and reached through globalThis.

import { GF_MUL_TABLE } from '../gf256.ts';
import type { MatrixKernel } from '../kernel.ts';
import { LruCache } from '../lru.ts';
import {
  bytesPerIteration,
  defaultShape,
  emitKernelModule,
  emitSimdProbe,
  type KernelShape,
} from './kernel-module.ts';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
type MulFn = (
  tables: number,
  input: number,
  inStride: number,
  output: number,
  outStride: number,
  k: number,
  len: number,
) => void;

const PAGE = 65536;
/** Output rows are padded to this, a multiple of every kernel shape's bytes per iteration. */
const ROW_ALIGN = 64;

function wasmApi(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}

/** True where WebAssembly with fixed-width SIMD (v128, i8x16.swizzle) is available. */
export function simdSupported(): boolean {
  try {
    return wasmApi()?.validate(emitSimdProbe(false)) === true;
  } catch {
    return false;
  }
}

export function relaxedSimdSupported(): boolean {
  try {
    return wasmApi()?.validate(emitSimdProbe(true)) === true;
  } catch {
    return false;
  }
}

export async function createSimdKernel(shape?: Partial<KernelShape>): Promise<MatrixKernel> {
  const api = wasmApi();
  if (!api) throw new Error('WebAssembly is not available');
  const relaxed = shape?.relaxed ?? relaxedSimdSupported();
  const full: KernelShape = { ...defaultShape(relaxed), ...shape };
  const memory = new api.Memory({ initial: 1 });
  const { instance } = await api.instantiate(emitKernelModule(full), { env: { memory } });
  const muls = Array.from({ length: full.rows }, (_, i) => instance.exports[`mul${i + 1}`] as MulFn);
  if (ROW_ALIGN % bytesPerIteration(full) !== 0) throw new Error('kernel shape does not divide ROW_ALIGN');
  return new SimdKernel(memory, muls, full.rows);
}

class SimdKernel implements MatrixKernel {
  readonly kind = 'wasm-simd' as const;
  private heap: Uint8Array;
  private readonly tables = new LruCache<Uint8Array>(64);

  constructor(
    private readonly memory: WasmMemory,
    private readonly muls: MulFn[],
    private readonly rowsPerPass: number,
  ) {
    this.heap = new Uint8Array(memory.buffer);
  }

  apply(
    coeffs: Uint8Array,
    inputs: readonly Uint8Array[],
    outputs: readonly Uint8Array[],
    shardSize: number,
    cacheKey: string | null,
  ): void {
    const k = inputs.length;
    const rows = outputs.length;
    if (rows === 0) return;
    const tables =
      cacheKey === null
        ? buildNibbleTables(coeffs, rows, k, this.rowsPerPass)
        : this.tables.getOrCreate(cacheKey, () => buildNibbleTables(coeffs, rows, k, this.rowsPerPass));
    // Inputs sit back to back (stride shardSize); the kernel reads each for `padded` bytes,
    // spilling into the next one, which only touches output bytes past shardSize, dropped below.
    const padded = roundUp(shardSize, ROW_ALIGN);
    const inputAt = roundUp(tables.length, ROW_ALIGN);
    const inputEnd = inputAt + (k - 1) * shardSize + padded;
    const outputAt = roundUp(inputEnd, ROW_ALIGN);
    const heap = this.reserve(outputAt + rows * padded);

    heap.set(tables, 0);
    for (let j = 0; j < k; j++) {
      const src = inputs[j]!;
      const at = inputAt + j * shardSize;
      const n = Math.min(src.length, shardSize);
      heap.set(n === src.length ? src : src.subarray(0, n), at);
      if (n < shardSize) heap.fill(0, at + n, at + shardSize);
    }
    heap.fill(0, inputAt + k * shardSize, inputEnd);

    const tableBytesPerRow = k * 32;
    for (let first = 0; first < rows; first += this.rowsPerPass) {
      const count = Math.min(this.rowsPerPass, rows - first);
      this.muls[count - 1]!(
        first * tableBytesPerRow,
        inputAt,
        shardSize,
        outputAt + first * padded,
        padded,
        k,
        padded,
      );
    }
    outputs.forEach((out, r) => {
      const at = outputAt + r * padded;
      out.set(heap.subarray(at, at + Math.min(shardSize, out.length)));
    });
  }

  /** Grows memory to at least `bytes`; returns a view valid until the next growth. */
  private reserve(bytes: number): Uint8Array {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      this.memory.grow(Math.ceil((bytes - have) / PAGE));
    }
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Uint8Array(this.memory.buffer);
    return this.heap;
  }
}

/**
 * Per coefficient c, 16 products c·n (low nibble n) then 16 products c·(n << 4) (high nibble),
 * ordered as the kernel walks them: row groups (rowsPerPass each), then input j, then row in the group.
 */
export function buildNibbleTables(
  coeffs: Uint8Array,
  rows: number,
  k: number,
  rowsPerPass: number,
): Uint8Array {
  const out = new Uint8Array(rows * k * 32);
  let at = 0;
  for (let first = 0; first < rows; first += rowsPerPass) {
    const count = Math.min(rowsPerPass, rows - first);
    for (let j = 0; j < k; j++) {
      for (let r = first; r < first + count; r++) {
        const row = coeffs[r * k + j]! << 8;
        for (let n = 0; n < 16; n++) {
          out[at + n] = GF_MUL_TABLE[row | n]!;
          out[at + 16 + n] = GF_MUL_TABLE[row | (n << 4)]!;
        }
        at += 32;
      }
    }
  }
  return out;
}

function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}
