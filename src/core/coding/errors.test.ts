import { beforeAll, describe, expect, it } from 'vitest';
import { CodingError, type CodingErrorKind, createErasureCoder, type ErasureCoder } from './index.ts';

let coders: ErasureCoder[];
beforeAll(async () => {
  coders = [await createErasureCoder({ prefer: 'wasm' }), await createErasureCoder({ prefer: 'ts' })];
});

function expectKind(fn: () => unknown, kind: CodingErrorKind): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodingError);
    expect((error as CodingError).kind).toBe(kind);
    expect((error as CodingError).message).toContain(kind);
    return;
  }
  throw new Error(`expected a CodingError of kind ${kind}`);
}

const p = { k: 3, m: 2, shardSize: 4 };
const shard = (index: number, size = 4) => ({ index, data: new Uint8Array(size) });

describe('CodingError', () => {
  it('reports each kind of bad input', () => {
    for (const coder of coders) {
      expectKind(() => coder.decode([shard(0), shard(1)], p, 12), 'too-few-shards');
      expectKind(() => coder.decode([shard(0), shard(1), shard(1)], p, 12), 'duplicate-index');
      expectKind(() => coder.decode([shard(0), shard(1), shard(5)], p, 12), 'index-out-of-range');
      expectKind(() => coder.decode([shard(0), shard(1), shard(-1)], p, 12), 'index-out-of-range');
      expectKind(() => coder.decode([shard(0), shard(1), shard(1.5)], p, 12), 'index-out-of-range');
      expectKind(() => coder.decode([shard(0), shard(1), shard(2, 5)], p, 12), 'bad-shard-size');
      expectKind(() => coder.decode([shard(0), shard(1), shard(2)], p, 13), 'segment-too-large');
      expectKind(() => coder.decode([shard(0), shard(1), shard(2)], p, 0), 'empty-segment');
      expectKind(() => coder.encode(new Uint8Array(0), p), 'empty-segment');
      expectKind(() => coder.encode(new Uint8Array(13), p), 'segment-too-large');
      expectKind(() => coder.dataShards(new Uint8Array(13), p), 'segment-too-large');
      expectKind(() => coder.encode(new Uint8Array(4), { k: 0, m: 2, shardSize: 4 }), 'bad-params');
      expectKind(() => coder.encode(new Uint8Array(4), { k: 2, m: -1, shardSize: 4 }), 'bad-params');
      expectKind(() => coder.encode(new Uint8Array(4), { k: 200, m: 56, shardSize: 4 }), 'bad-params');
      expectKind(() => coder.encode(new Uint8Array(4), { k: 2, m: 1, shardSize: 0 }), 'bad-params');
      expectKind(() => coder.encode(new Uint8Array(4), { k: 2.5, m: 1, shardSize: 4 }), 'bad-params');
    }
  });

  it('checks every shard even when more than k are given', () => {
    expectKind(() => coders[0]!.decode([shard(0), shard(1), shard(2), shard(3, 3)], p, 12), 'bad-shard-size');
  });

  it('accepts the largest code, k + m = 255', () => {
    const segment = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
    const params = { k: 200, m: 55, shardSize: 3 };
    const parity = coders[0]!.encode(segment, params);
    expect(parity).toEqual(coders[1]!.encode(segment, params));
    const shards = [...coders[0]!.dataShards(segment, params), ...parity].map((data, index) => ({
      index,
      data,
    }));
    expect(coders[0]!.decode(shards.slice(55), params, 600)).toEqual(segment);
  });
});
