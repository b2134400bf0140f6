import { describe, expect, it } from 'vitest';
import { Capability, type Message } from '../protocol/messages.ts';
import { readyPeer } from '../testing/ready-peer.ts';
import { VirtualClock } from '../testing/virtual-clock.ts';
import {
  toldUplink,
  UPLINK_EVERY_MS,
  UPLINK_REFRESH_MS,
  UPLINK_TTL_MS,
  UplinkSharing,
} from './uplink-sharing.ts';

function sharing() {
  const clock = new VirtualClock();
  const reader = readyPeer('reader', Capability.SHARES_UPLINK);
  const old = readyPeer('old', Capability.CAN_UPLOAD | Capability.SHARES_TOTALS);
  const sent: Array<[string, Message]> = [];
  const uplink = new UplinkSharing({
    clock,
    peers: new Set([reader, old]),
    send: (peer, message) => sent.push([peer.id, message]),
  });
  return { clock, uplink, sent };
}

describe('UplinkSharing', () => {
  it('says nothing until the uplink is measured, then tells peers that read it, in bytes per second', () => {
    const { uplink, sent } = sharing();
    uplink.update(null);
    expect(sent).toEqual([]);
    expect(uplink.advertised).toBeNull();
    uplink.update(62.5);
    expect(sent).toEqual([['reader', { type: 'uplink', bytesPerSecond: 62_500 }]]);
    expect(uplink.advertised).toBe(62_500);
  });

  it('sends a change of more than a fifth at most every UPLINK_EVERY_MS, and ignores smaller ones', async () => {
    const { clock, uplink, sent } = sharing();
    uplink.update(100);
    uplink.update(115); // within a fifth: not worth a frame
    await clock.advance(UPLINK_EVERY_MS);
    expect(sent).toHaveLength(1);
    uplink.update(50);
    expect(sent.at(-1)![1]).toEqual({ type: 'uplink', bytesPerSecond: 50_000 });
    uplink.update(10);
    uplink.update(12);
    await clock.advance(UPLINK_EVERY_MS - 1);
    expect(sent).toHaveLength(2);
    await clock.advance(1);
    expect(sent.at(-1)![1]).toEqual({ type: 'uplink', bytesPerSecond: 12_000 });
    expect(uplink.advertised).toBe(12_000);
  });

  it('refreshes a steady rate every UPLINK_REFRESH_MS; once no longer measured, it expires on both sides', async () => {
    const { clock, uplink, sent } = sharing();
    uplink.update(100);
    await clock.advance(UPLINK_REFRESH_MS - 1);
    uplink.update(101);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    uplink.update(101);
    expect(sent).toHaveLength(2);
    const peer = readyPeer('p', Capability.SHARES_UPLINK);
    uplink.receive(peer, { type: 'uplink', bytesPerSecond: 101_000 });
    uplink.update(null); // the uplink is not measured any more: nothing to refresh
    await clock.advance(UPLINK_TTL_MS);
    expect(uplink.advertised).toBe(101_000);
    expect(toldUplink(peer, clock.now())).toBe(101_000);
    await clock.advance(1);
    expect(uplink.advertised).toBeNull();
    expect(toldUplink(peer, clock.now())).toBeNull();
    expect(sent).toHaveLength(2);
  });

  it('a told 0 (not uploading) lasts until replaced', async () => {
    const { clock, uplink } = sharing();
    const peer = readyPeer('p', Capability.SHARES_UPLINK);
    uplink.update(0);
    uplink.receive(peer, { type: 'uplink', bytesPerSecond: 0 });
    await clock.advance(UPLINK_TTL_MS * 3);
    expect(uplink.advertised).toBe(0);
    expect(toldUplink(peer, clock.now())).toBe(0);
  });

  it('tells a peer that just arrived at once, and keeps what a peer tells on its session', () => {
    const { uplink, sent } = sharing();
    const late = readyPeer('late', Capability.SHARES_UPLINK);
    uplink.greet(late);
    expect(sent).toEqual([]);
    uplink.update(0); // stopped uploading
    uplink.greet(late);
    uplink.greet(readyPeer('older', 0));
    expect(sent.map(([id]) => id)).toEqual(['reader', 'late']);
    uplink.receive(late, { type: 'uplink', bytesPerSecond: 9 });
    expect(toldUplink(late, 0)).toBe(9);
  });
});
