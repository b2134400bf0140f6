import { describe, expect, it } from 'vitest';
import { HOST_ONLY_ICE_WAIT_MS, iceWaitMs, SERVER_ICE_WAIT_MS } from './ice-wait.ts';

describe('iceWaitMs', () => {
  it('signals soon after the host candidates when no server can add any', () => {
    expect(iceWaitMs([])).toBe(HOST_ONLY_ICE_WAIT_MS);
  });

  it('leaves STUN and TURN servers time to answer', () => {
    expect(iceWaitMs([{ urls: 'stun:stun.example.org:3478' }])).toBe(SERVER_ICE_WAIT_MS);
    expect(SERVER_ICE_WAIT_MS).toBeGreaterThan(HOST_ONLY_ICE_WAIT_MS);
  });
});
