import { describe, expect, it } from 'vitest';
import type { PeerStats } from '../../core/engine/types.ts';
import { PeerTable } from './peer-rows.ts';
import { isChoked, peerStateWords } from './peer-state-words.ts';

function peer(id: string, over: Partial<PeerStats> = {}): PeerStats {
  return {
    id,
    connectedMs: 1000,
    rttMs: 40,
    downRate: 5000,
    bytesDown: 0,
    bytesUp: 0,
    shardsTaken: 0,
    shardsGiven: 0,
    segmentsHeld: 0,
    choked: { byPeer: null, byUs: null },
    reported: null,
    uplink: null,
    ...over,
  };
}

describe('PeerTable', () => {
  it('computes the upload rate from bytesUp deltas over the last few seconds', () => {
    const table = new PeerTable();
    table.update([peer('a', { bytesUp: 0 })], 0);
    table.update([peer('a', { bytesUp: 10_000 })], 1000);
    expect(table.rows(1000)[0]!.upRate).toBe(10_000);
    table.update([peer('a', { bytesUp: 20_000 })], 2000);
    table.update([peer('a', { bytesUp: 20_000 })], 4000);
    table.update([peer('a', { bytesUp: 20_000 })], 6000);
    // Only samples of the last 3 s count: nothing was uploaded since t = 2 s.
    expect(table.rows(6000)[0]!.upRate).toBe(0);
  });

  it('keeps a peer that left, greyed with its reason, then forgets it', () => {
    const table = new PeerTable(10_000);
    table.update([peer('a'), peer('b', { connectedMs: 5000 })], 0);
    table.left('a', 'closed by remote', 1000);
    table.update([peer('b', { connectedMs: 6000 })], 1000);
    const rows = table.rows(1000);
    expect(rows.map((r) => [r.id, r.state, r.reason])).toEqual([
      ['b', 'connected', null],
      ['a', 'left', 'closed by remote'],
    ]);
    expect(rows[1]!.downRate).toBe(0);
    expect(table.rows(11_001).map((r) => r.id)).toEqual(['b']);
  });

  it('marks a peer missing from stats as left even without an event', () => {
    const table = new PeerTable();
    table.update([peer('a')], 0);
    table.update([], 500);
    expect(table.rows(500)[0]).toMatchObject({ id: 'a', state: 'left', reason: null, goneAtMs: 500 });
  });

  it('lets a ban win over the disconnect that follows it', () => {
    const table = new PeerTable();
    table.update([peer('a', { shardsGiven: 3 })], 0);
    table.banned('a', 'bad shard hash', 100);
    table.update([peer('a', { shardsGiven: 3 })], 150); // link not closed yet
    table.left('a', 'banned', 200);
    table.update([], 300);
    expect(table.rows(300)[0]).toMatchObject({ state: 'banned', reason: 'bad shard hash', shardsGiven: 3 });
  });

  it('starts a fresh row when a peer that left comes back', () => {
    const table = new PeerTable();
    table.update([peer('a', { bytesUp: 900 })], 0);
    table.left('a', null, 100);
    table.update([peer('a', { bytesUp: 0, connectedMs: 10 })], 200);
    expect(table.rows(200)).toEqual([expect.objectContaining({ id: 'a', state: 'connected', upRate: 0 })]);
  });

  it('keeps a row for a ban of a peer it never saw', () => {
    const table = new PeerTable();
    table.banned('z', 'sent garbage', 0);
    expect(table.rows(0)[0]).toMatchObject({ id: 'z', state: 'banned', reason: 'sent garbage' });
  });
});

describe('peer state words', () => {
  it('says who chokes whom and why, in words', () => {
    const table = new PeerTable();
    table.update(
      [
        peer('a', { connectedMs: 3 }),
        peer('b', { connectedMs: 2, choked: { byPeer: 'busy', byUs: null } }),
        peer('c', { connectedMs: 1, choked: { byPeer: 'not-uploading', byUs: 'busy' } }),
      ],
      0,
    );
    const [a, b, c] = table.rows(0);
    expect(peerStateWords(a!, 0)).toBe('connected');
    expect(isChoked(a!)).toBe(false);
    expect(peerStateWords(b!, 0)).toBe('connected · choked by peer (its upload is full)');
    expect(peerStateWords(c!, 0)).toBe(
      'connected · choked by peer (it does not upload) · choked by us (our upload is full)',
    );
    expect(isChoked(c!)).toBe(true);
  });

  it('drops the choke of a peer that left, and says when and why it went', () => {
    const table = new PeerTable();
    table.update([peer('a', { choked: { byPeer: null, byUs: 'not-uploading' } })], 0);
    table.banned('a', 'bad shard hash', 1000);
    const [row] = table.rows(4000);
    expect(row!.choked).toEqual({ byPeer: null, byUs: null });
    expect(peerStateWords(row!, 4000)).toBe('banned 3 s ago (bad shard hash)');
    expect(isChoked(row!)).toBe(false);
  });
});
