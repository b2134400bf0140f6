import { describe, expect, it } from 'vitest';
import { WarmBuffers } from './warm-buffers.ts';

const KiB = 1024;
const isResizable = (view: Uint8Array) => (view.buffer as { resizable?: boolean }).resizable === true;

describe('WarmBuffers', () => {
  it('is supported here (Node 20 has resizable ArrayBuffers)', () => {
    expect(WarmBuffers.supported()).toBe(true);
  });

  it('hands out a touched spare, shrunk to the exact length, once per refill', () => {
    const warm = new WarmBuffers();
    const first = warm.take(300 * KiB);
    expect(first.length).toBe(300 * KiB);
    expect(isResizable(first)).toBe(false); // no spare yet: a plain array
    // 300 KiB + headroom: two steps of touching, then nothing left to do.
    expect(warm.refillStep()).toBe(true);
    expect(warm.spareBytes).toBe(0);
    expect(warm.refillStep()).toBe(true);
    expect(warm.refillStep()).toBe(false);
    expect(warm.spareBytes).toBeGreaterThanOrEqual(300 * KiB);

    const second = warm.take(310 * KiB);
    expect(isResizable(second)).toBe(true);
    expect(second.length).toBe(310 * KiB);
    expect(second.buffer.byteLength).toBe(310 * KiB);
    expect(second.every((b) => b === 0)).toBe(true);
    expect(warm.spareBytes).toBe(0);
    // Taken means gone: the next one of that size is plain until the next refill.
    expect(isResizable(warm.take(300 * KiB))).toBe(false);
  });

  it('keeps one spare per recent size, at most maxSpares, and drops unwanted ones', () => {
    const warm = new WarmBuffers({ maxSpares: 2 });
    warm.take(1024 * KiB);
    warm.take(2048 * KiB);
    while (warm.refillStep());
    expect(isResizable(warm.take(2000 * KiB))).toBe(true);
    expect(isResizable(warm.take(1000 * KiB))).toBe(true);
    while (warm.refillStep());
    const held = warm.spareBytes;
    expect(held).toBeGreaterThanOrEqual(3000 * KiB);
    expect(held).toBeLessThanOrEqual(1.2 * 3000 * KiB);
    // New sizes push the old ones out of `recent`; their spares are dropped.
    warm.take(200 * KiB);
    warm.take(400 * KiB);
    while (warm.refillStep());
    expect(warm.spareBytes).toBeLessThanOrEqual(1.2 * 600 * KiB);
    // A spare never serves a result much smaller than itself.
    expect(isResizable(warm.take(100 * KiB))).toBe(false);
  });

  it('gives small and huge results plain arrays and remembers no spare for them', () => {
    const warm = new WarmBuffers({ minBytes: 64 * KiB, maxBytes: 1024 * KiB });
    expect(warm.take(32).length).toBe(32);
    expect(warm.take(2048 * KiB).length).toBe(2048 * KiB);
    expect(warm.refillStep()).toBe(false);
    expect(warm.spareBytes).toBe(0);
  });
});
