// shardsMatch: several shards checked in one hash call give the same verdicts as one by one.

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createErasureCoder, type ErasureCoder } from '../coding/index.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import { toBase64Url } from '../integrity/base64url.ts';
import { DEFAULT_HASH_SPEC, digest } from '../integrity/hash.ts';
import type { Coder, HashAlgorithm } from '../ports.ts';
import { InlineCoder } from '../testing/inline-coder.ts';
import { shardMatches, shardsMatch } from './verification.ts';

const SHARD = 8;
const shards = Array.from({ length: 6 }, (_, i) => Uint8Array.from({ length: SHARD }, (_, j) => i * 31 + j));
const info = {
  params: { k: 4, m: 2, shardSize: SHARD },
  shardHashes: shards.map((s) => toBase64Url(digest('sha256', s).subarray(0, DEFAULT_HASH_SPEC.bytes))),
  hashSpec: DEFAULT_HASH_SPEC,
  trusted: false,
} as unknown as SegmentInfo;

let erasure: ErasureCoder;
beforeAll(async () => {
  erasure = await createErasureCoder();
});

/** Counts calls, so the test sees one trip per batch. */
class CountingCoder extends InlineCoder {
  calls = 0;
  override hash(algorithm: HashAlgorithm, buffers: readonly Uint8Array[]) {
    this.calls += 1;
    return super.hash(algorithm, buffers);
  }
}

describe('shardsMatch', () => {
  it('gives each shard the verdict it gets alone, in one hash call', async () => {
    const tamper = fc.oneof(
      fc.constant('intact' as const),
      fc.constant('flipped' as const),
      fc.constant('short' as const),
      fc.constant('swapped' as const),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), tamper), { maxLength: 8 }),
        async (picks) => {
          const batch = picks.map(([index, how]) => {
            const own = shards[index % shards.length]!;
            let data = own.slice();
            if (how === 'flipped') data[3]! ^= 1;
            if (how === 'short') data = data.subarray(1);
            if (how === 'swapped') data = shards[(index + 1) % shards.length]!.slice();
            // Index 6 has no hash in the manifest: never valid.
            return { index, data };
          });
          const coder = new CountingCoder(erasure);
          const together = await shardsMatch(coder, info, batch);
          expect(coder.calls).toBe(batch.some((s) => s.index < 6 && s.data.length === SHARD) ? 1 : 0);
          const alone = await Promise.all(
            batch.map((s) => shardMatches(new InlineCoder(erasure) as Coder, info, s.index, s.data)),
          );
          expect(together).toEqual(alone);
          batch.forEach((s, i) => {
            const intact =
              s.index < 6 && s.data.length === SHARD && s.data.every((b, j) => b === shards[s.index]![j]);
            expect(together[i]).toBe(intact);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
