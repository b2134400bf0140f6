import { describe, expect, it } from 'vitest';
import { StagingPool } from './staging.ts';

describe('StagingPool', () => {
  it('copies views back to back into one buffer, leaving the originals alone', () => {
    const pool = new StagingPool();
    const a = Uint8Array.of(1, 2, 3);
    const b = new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 4);
    const [ca, cb] = pool.stage([a, b]);
    expect([...ca!]).toEqual([1, 2, 3]);
    expect([...cb!]).toEqual([8, 7, 6]);
    expect(ca!.buffer).toBe(cb!.buffer);
    expect(cb!.byteOffset).toBe(3);
    ca![0] = 42;
    expect(a[0]).toBe(1);
  });

  it('reuses a recycled buffer that is large enough', () => {
    const pool = new StagingPool();
    const [first] = pool.stage([new Uint8Array(1000)]);
    pool.recycle(first!.buffer as ArrayBuffer);
    expect(pool.size).toBe(1);
    const [again] = pool.stage([new Uint8Array(500)]);
    expect(again!.buffer).toBe(first!.buffer);
    expect(pool.size).toBe(0);
    // Too small for 100 KiB: a new buffer, the old one stays for later.
    pool.recycle(first!.buffer as ArrayBuffer);
    const [big] = pool.stage([new Uint8Array(100 * 1024)]);
    expect(big!.buffer).not.toBe(first!.buffer);
    expect(pool.size).toBe(1);
  });

  it('keeps at most maxBuffers, dropping the smallest, and never huge or detached ones', () => {
    const pool = new StagingPool(2, 1 << 20);
    for (const size of [1 << 16, 1 << 18, 1 << 17]) pool.recycle(new ArrayBuffer(size));
    expect(pool.size).toBe(2);
    const [view] = pool.stage([new Uint8Array(1)]);
    expect(view!.buffer.byteLength).toBe(1 << 17);
    pool.recycle(new ArrayBuffer(2 << 20));
    pool.recycle(new ArrayBuffer(0));
    expect(pool.size).toBe(1);
  });

  it('stages empty inputs without a buffer from the pool', () => {
    const pool = new StagingPool();
    pool.recycle(new ArrayBuffer(1 << 16));
    expect(pool.stage([new Uint8Array(0)])).toEqual([new Uint8Array(0)]);
    expect(pool.stage([])).toEqual([]);
    expect(pool.size).toBe(1);
  });
});
