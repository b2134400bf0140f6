import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseParams, createErasureCoder, type ErasureCoder } from '../coding/index.ts';
import { buildSegmentEntry } from './build-entry.ts';
import { digest, digestMatches, type HashSpec } from './hash.ts';
import { liveWindowManifest } from './live-slice.ts';
import { findSegment, findSegmentByUri, initFor } from './lookup.ts';
import { parseManifest } from './parse-manifest.ts';
import { serializeManifest } from './serialize-manifest.ts';
import type { Manifest } from './types.ts';
import { createVerifier, padDataShard, verifySegment, verifyShard } from './verify.ts';

let coder: ErasureCoder;
beforeAll(async () => {
  coder = await createErasureCoder({ prefer: 'ts' });
});

const specs: HashSpec[] = [
  { algorithm: 'sha256', bytes: 16 },
  { algorithm: 'blake3', bytes: 32 },
];

function bytes(length: number, seed: number): Uint8Array {
  // xorshift: no repeating pattern, so distinct shards really differ.
  const out = new Uint8Array(length);
  let x = (seed * 2654435761) | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('segment entries and verification', () => {
  it('accepts every true shard and the segment, rejects any flipped bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.constantFrom(...specs),
        fc.nat(),
        (length, spec, flip) => {
          const segment = bytes(length, length);
          const params = chooseParams(length);
          const entry = buildSegmentEntry('s.ts', segment, params, coder, spec);
          const shards = [...coder.dataShards(segment, params), ...coder.encode(segment, params)];
          const manifest: Manifest = {
            ...{ version: 1, contentId: 'c', rendition: 'r', hash: spec, complete: true, inits: [] },
            segments: [{ ...entry, sequence: 0, init: null }],
          };
          expect(parseManifest(serializeManifest(manifest))).toEqual(manifest);
          shards.forEach((shard, i) => {
            expect(verifyShard(spec, entry, i, shard)).toBe(true);
          });
          expect(verifySegment(spec, entry, segment)).toBe(true);
          const index = flip % shards.length;
          const bad = shards[index]!.slice();
          bad[flip % bad.length]! ^= 1 << (flip % 8);
          expect(verifyShard(spec, entry, index, bad)).toBe(false);
          const badSegment = segment.slice();
          badSegment[flip % length]! ^= 1;
          expect(verifySegment(spec, entry, badSegment)).toBe(false);
          // The right bytes under the wrong index are refused too.
          if (shards.length > 1 && !equal(shards[index]!, shards[(index + 1) % shards.length]!))
            expect(verifyShard(spec, entry, (index + 1) % shards.length, shards[index]!)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('checks lengths and indices, pads range-fetched data shards, matches worker digests', () => {
    const spec = specs[0]!;
    const segment = bytes(150_001, 1);
    const params = chooseParams(segment.length);
    const entry = buildSegmentEntry('s.ts', segment, params, coder, spec);
    const v = createVerifier({ hash: spec });
    const last = params.k - 1;
    const tail = segment.subarray(last * params.shardSize);
    expect(v.verifyShard(entry, last, tail)).toBe(false); // hashed padded, so a short shard fails
    const padded = padDataShard(entry, last, tail)!;
    expect(v.verifyShard(entry, last, padded)).toBe(true);
    expect(padDataShard(entry, last, tail.subarray(1))).toBeNull();
    expect(padDataShard(entry, params.k, tail)).toBeNull();
    expect(v.verifyShard(entry, -1, padded)).toBe(false);
    expect(v.verifyShard(entry, 1.5, padded)).toBe(false);
    expect(v.verifySegment(entry, segment)).toBe(true);
    expect(digestMatches(spec, entry.hash, digest('sha256', segment))).toBe(true);
    expect(digestMatches(spec, entry.hash, digest('blake3', segment))).toBe(false);
  });

  it('builds entries that parse, and live windows that loop the VOD', () => {
    const spec = specs[0]!;
    const init = buildSegmentEntry('init.mp4', bytes(1367, 9), chooseParams(1367), coder, spec);
    const segments = [0, 1, 2].map((i) => {
      const data = bytes(140_000 + i * 1000, i);
      return {
        ...buildSegmentEntry(`seg_${i}.m4s`, data, chooseParams(data.length), coder, spec),
        sequence: i,
        init: 0,
      };
    });
    const vod: Manifest = {
      version: 1,
      contentId: 'vod',
      rendition: 'index.m3u8',
      hash: spec,
      complete: true,
      inits: [init],
      segments,
    };
    expect(parseManifest(serializeManifest(vod))).toEqual(vod);

    const live = liveWindowManifest(vod, { firstSequence: 7, lastSequence: 9, history: 2 });
    expect(parseManifest(serializeManifest(live))).toEqual(live);
    expect(live.contentId).toBe('vod:live');
    expect(live.complete).toBe(false);
    expect(live.segments.map((s) => [s.sequence, s.uri])).toEqual([
      [5, 'seg_2.m4s'],
      [6, 'seg_0.m4s'],
      [7, 'seg_1.m4s'],
      [8, 'seg_2.m4s'],
      [9, 'seg_0.m4s'],
    ]);
    expect(findSegment(live, 8, 'seg_2.m4s')?.hash).toBe(segments[2]!.hash);
    expect(findSegment(live, 8, 'seg_0.m4s')).toBeNull();
    expect(findSegment(live, 4)).toBeNull();
    expect(findSegmentByUri(live, 'seg_2.m4s')?.sequence).toBe(8);
    expect(initFor(live, live.segments[0]!)).toBe(init);
    const renamed = liveWindowManifest(vod, {
      firstSequence: 0,
      lastSequence: 0,
      uriFor: (_e, s) => `live_${s}.m4s`,
    });
    expect(renamed.segments.map((s) => s.uri)).toEqual(['live_0.m4s']);
    expect(() => liveWindowManifest(vod, { firstSequence: 5, lastSequence: 4 })).toThrow();
  });
});
