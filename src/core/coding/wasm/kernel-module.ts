// Emits the GF(2^8) matrix-multiply kernel as WebAssembly SIMD.
//
// Multiplying a byte x by a constant c splits into nibbles: c·x = c·(x & 15) ^ c·(x >> 4 << 4),
// so two 16-entry tables per coefficient (low and high nibble products) and two
// i8x16.swizzle lookups multiply 16 bytes at once. Two families of functions; here mulR, one per
// row count R, computes R output rows in a pass, keeping R×V accumulators in locals so each input
// vector is loaded and split once for all R rows; V vectors (16 bytes each) per iteration.
//
// Signature of mulR: (tables, inputs, outputs, k, start, end) -> ()
//   inputs     = address of k i32 pointers; input j is read at pointer j + pos
//   outputs    = address of R i32 pointers; output r is written at pointer r + pos
//   pos        = start, start + 16·V, ... while pos < end (end - start a multiple of 16·V)
//   tables     = for j in 0..k, for r in 0..R: 16 low-nibble products then 16 high-nibble products
// Pointer tables let shards sit anywhere (in place, in a caller's arena), and since each output
// byte depends only on the input bytes at the same position, a last pass that overlaps the one
// before it (start = size - 16·V) rewrites the same bytes: no padding needed for ragged sizes.

import { emitBlock } from './block-kernel.ts';
import { Body, emitModule, type FunctionDef, I32, Op, Simd, V128 } from './emitter.ts';

const NIBBLE_MASK: number[] = new Array(16).fill(0x0f);

export interface KernelShape {
  /** 16-byte vectors per row per inner iteration (mulR family). */
  vectors: number;
  /** Most output rows per pass over the inputs (functions mul1..mulN are emitted). */
  rows: number;
  /** Use i8x16.relaxed_swizzle (same result for indices < 16, no out-of-range fix-up). */
  relaxed: boolean;
  /**
   * Calls with at least `from` inputs use the blocked family block1..blockN (block-kernel.ts):
   * `vectors` 16-byte vectors per block, up to `rows` rows per pass. Null: mulR for every call.
   */
  block: { from: number; vectors: number; rows: number } | null;
}

/** The functions of one family: R rows per pass for R = 1..rows, V vectors per iteration. */
export interface Family {
  prefix: 'mul' | 'block';
  vectors: number;
  rows: number;
}

/**
 * Measured in V8 (x64, BENCHMARKS.md "Coding", interleaved runs): the blocked family with 256-byte
 * blocks and four rows per pass beats accumulators in locals for every k we use (8+4: +10-25 %,
 * 16+8: +15-30 %, 32+16: +10-15 %), with plain and relaxed swizzle alike. mulR stays for tests
 * and comparison: 64 bytes per iteration, eight rows with relaxed swizzle, four with plain.
 */
export function defaultShape(relaxed: boolean): KernelShape {
  return { vectors: 4, rows: relaxed ? 8 : 4, relaxed, block: { from: 1, vectors: 16, rows: 4 } };
}

export function families(shape: KernelShape): Family[] {
  const out: Family[] = [{ prefix: 'mul', vectors: shape.vectors, rows: shape.rows }];
  if (shape.block) out.push({ prefix: 'block', vectors: shape.block.vectors, rows: shape.block.rows });
  return out;
}

/** The family that runs a call with `k` inputs. */
export function familyFor(shape: KernelShape, k: number): Family {
  const [mul, block] = families(shape);
  return block && shape.block && k >= shape.block.from ? block : mul!;
}

export function bytesPerIteration(family: Family): number {
  return 16 * family.vectors;
}

export function emitKernelModule(shape: KernelShape): Uint8Array {
  const functions: FunctionDef[] = [];
  for (const family of families(shape)) {
    for (let rows = 1; rows <= family.rows; rows++) {
      functions.push(
        family.prefix === 'block'
          ? emitBlock(family.prefix, family.vectors, rows, shape.relaxed)
          : emitMul(family, rows, shape.relaxed),
      );
    }
  }
  return emitModule(functions);
}

function emitMul({ prefix, vectors }: Family, rows: number, relaxed: boolean): FunctionDef {
  const [tables, inputs, outputs, k, start, end] = [0, 1, 2, 3, 4, 5];
  const locals: number[] = [];
  let next = 6;
  const local = (type: number) => {
    locals.push(type);
    return next++;
  };
  const pos = local(I32);
  const j = local(I32);
  const inp = local(I32);
  const tp = local(I32);
  const pp = local(I32);
  const outp = local(I32);
  const x = local(V128);
  const tl = local(V128);
  const th = local(V128);
  const lo = Array.from({ length: vectors }, () => local(V128));
  const hi = Array.from({ length: vectors }, () => local(V128));
  const acc = Array.from({ length: rows }, () => Array.from({ length: vectors }, () => local(V128)));
  const swizzle = relaxed ? Simd.relaxedSwizzle : Simd.swizzle;
  const step = 16 * vectors;

  const b = new Body();
  b.get(start).set(pos);
  b.loop(); // over byte positions
  for (const row of acc) for (const a of row) b.v128(new Array(16).fill(0)).set(a);
  b.get(inputs).set(pp);
  b.get(tables).set(tp);
  b.get(k).set(j);
  b.loop(); // over inputs
  b.get(pp).loadI32(0).get(pos).op(Op.i32Add).set(inp);
  for (let h = 0; h < vectors; h++) {
    b.get(inp)
      .load(16 * h)
      .tee(x);
    b.v128(NIBBLE_MASK).simd(Simd.and).set(lo[h]!);
    b.get(x).i32(4).simd(Simd.shrU16).v128(NIBBLE_MASK).simd(Simd.and).set(hi[h]!);
  }
  for (let r = 0; r < rows; r++) {
    b.get(tp)
      .load(32 * r)
      .set(tl);
    b.get(tp)
      .load(32 * r + 16)
      .set(th);
    for (let h = 0; h < vectors; h++) {
      const a = acc[r]![h]!;
      b.get(a).get(tl).get(lo[h]!).simd(swizzle).simd(Simd.xor);
      b.get(th).get(hi[h]!).simd(swizzle).simd(Simd.xor).set(a);
    }
  }
  b.get(pp).i32(4).op(Op.i32Add).set(pp);
  b.get(tp)
    .i32(32 * rows)
    .op(Op.i32Add)
    .set(tp);
  b.get(j).i32(1).op(Op.i32Sub).tee(j).brIf(0);
  b.end();
  for (let r = 0; r < rows; r++) {
    b.get(outputs)
      .loadI32(4 * r)
      .get(pos)
      .op(Op.i32Add)
      .set(outp);
    for (let h = 0; h < vectors; h++)
      b.get(outp)
        .get(acc[r]![h]!)
        .store(16 * h);
  }
  b.get(pos).i32(step).op(Op.i32Add).tee(pos).get(end).op(Op.i32LtU).brIf(0);
  b.end();

  return {
    exportName: `${prefix}${rows}`,
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals,
    body: b,
  };
}

/** The smallest module using v128 and i8x16.swizzle: validates only where SIMD is supported. */
export function emitSimdProbe(relaxed = false): Uint8Array {
  const b = new Body();
  b.v128(new Array(16).fill(1)).v128(new Array(16).fill(2));
  b.simd(relaxed ? Simd.relaxedSwizzle : Simd.swizzle).op(Op.drop);
  return emitModule([{ exportName: 'probe', params: [], results: [], locals: [], body: b }]);
}
