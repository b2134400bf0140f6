import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryStringToHex, infoHashOf, isBinaryString, peerIdOf, remoteIdOf } from './ids.ts';
import { encodeAnnounce, encodeAnswer, encodeScrape, parseTrackerMessage } from './tracker-messages.ts';

const infoHash = infoHashOf('swarm-a');
const self = peerIdOf('a'.repeat(40));
const other = peerIdOf('b'.repeat(40));

describe('ids', () => {
  it('maps swarm ids and self ids to 20-byte binary strings', () => {
    expect(isBinaryString(infoHash)).toBe(true);
    expect(binaryStringToHex(infoHashOf('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(remoteIdOf(peerIdOf('0123456789abcdef0123456789abcdef01234567'))).toBe(
      '0123456789abcdef0123456789abcdef01234567',
    );
    expect(isBinaryString(peerIdOf('not hex'))).toBe(true);
    expect(isBinaryString('\u0100'.repeat(20))).toBe(false);
  });
});

describe('parseTrackerMessage', () => {
  it('reads relayed offers and answers', () => {
    const offer = JSON.stringify({
      action: 'announce',
      info_hash: infoHash,
      peer_id: other,
      offer_id: 'x'.repeat(20),
      offer: { type: 'offer', sdp: 'v=0' },
    });
    expect(parseTrackerMessage(offer, infoHash, self)).toEqual({
      kind: 'offer',
      peerId: other,
      offerId: 'x'.repeat(20),
      sdp: 'v=0',
    });
    const answer = JSON.parse(encodeAnswer(infoHash, other, self, 'o1', 'v=1')) as Record<string, unknown>;
    delete answer.to_peer_id;
    expect(parseTrackerMessage(JSON.stringify(answer), infoHash, self)).toEqual({
      kind: 'answer',
      peerId: other,
      offerId: 'o1',
      sdp: 'v=1',
    });
  });

  it('reads replies and failures', () => {
    const reply = JSON.stringify({
      action: 'announce',
      info_hash: infoHash,
      interval: 120,
      complete: 0,
      incomplete: 3,
    });
    expect(parseTrackerMessage(reply, infoHash, self)).toEqual({
      kind: 'reply',
      intervalSeconds: 120,
      complete: 0,
      incomplete: 3,
    });
    const weird = JSON.stringify({
      action: 'announce',
      info_hash: infoHash,
      interval: -5,
      incomplete: 'lots',
    });
    expect(parseTrackerMessage(weird, infoHash, self)).toEqual({
      kind: 'reply',
      intervalSeconds: null,
      complete: 0,
      incomplete: 0,
    });
    expect(parseTrackerMessage(JSON.stringify({ 'failure reason': 'nope' }), infoHash, self)).toEqual({
      kind: 'failure',
      reason: 'nope',
    });
  });

  it("reads the swarm's size from a scrape, and nothing from a refused or foreign one", () => {
    expect(JSON.parse(encodeScrape(infoHash))).toEqual({ action: 'scrape', info_hash: infoHash });
    const files = (of: string, entry: unknown) =>
      JSON.stringify({ action: 'scrape', files: { [of]: entry } });
    expect(
      parseTrackerMessage(files(infoHash, { complete: 1, incomplete: 3, downloaded: 1 }), infoHash, self),
    ).toEqual({
      kind: 'count',
      complete: 1,
      incomplete: 3,
    });
    expect(parseTrackerMessage(files(infoHash, { incomplete: -2 }), infoHash, self)).toEqual({
      kind: 'count',
      complete: 0,
      incomplete: 0,
    });
    const refused = JSON.stringify({ action: 'scrape', 'failure reason': 'no scrape', info_hash: infoHash });
    const hostile = '{"action":"scrape","files":{"__proto__":{"complete":9}}}';
    for (const text of [
      files(infoHashOf('swarm-b'), { incomplete: 3 }),
      files(infoHash, 5),
      refused,
      hostile,
    ])
      expect(parseTrackerMessage(text, infoHash, self)).toBeNull();
  });

  it('ignores echoes, other swarms and malformed signals', () => {
    const base = { action: 'announce', info_hash: infoHash, peer_id: other, offer_id: 'o' };
    const bad: unknown[] = [
      { ...base, peer_id: self, offer: { type: 'offer', sdp: 'v=0' } },
      { ...base, info_hash: infoHashOf('swarm-b'), offer: { type: 'offer', sdp: 'v=0' } },
      { ...base, peer_id: 'short', offer: { type: 'offer', sdp: 'v=0' } },
      { ...base, offer: { type: 'answer', sdp: 'v=0' } },
      { ...base, offer: { type: 'offer', sdp: 42 } },
      { ...base, offer: { type: 'offer', sdp: 'x'.repeat(70_000) } },
      { ...base, offer: null },
      { ...base, offer_id: 7, answer: { type: 'answer', sdp: 'v=0' } },
      { ...base, action: 'scrape' },
      [1, 2],
      null,
      'announce',
    ];
    for (const message of bad)
      expect(parseTrackerMessage(JSON.stringify(message), infoHash, self)).toBeNull();
    expect(parseTrackerMessage('{not json', infoHash, self)).toBeNull();
    expect(parseTrackerMessage(42, infoHash, self)).toBeNull();
  });

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.anything().map((v) => JSON.stringify(v) ?? ''),
        ),
        (text) => {
          parseTrackerMessage(text, infoHash, self);
        },
      ),
    );
    const hostile = fc.record({
      action: fc.constantFrom('announce', 'scrape', 1),
      info_hash: fc.constantFrom(infoHash, 'x', undefined),
      peer_id: fc.oneof(fc.constant(other), fc.string()),
      offer_id: fc.anything(),
      offer: fc.anything(),
      answer: fc.anything(),
      interval: fc.anything(),
      'failure reason': fc.anything(),
    });
    fc.assert(
      fc.property(hostile, (message) => {
        const text = JSON.stringify(message, (_key, value) =>
          typeof value === 'bigint' ? String(value) : value,
        );
        parseTrackerMessage(text, infoHash, self);
      }),
    );
  });

  it('reads a failure reason that is not a string as a plain refusal', () => {
    // Found by the property above: String() of {"toString":0} throws.
    const text = JSON.stringify({ 'failure reason': { toString: 0 } });
    expect(parseTrackerMessage(text, infoHash, self)).toEqual({
      kind: 'failure',
      reason: 'the tracker refused (no reason given)',
    });
  });

  it('encodes announces the tracker server accepts', () => {
    const text = encodeAnnounce({
      infoHash,
      peerId: self,
      event: 'started',
      offers: [{ offerId: 'o', sdp: 's' }],
    });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.info_hash).toBe(infoHash);
    expect(parsed.peer_id).toBe(self);
    expect(parsed.numwant).toBe(1);
    expect(parsed.offers).toEqual([{ offer: { type: 'offer', sdp: 's' }, offer_id: 'o' }]);
  });
});
