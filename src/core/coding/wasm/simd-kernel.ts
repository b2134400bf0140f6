// Runs the emitted SIMD kernel: calls mulR (or narrowR) per group of up to R output rows, either
// on copies laid out in WebAssembly memory (apply) or in place in an arena, a fixed-size memory
// of its own whose views callers fill and read directly. The core has no DOM typings, so the
// few WebAssembly calls we need are typed locally and reached through globalThis.

import { GF_MUL_TABLE } from '../gf256.ts';
import type { KernelArena, MatrixKernel } from '../kernel.ts';
import { LruCache } from '../lru.ts';
import {
  bytesPerIteration,
  defaultShape,
  emitKernelModule,
  emitSimdProbe,
  type Family,
  families,
  familyFor,
  type KernelShape,
} from './kernel-module.ts';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Promise<WasmInstance>;
}
type MulFn = (tables: number, inputs: number, outputs: number, k: number, start: number, end: number) => void;

const PAGE = 65536;
/** Regions in WASM memory start on this boundary (a cache line). */
const ALIGN = 64;

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
  if (full.vectors < 1 || full.rows < 1) throw new Error('a kernel shape needs vectors and rows >= 1');
  const module = await api.compile(emitKernelModule(full));
  const kernel = new SimdKernel(api, module, full, await Runner.create(api, module, 1));
  return kernel;
}

/** One instance of the module over its own memory, and the calls that drive it. */
class Runner {
  heap: Uint8Array;
  private words: DataView;

  private constructor(
    readonly memory: WasmMemory,
    private readonly exports: Record<string, unknown>,
  ) {
    this.heap = new Uint8Array(memory.buffer);
    this.words = new DataView(memory.buffer);
  }

  static async create(api: WasmApi, module: WasmModule, pages: number, fixed = false) {
    const memory = new api.Memory(fixed ? { initial: pages, maximum: pages } : { initial: pages });
    const instance = await api.instantiate(module, { env: { memory } });
    return new Runner(memory, instance.exports);
  }

  /** Grows memory to at least `bytes`; `heap` stays valid until the next growth. */
  reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.heap.buffer !== this.memory.buffer) {
      this.heap = new Uint8Array(this.memory.buffer);
      this.words = new DataView(this.memory.buffer);
    }
  }

  writePointers(at: number, pointers: readonly number[]): void {
    for (let i = 0; i < pointers.length; i++) this.words.setUint32(at + 4 * i, pointers[i]!, true);
  }

  /** All output rows over [start, end), in passes of up to family.rows rows. */
  run(
    family: Family,
    tablesAt: number,
    inputsAt: number,
    outputsAt: number,
    k: number,
    rows: number,
    start: number,
    end: number,
  ) {
    for (let first = 0; first < rows; first += family.rows) {
      const count = Math.min(family.rows, rows - first);
      const mul = this.exports[`${family.prefix}${count}`] as MulFn;
      mul(tablesAt + first * k * 32, inputsAt, outputsAt + 4 * first, k, start, end);
    }
  }
}

class SimdKernel implements MatrixKernel {
  readonly kind = 'wasm-simd' as const;
  private readonly tables = new LruCache<Uint8Array>(64);
  /** Inputs are padded to this in the copying path: a multiple of every family's step. */
  private readonly padding: number;

  constructor(
    private readonly api: WasmApi,
    private readonly module: WasmModule,
    private readonly shape: KernelShape,
    private readonly runner: Runner,
  ) {
    this.padding = Math.max(...families(shape).map(bytesPerIteration));
  }

  familyFor(k: number): Family {
    return familyFor(this.shape, k);
  }

  tablesFor(coeffs: Uint8Array, rows: number, k: number, cacheKey: string | null): Uint8Array {
    const build = () => buildNibbleTables(coeffs, rows, k, this.familyFor(k).rows);
    return cacheKey === null ? build() : this.tables.getOrCreate(cacheKey, build);
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
    const tables = this.tablesFor(coeffs, rows, k, cacheKey);
    // Layout: pointers, tables, inputs back to back (stride shardSize), outputs (stride padded).
    // The kernel reads each input for `padded` bytes, spilling into the next one, which only
    // touches output bytes past shardSize, dropped below.
    const padded = roundUp(shardSize, this.padding);
    const tablesAt = roundUp(4 * (k + rows), ALIGN);
    const inputAt = roundUp(tablesAt + tables.length, ALIGN);
    const inputEnd = inputAt + (k - 1) * shardSize + padded;
    const outputAt = roundUp(inputEnd, ALIGN);
    const runner = this.runner;
    runner.reserve(outputAt + rows * padded);
    const heap = runner.heap;

    heap.set(tables, tablesAt);
    for (let j = 0; j < k; j++) {
      const src = inputs[j]!;
      const at = inputAt + j * shardSize;
      const n = Math.min(src.length, shardSize);
      heap.set(n === src.length ? src : src.subarray(0, n), at);
      if (n < shardSize) heap.fill(0, at + n, at + shardSize);
    }
    heap.fill(0, inputAt + k * shardSize, inputEnd);
    runner.writePointers(0, [
      ...inputs.map((_, j) => inputAt + j * shardSize),
      ...outputs.map((_, r) => outputAt + r * padded),
    ]);
    runner.run(this.familyFor(k), tablesAt, 0, 4 * k, k, rows, 0, padded);
    outputs.forEach((out, r) => {
      const at = outputAt + r * padded;
      out.set(heap.subarray(at, at + Math.min(shardSize, out.length)));
    });
  }

  async createArena(bytes: number, maxInputs: number, maxOutputs: number): Promise<KernelArena> {
    const tablesAt = roundUp(4 * (maxInputs + maxOutputs), ALIGN);
    const dataAt = roundUp(tablesAt + maxInputs * maxOutputs * 32, ALIGN);
    const pages = Math.max(1, Math.ceil((dataAt + bytes) / PAGE));
    const runner = await Runner.create(this.api, this.module, pages, true);
    return new SimdArena(this, runner, tablesAt, dataAt, bytes);
  }
}

/** Shards live in the module's own memory, so the kernel reads and writes them where they are. */
class SimdArena implements KernelArena {
  readonly bytes: Uint8Array;
  private loadedTables: Uint8Array | null = null;

  constructor(
    private readonly kernel: SimdKernel,
    private readonly runner: Runner,
    private readonly tablesAt: number,
    private readonly dataAt: number,
    size: number,
  ) {
    this.bytes = runner.heap.subarray(dataAt, dataAt + size);
  }

  apply(
    coeffs: Uint8Array,
    inputAt: readonly number[],
    outputAt: readonly number[],
    shardSize: number,
    cacheKey: string | null,
  ): void {
    const k = inputAt.length;
    const rows = outputAt.length;
    if (rows === 0) return;
    const family = this.kernel.familyFor(k);
    const step = bytesPerIteration(family);
    if (shardSize < step) {
      // Too short for one kernel pass: the copying path pads it.
      const view = (at: number) => this.bytes.subarray(at, at + shardSize);
      this.kernel.apply(coeffs, inputAt.map(view), outputAt.map(view), shardSize, cacheKey);
      return;
    }
    const tables = this.kernel.tablesFor(coeffs, rows, k, cacheKey);
    if (tables !== this.loadedTables) {
      this.runner.heap.set(tables, this.tablesAt);
      this.loadedTables = cacheKey === null ? null : tables;
    }
    const at = (offset: number) => this.dataAt + offset;
    this.runner.writePointers(0, [...inputAt.map(at), ...outputAt.map(at)]);
    const whole = shardSize - (shardSize % step);
    this.runner.run(family, this.tablesAt, 0, 4 * k, k, rows, 0, whole);
    // The ragged end: one pass overlapping the last whole one rewrites identical bytes.
    if (whole < shardSize) {
      this.runner.run(family, this.tablesAt, 0, 4 * k, k, rows, shardSize - step, shardSize);
    }
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
