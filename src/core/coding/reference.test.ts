// Cross-check against an independent implementation: Rust reed-solomon-erasure (Backblaze
// construction, same field and generator matrix) compiled to WebAssembly, as packaged by
// @digitaldefiance/reed-solomon-erasure.wasm. Its parity must equal ours byte for byte.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReedSolomonErasure } from '@digitaldefiance/reed-solomon-erasure.wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createErasureCoder, type ErasureCoder } from './index.ts';

const require = createRequire(import.meta.url);
let reference: ReedSolomonErasure;
let coders: ErasureCoder[];

beforeAll(async () => {
  reference = ReedSolomonErasure.fromBytes(
    readFileSync(require.resolve('@digitaldefiance/reed-solomon-erasure.wasm/wasm')),
  );
  coders = [await createErasureCoder({ prefer: 'wasm' }), await createErasureCoder({ prefer: 'ts' })];
});

describe('against reed-solomon-erasure', () => {
  it('produces the same parity shards', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        (k, m, shardSize, seed) => {
          const segment = Uint8Array.from(
            { length: k * shardSize },
            (_, i) => (Math.imul(i ^ seed, 0x9e3779b1) >>> 24) & 0xff,
          );
          const buffer = new Uint8Array((k + m) * shardSize);
          buffer.set(segment);
          expect(reference.encode(buffer, k, m)).toBe(ReedSolomonErasure.RESULT_OK);
          for (const coder of coders) {
            const parity = coder.encode(segment, { k, m, shardSize });
            parity.forEach((shard, i) => {
              expect(shard).toEqual(buffer.subarray((k + i) * shardSize, (k + i + 1) * shardSize));
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
