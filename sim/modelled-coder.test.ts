import { describe, expect, it } from 'vitest';
import { digest } from '../src/core/integrity/hash.ts';
import { pseudoRandomBytes } from '../src/core/testing/test-stream.ts';
import { DigestMemo } from './modelled-coder.ts';

describe('DigestMemo', () => {
  it('gives the real digest, hashing each content once', () => {
    const memo = new DigestMemo();
    const a = pseudoRandomBytes(2000, 7);
    const b = pseudoRandomBytes(2000, 8);
    expect(memo.digest('sha256', a)).toEqual(digest('sha256', a));
    expect(memo.digest('sha256', a.slice())).toEqual(digest('sha256', a));
    expect(memo.digest('sha256', b)).toEqual(digest('sha256', b));
    expect(memo.digest('blake3', a)).toEqual(digest('blake3', a));
    expect([memo.hashed, memo.reused]).toEqual([3, 1]);
  });

  it('tells apart contents of other lengths with the same first bytes, and short ones exactly', () => {
    const memo = new DigestMemo();
    const segment = pseudoRandomBytes(4000, 3);
    const shard = segment.slice(0, 1000);
    expect(memo.digest('sha256', segment)).toEqual(digest('sha256', segment));
    expect(memo.digest('sha256', shard)).toEqual(digest('sha256', shard));
    for (const bytes of [
      [1, 2],
      [1, 2, 0],
      [1, 2, 0, 0, 0, 0, 0, 0, 0],
      [2, 1],
    ]) {
      const data = Uint8Array.from(bytes);
      expect(memo.digest('sha256', data)).toEqual(digest('sha256', data));
    }
  });

  it('hands out copies: a caller changing its digest does not change the next one', () => {
    const memo = new DigestMemo();
    const data = pseudoRandomBytes(100, 1);
    memo.digest('sha256', data).fill(0);
    expect(memo.digest('sha256', data)).toEqual(digest('sha256', data));
  });
});
