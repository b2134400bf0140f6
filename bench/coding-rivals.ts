// Drivers for the other Reed-Solomon libraries in bench:coding, each used as its README says.
// Both are driven on the same segment and shard layout as ours, with the same lost shards.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReedSolomonErasure } from '@digitaldefiance/reed-solomon-erasure.wasm';

const require = createRequire(import.meta.url);

export interface Rival {
  name: string;
  encode(): Promise<void> | void;
  /** Rebuilds the lost data shards from the rest. */
  decode(): Promise<void> | void;
}

/** Rust reed-solomon-erasure compiled to WebAssembly (no SIMD): one contiguous shard buffer. */
export function digitalDefiance(segment: Uint8Array, k: number, m: number, s: number, lost: number[]): Rival {
  // The package's Node entry looks for __dirname, which ESM lacks: hand it the bytes instead.
  const wasm = readFileSync(require.resolve('@digitaldefiance/reed-solomon-erasure.wasm/wasm'));
  const rs = ReedSolomonErasure.fromBytes(wasm);
  const shards = new Uint8Array((k + m) * s);
  shards.set(segment);
  const available = Array.from({ length: k + m }, (_, i) => !lost.includes(i));
  const check = (code: number) => {
    if (code !== ReedSolomonErasure.RESULT_OK) throw new Error(ReedSolomonErasure.getResultMessage(code));
  };
  return {
    name: 'digitaldefiance wasm',
    encode: () => check(rs.encode(shards, k, m)),
    decode: () => check(rs.reconstruct(shards, k, m, available)),
  };
}

interface Ronomon {
  create(k: number, m: number): unknown;
  encode(
    context: unknown,
    sources: number,
    targets: number,
    buffer: Buffer,
    bufferOffset: number,
    bufferSize: number,
    parity: Buffer,
    parityOffset: number,
    paritySize: number,
    callback: (error: Error | undefined) => void,
  ): void;
}

/** @ronomon/reed-solomon, a native addon (optional dependency): null where it did not build. */
export function ronomon(segment: Uint8Array, k: number, m: number, s: number, lost: number[]): Rival | null {
  let rs: Ronomon;
  try {
    rs = require('@ronomon/reed-solomon') as Ronomon;
  } catch {
    return null;
  }
  // Its shard size must be a multiple of 8 bytes.
  const size = Math.ceil(s / 8) * 8;
  const context = rs.create(k, m);
  const buffer = Buffer.alloc(size * k);
  for (let i = 0; i < k; i++)
    buffer.set(segment.subarray(i * s, Math.min((i + 1) * s, segment.length)), i * size);
  const parity = Buffer.alloc(size * m);
  const bits = (indices: number[]) => indices.reduce((acc, i) => acc | (1 << i), 0);
  const all = Array.from({ length: k + m }, (_, i) => i);
  const run = (sources: number, targets: number) =>
    new Promise<void>((resolve, reject) => {
      rs.encode(context, sources, targets, buffer, 0, size * k, parity, 0, size * m, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  return {
    name: 'ronomon native',
    encode: () => run(bits(all.slice(0, k)), bits(all.slice(k))),
    decode: () => run(bits(all.filter((i) => !lost.includes(i))), bits(lost)),
  };
}
