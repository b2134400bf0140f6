import { describe, expect, it } from 'vitest';
import type { PeerLink } from '../ports.ts';
import { bitmapFromIndices } from '../protocol/bitmap.ts';
import { newsFor } from './have-news.ts';
import { PeerSession } from './peer-session.ts';

const link = { remoteId: 'p' } as PeerLink;
const seg = (sequence: number) => ({ rendition: 0, sequence });

function peerHolding(sequence: number, indices: number[]): PeerSession {
  const peer = new PeerSession(link, 0);
  peer.setHolding(seg(sequence), bitmapFromIndices(12, indices));
  return peer;
}

describe('newsFor', () => {
  const k = () => 8;

  it('tells a peer everything of a segment it has not announced', () => {
    const added = [{ segment: seg(5), indices: [0, 1] }];
    expect(newsFor(peerHolding(4, [0]), added, k)).toEqual(added);
  });

  it('leaves out the shards the peer holds itself', () => {
    const added = [{ segment: seg(5), indices: [0, 1, 2] }];
    expect(newsFor(peerHolding(5, [1]), added, k)).toEqual([{ segment: seg(5), indices: [0, 2] }]);
    expect(newsFor(peerHolding(5, [0, 1, 2]), added, k)).toEqual([]);
  });

  it('leaves out a segment the peer can already rebuild', () => {
    const added = [{ segment: seg(5), indices: [11] }];
    expect(newsFor(peerHolding(5, [0, 1, 2, 3, 4, 5, 6, 7]), added, k)).toEqual([]);
    // k unknown: only the shards it holds are left out.
    expect(newsFor(peerHolding(5, [0, 1, 2, 3, 4, 5, 6, 7]), added, () => undefined)).toEqual(added);
  });
});
