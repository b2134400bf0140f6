import { describe, expect, it } from 'vitest';
import type { PeerSession } from '../swarm/peer-session.ts';
import { awaitingHoldings, HOLDINGS_WAIT_MS, PEER_WARMUP_MS } from './peer-expectation.ts';

const peer = (connectedAt: number, holdingsKnown: boolean) =>
  ({ connectedAt, holdingsKnown }) as unknown as PeerSession;

describe('awaitingHoldings', () => {
  it('holds a young joiner back while a peer that just connected has not said what it holds', () => {
    expect(awaitingHoldings([peer(1000, false)], 0, 1000 + HOLDINGS_WAIT_MS - 1)).toBe(true);
    expect(awaitingHoldings([peer(1000, true), peer(1000, false)], 0, 1100)).toBe(true);
  });

  it('stops waiting once every peer has spoken, or a silent one has had its time', () => {
    expect(awaitingHoldings([peer(1000, true)], 0, 1100)).toBe(false);
    expect(awaitingHoldings([peer(1000, false)], 0, 1000 + HOLDINGS_WAIT_MS)).toBe(false);
    expect(awaitingHoldings([], 0, 1100)).toBe(false);
  });

  it('never holds back a viewer past its warm-up: new neighbours do not delay its shares', () => {
    expect(awaitingHoldings([peer(PEER_WARMUP_MS, false)], 0, PEER_WARMUP_MS + 10)).toBe(false);
  });
});
