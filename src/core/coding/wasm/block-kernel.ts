// The blocked family of the GF(2^8) kernel: accumulates in the output rows themselves.
//
// Per block of 16·V bytes and per input j, the R rows' nibble tables sit in locals (registers)
// while all V vectors of that input's block are multiplied: out ^= lookups, written back at once.
// The first input stores instead of XORing, so outputs need no clearing. With many inputs this
// beats keeping accumulators in locals: no register spills, tables loaded once per block, and each
// input's block read whole (shards a power of two apart alias in the caches, so reading many of
// them 16 bytes at a time refetches lines). Same signature and table layout as mulR.

import { Body, type FunctionDef, I32, Op, Simd, V128 } from './emitter.ts';

const NIBBLE_MASK: number[] = new Array(16).fill(0x0f);

export function emitBlock(prefix: string, vectors: number, rows: number, relaxed: boolean): FunctionDef {
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
  const outp = Array.from({ length: rows }, () => local(I32));
  const x = local(V128);
  const lo = local(V128);
  const hi = local(V128);
  const tl = Array.from({ length: rows }, () => local(V128));
  const th = Array.from({ length: rows }, () => local(V128));
  const swizzle = relaxed ? Simd.relaxedSwizzle : Simd.swizzle;
  const step = 16 * vectors;

  const b = new Body();
  /** Loads input j's pointer and the R rows' tables, then multiplies the block into the rows. */
  const oneInput = (first: boolean) => {
    b.get(pp).loadI32(0).get(pos).op(Op.i32Add).set(inp);
    for (let r = 0; r < rows; r++) {
      b.get(tp)
        .load(32 * r)
        .set(tl[r]!);
      b.get(tp)
        .load(32 * r + 16)
        .set(th[r]!);
    }
    for (let h = 0; h < vectors; h++) {
      b.get(inp)
        .load(16 * h)
        .tee(x);
      b.v128(NIBBLE_MASK).simd(Simd.and).set(lo);
      b.get(x).i32(4).simd(Simd.shrU16).v128(NIBBLE_MASK).simd(Simd.and).set(hi);
      for (let r = 0; r < rows; r++) {
        b.get(outp[r]!);
        b.get(tl[r]!).get(lo).simd(swizzle);
        b.get(th[r]!).get(hi).simd(swizzle).simd(Simd.xor);
        if (!first)
          b.get(outp[r]!)
            .load(16 * h)
            .simd(Simd.xor);
        b.store(16 * h);
      }
    }
    b.get(pp).i32(4).op(Op.i32Add).set(pp);
    b.get(tp)
      .i32(32 * rows)
      .op(Op.i32Add)
      .set(tp);
  };

  b.get(start).set(pos);
  b.loop(); // over blocks
  for (let r = 0; r < rows; r++)
    b.get(outputs)
      .loadI32(4 * r)
      .get(pos)
      .op(Op.i32Add)
      .set(outp[r]!);
  b.get(inputs).set(pp);
  b.get(tables).set(tp);
  oneInput(true);
  b.get(k).i32(1).op(Op.i32Sub).set(j);
  b.block();
  b.get(j).op(Op.i32Eqz).brIf(0); // k = 1: done
  b.loop(); // over inputs 1..k-1
  oneInput(false);
  b.get(j).i32(1).op(Op.i32Sub).tee(j).brIf(0);
  b.end();
  b.end();
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
