import { describe, expect, it } from 'vitest';
import { Capability, type Message } from '../protocol/messages.ts';
import { readyPeer as session } from '../testing/ready-peer.ts';
import { VirtualClock } from '../testing/virtual-clock.ts';
import { clampReport, TOTALS_EVERY_MS, TotalsSharing } from './totals-sharing.ts';

function sharing() {
  const clock = new VirtualClock();
  const reader = session('reader', Capability.SHARES_TOTALS);
  const old = session('old', Capability.CAN_UPLOAD);
  const sent: Array<[string, Message]> = [];
  const totals = new TotalsSharing({
    clock,
    peers: new Set([reader, old]),
    send: (peer, message) => sent.push([peer.id, message]),
  });
  return { clock, totals, sent };
}

describe('TotalsSharing', () => {
  it('sends changed totals at most every TOTALS_EVERY_MS, in kB, only to peers that read them', async () => {
    const { clock, totals, sent } = sharing();
    totals.update({ delivered: 2_500, fromPeers: 1_999 });
    expect(sent).toEqual([['reader', { type: 'totals', deliveredKB: 2, fromPeersKB: 1 }]]);
    totals.update({ delivered: 9_000, fromPeers: 3_000 });
    totals.update({ delivered: 10_000, fromPeers: 4_000 });
    await clock.advance(TOTALS_EVERY_MS - 1);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    expect(sent.at(-1)).toEqual(['reader', { type: 'totals', deliveredKB: 10, fromPeersKB: 4 }]);
    // The same kilobytes again: nothing to say.
    await clock.advance(TOTALS_EVERY_MS);
    totals.update({ delivered: 10_400, fromPeers: 4_100 });
    await clock.advance(TOTALS_EVERY_MS);
    expect(sent).toHaveLength(2);
  });

  it('tells a peer that just arrived the latest totals at once', () => {
    const { totals, sent } = sharing();
    const late = session('late', Capability.SHARES_TOTALS | Capability.CAN_UPLOAD);
    totals.greet(late);
    expect(sent).toEqual([]); // nothing to tell yet
    totals.update({ delivered: 5_000, fromPeers: 0 });
    totals.greet(late);
    totals.greet(session('older', 0));
    expect(sent.map(([id]) => id)).toEqual(['reader', 'late']);
  });

  it('keeps what a peer reports on its session, clamped', () => {
    const { clock, totals } = sharing();
    const peer = session('p', Capability.SHARES_TOTALS);
    totals.receive(peer, { type: 'totals', deliveredKB: 3000, fromPeersKB: 1000 });
    expect(peer.reported).toEqual({ delivered: 3_000_000, fromPeers: 1_000_000, at: clock.now() });
  });
});

describe('clampReport (peer reports are untrusted)', () => {
  it('takes a plausible report as it is', () => {
    expect(clampReport(null, { delivered: 5e9, fromPeers: 4e9 }, 0)).toEqual({
      delivered: 5e9,
      fromPeers: 4e9,
      at: 0,
    });
  });

  it('caps a first report at six hours at 10 MB/s, and growth at 10 MB/s since the last', () => {
    const first = clampReport(null, { delivered: 4e12, fromPeers: 4e12 }, 0);
    expect(first.delivered).toBe(2.16e11);
    expect(first.fromPeers).toBe(2.16e11);
    const previous = { delivered: 1e6, fromPeers: 0, at: 1000 };
    expect(clampReport(previous, { delivered: 1e9, fromPeers: 1e9 }, 2000)).toEqual({
      delivered: 1e6 + 1e7,
      fromPeers: 1e7,
      at: 2000,
    });
  });

  it('never counts more from peers than delivered, and takes a fall as it is', () => {
    const previous = { delivered: 8e6, fromPeers: 6e6, at: 0 };
    expect(clampReport(previous, { delivered: 2e6, fromPeers: 2e6 }, 10)).toEqual({
      delivered: 2e6,
      fromPeers: 2e6,
      at: 10,
    });
  });
});
