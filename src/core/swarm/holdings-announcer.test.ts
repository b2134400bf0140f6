import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../protocol/codec.ts';
import { Capability, type Message } from '../protocol/messages.ts';
import { readyPeer } from '../testing/ready-peer.ts';
import { VirtualClock } from '../testing/virtual-clock.ts';
import { HoldingsAnnouncer } from './holdings-announcer.ts';

const seg = (sequence: number) => ({ rendition: 0, sequence });

function announcer() {
  const clock = new VirtualClock();
  const sent: Message[] = [];
  const news = new HoldingsAnnouncer(
    {
      clock,
      peers: new Set([readyPeer('p', Capability.CAN_UPLOAD)]),
      k: () => 8,
      // As the swarm does: every frame is encoded, and encoding rejects a malformed message.
      send: (_peer, message) => sent.push(decodeMessage(encodeMessage(message))),
    },
    250,
  );
  return { clock, news, sent };
}

describe('HoldingsAnnouncer', () => {
  it('a segment dropped and held again within one batch: the drop goes first, then the news', async () => {
    const { clock, news, sent } = announcer();
    news.announce(seg(1), [0], false);
    news.withdraw(seg(1));
    news.announce(seg(1), [3], false);
    await clock.advance(300);
    expect(sent).toEqual([
      { type: 'have-delta', added: [], dropped: [seg(1)] },
      { type: 'have-delta', added: [{ segment: seg(1), indices: [3] }], dropped: [] },
    ]);
  });

  it('a segment withdrawn twice is dropped once', async () => {
    const { clock, news, sent } = announcer();
    news.withdraw(seg(4));
    news.withdraw(seg(4));
    news.withdraw(seg(5));
    await clock.advance(300);
    expect(sent).toEqual([{ type: 'have-delta', added: [], dropped: [seg(4), seg(5)] }]);
  });
});
