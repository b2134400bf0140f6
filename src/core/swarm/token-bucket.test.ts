import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('refuses beyond the rate until time refills it', () => {
    const bucket = new TokenBucket(1000, Number.POSITIVE_INFINITY, 0, 1000);
    expect(bucket.take(800, 0)).toBe(true);
    expect(bucket.take(800, 0)).toBe(false);
    expect(bucket.take(800, 700)).toBe(true);
  });

  it('enforces the session total', () => {
    const bucket = new TokenBucket(Number.POSITIVE_INFINITY, 1500, 0);
    expect(bucket.take(1000, 0)).toBe(true);
    expect(bucket.take(1000, 0)).toBe(false);
    expect(bucket.totalSpent).toBe(1000);
  });
});
