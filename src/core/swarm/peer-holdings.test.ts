import { describe, expect, it } from 'vitest';
import { PeerHoldings } from './peer-holdings.ts';

describe('PeerHoldings', () => {
  it('keeps a bitmap per segment, counts segments, and forgets a rendition before a sequence', () => {
    const holdings = new PeerHoldings();
    const bits = (b: number) => Uint8Array.of(b);
    holdings.set({ rendition: 7, sequence: 1 }, bits(1));
    holdings.set({ rendition: 7, sequence: 2 }, bits(2));
    holdings.set({ rendition: 7, sequence: 2 }, bits(3));
    holdings.set({ rendition: 9, sequence: 1 }, bits(4));
    expect(holdings.size).toBe(3);
    expect(holdings.get({ rendition: 7, sequence: 2 })).toEqual(bits(3));
    expect(holdings.get({ rendition: 8, sequence: 2 })).toBeUndefined();

    holdings.deleteBefore(7, 2);
    expect(holdings.get({ rendition: 7, sequence: 1 })).toBeUndefined();
    expect(holdings.get({ rendition: 9, sequence: 1 })).toEqual(bits(4));
    expect(holdings.size).toBe(2);

    holdings.delete({ rendition: 9, sequence: 1 });
    holdings.delete({ rendition: 9, sequence: 1 });
    expect(holdings.size).toBe(1);
    holdings.clear();
    expect(holdings.size).toBe(0);
    expect(holdings.get({ rendition: 7, sequence: 2 })).toBeUndefined();
  });

  it('answers lookups of the last segment as the maps would, through every change', () => {
    const holdings = new PeerHoldings();
    const ref = { rendition: 3, sequence: 10 };
    expect(holdings.get(ref)).toBeUndefined();
    const bits = Uint8Array.of(5);
    holdings.set(ref, bits);
    expect(holdings.get({ ...ref })).toBe(bits);
    holdings.delete(ref);
    expect(holdings.get(ref)).toBeUndefined();
    holdings.set(ref, bits);
    holdings.deleteBefore(3, 10);
    expect(holdings.get(ref)).toBe(bits);
    holdings.deleteBefore(3, 11);
    expect(holdings.get(ref)).toBeUndefined();
    holdings.set(ref, bits);
    holdings.deleteBefore(4, 11);
    expect(holdings.get(ref)).toBe(bits);
    holdings.clear();
    expect(holdings.get(ref)).toBeUndefined();
    expect(holdings.get({ rendition: 3, sequence: 11 })).toBeUndefined();
  });
});
