import { describe, expect, it } from 'vitest';
import { createErasureCoder } from '../src/core/coding/index.ts';
import { pseudoRandomBytes } from '../src/core/testing/test-stream.ts';
import { ParityMemo } from './parity-memo.ts';

describe('ParityMemo', () => {
  it("gives the coder's parity, encoding each content once, and copies the caller may change", async () => {
    const coder = await createErasureCoder({ prefer: 'ts' });
    const memo = new ParityMemo();
    const p = { k: 4, m: 2, shardSize: 100 };
    const a = pseudoRandomBytes(390, 1);
    const b = pseudoRandomBytes(390, 2);
    const first = memo.parity(a, p, () => coder.encode(a, p));
    expect(first).toEqual(coder.encode(a, p));
    first[0]!.fill(0);
    expect(memo.parity(a.slice(), p, () => coder.encode(a, p))).toEqual(coder.encode(a, p));
    expect(memo.parity(b, p, () => coder.encode(b, p))).toEqual(coder.encode(b, p));
    const wider = { k: 4, m: 3, shardSize: 100 };
    expect(memo.parity(a, wider, () => coder.encode(a, wider))).toEqual(coder.encode(a, wider));
    expect([memo.encoded, memo.reused]).toEqual([3, 1]);
  });
});
