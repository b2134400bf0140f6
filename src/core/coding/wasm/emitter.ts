// A minimal WebAssembly binary writer: just enough to emit our GF(2^8) kernel from
// TypeScript, so the module is built from source at run time in Node, pages and workers
// alike, with no build step and no binary blob in the repo.
// Encoding reference: the WebAssembly core spec, binary format, and the SIMD proposal.

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Opcodes we use (single-byte core ones and 0xfd-prefixed SIMD ones). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
} as const;

export const Simd = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  swizzle: 0x0e,
  and: 0x4e,
  xor: 0x51,
  shrU8: 0x6d,
  shrU16: 0x8d,
  relaxedSwizzle: 0x100,
} as const;

const BLOCK_VOID = 0x40;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Export and import names are ASCII here, so char codes are their UTF-8 bytes. */
function name(s: string): number[] {
  const bytes = Array.from(s, (c) => c.charCodeAt(0) & 0x7f);
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** Builds one function body instruction by instruction. */
export class Body {
  readonly code: number[] = [];

  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  get(local: number): this {
    return this.op(Op.localGet, ...uleb(local));
  }
  set(local: number): this {
    return this.op(Op.localSet, ...uleb(local));
  }
  tee(local: number): this {
    return this.op(Op.localTee, ...uleb(local));
  }
  i32(value: number): this {
    return this.op(Op.i32Const, ...sleb(value));
  }
  loop(): this {
    return this.op(Op.loop, BLOCK_VOID);
  }
  block(): this {
    return this.op(Op.block, BLOCK_VOID);
  }
  end(): this {
    return this.op(Op.end);
  }
  brIf(depth: number): this {
    return this.op(Op.brIf, ...uleb(depth));
  }
  simd(opcode: number): this {
    return this.op(0xfd, ...uleb(opcode));
  }
  /** v128.load with a constant byte offset (alignment hint 0: addresses may be unaligned). */
  load(offset: number): this {
    return this.simd(Simd.load).op(0, ...uleb(offset));
  }
  /** i32.load with a constant byte offset (alignment hint 2: pointer tables are 4-aligned). */
  loadI32(offset: number): this {
    return this.op(Op.i32Load, 2, ...uleb(offset));
  }
  store(offset: number): this {
    return this.simd(Simd.store).op(0, ...uleb(offset));
  }
  v128(bytes: readonly number[]): this {
    if (bytes.length !== 16) throw new Error('v128.const needs 16 bytes');
    return this.simd(Simd.const).op(...bytes);
  }
}

export interface FunctionDef {
  exportName: string;
  params: number[];
  results: number[];
  /** Extra locals after the params, in order. */
  locals: number[];
  body: Body;
}

/** A module that imports its memory as env.memory and exports the given functions. */
export function emitModule(functions: readonly FunctionDef[], minPages = 1): Uint8Array {
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const types = functions.map((f) => [
    0x60,
    ...vec(f.params.map((t) => [t])),
    ...vec(f.results.map((t) => [t])),
  ]);
  const imports = [[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]];
  const funcIndices = functions.map((_, i) => uleb(i));
  const exports = functions.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]);
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [...uleb(1), t]));
    const content = [...locals, ...f.body.code, Op.end];
    return [...uleb(content.length), ...content];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcIndices)),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
