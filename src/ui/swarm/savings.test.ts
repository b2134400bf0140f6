import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_PER_GB, parsePrice, savings } from './savings.ts';

describe('savings', () => {
  it('prices the bytes from peers as origin egress avoided', () => {
    const s = savings({ origin: 1e9, peers: 3e9, upload: 2e9, passThrough: 0 }, DEFAULT_PRICE_PER_GB);
    expect(s.originBytesAvoided).toBe(3e9);
    expect(s.dollarsSaved).toBeCloseTo(0.15, 10);
    expect(s.uploadBytes).toBe(2e9);
    expect(s.dollarsGiven).toBeCloseTo(0.1, 10);
    expect(s.p2pShare).toBe(0.75);
  });

  it('counts pass-through bytes as delivered from the origin', () => {
    expect(savings({ origin: 0, peers: 100, upload: 0, passThrough: 300 }, 1).p2pShare).toBe(0.25);
  });

  it('has no share before any byte and saves nothing at price zero', () => {
    const s = savings({ origin: 0, peers: 0, upload: 0, passThrough: 0 }, 0);
    expect(s.p2pShare).toBeNull();
    expect(s.dollarsSaved).toBe(0);
  });
});

describe('parsePrice', () => {
  it('accepts finite non-negative numbers only', () => {
    expect(parsePrice('0.05')).toBe(0.05);
    expect(parsePrice(' 0 ')).toBe(0);
    expect(parsePrice('')).toBeNull();
    expect(parsePrice('-1')).toBeNull();
    expect(parsePrice('abc')).toBeNull();
    expect(parsePrice('Infinity')).toBeNull();
  });
});
