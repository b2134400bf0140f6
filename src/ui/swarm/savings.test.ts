import { describe, expect, it } from 'vitest';
import type { EngineStats } from '../../core/engine/types.ts';
import { DEFAULT_PRICE_PER_GB, parsePrice, savings } from './savings.ts';
import { reportersWords, swarmSavings, swarmSizeWords } from './swarm-savings.ts';

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

describe('swarmSavings', () => {
  const bytes = { origin: 1e9, peers: 1e9, upload: 5e8, passThrough: 0 };
  const peer = (reported: { delivered: number; fromPeers: number } | null) =>
    ({ reported }) as EngineStats['peers'][number];

  it('adds what connected peers report to this viewer figures, and says for whom', () => {
    const s = swarmSavings(
      { bytes, peers: [peer({ delivered: 4e9, fromPeers: 3e9 }), peer(null)], swarmSize: 40 },
      DEFAULT_PRICE_PER_GB,
    );
    expect(s).toMatchObject({ reporters: 1, originBytesAvoided: 4e9, p2pShare: 4 / 6, swarmSize: 40 });
    expect(s.dollarsSaved).toBeCloseTo(0.2, 10);
    expect(reportersWords(s)).toBe(
      'This viewer and 1 connected peer, as reported by that peer (their own unverified figures, clamped).',
    );
    expect(swarmSizeWords(s.swarmSize)).toBe("40 (tracker's count)");
  });

  it('is this viewer alone until a peer reports, and the swarm size unknown without a tracker', () => {
    const s = swarmSavings({ bytes, peers: [peer(null)], swarmSize: null }, DEFAULT_PRICE_PER_GB);
    expect(s).toMatchObject({ reporters: 0, originBytesAvoided: 1e9, p2pShare: 0.5 });
    expect(reportersWords(s)).toBe('This viewer only: no connected peer has reported its figures yet.');
    expect(swarmSizeWords(null)).toBe('unknown (no tracker count)');
  });

  it('never counts more from a peer than it delivered', () => {
    const s = swarmSavings(
      {
        bytes: { origin: 0, peers: 0, upload: 0, passThrough: 0 },
        peers: [peer({ delivered: 1, fromPeers: 9 })],
        swarmSize: null,
      },
      1,
    );
    expect(s.originBytesAvoided).toBe(1);
  });
});
