import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseLink, type LinkRole } from './link-choice.ts';
import { parseTabMessage } from './tab-messages.ts';
import type { TrackerState } from './tracker-client.ts';
import { summarise } from './tracker-status.ts';

const low = '1'.repeat(40);
const high = 'f'.repeat(40);

describe('chooseLink', () => {
  it('keeps the same connection on both ends when both offered at once', () => {
    const roles: LinkRole[] = ['offerer', 'answerer'];
    const flip = (role: LinkRole): LinkRole => (role === 'offerer' ? 'answerer' : 'offerer');
    for (const first of roles) {
      // Each side holds one link and gets the other; a link is one side's offerer and the other's answerer.
      const lowChoice = chooseLink(low, high, { role: first, open: false }, flip(first), 1, 10);
      const highChoice = chooseLink(high, low, { role: flip(first), open: false }, first, 1, 10);
      // The connection where `low` offers survives on both ends.
      const lowKeepsOffer = first === 'offerer' ? lowChoice === 'reject' : lowChoice === 'replace';
      const highKeepsAnswer = first === 'offerer' ? highChoice === 'reject' : highChoice === 'replace';
      expect(lowKeepsOffer).toBe(true);
      expect(highKeepsAnswer).toBe(true);
    }
  });

  it('never replaces an open link, never links to itself, respects the cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<LinkRole>('offerer', 'answerer'),
        fc.constantFrom<LinkRole>('offerer', 'answerer'),
        (a, b) => {
          expect(chooseLink(low, high, { role: a, open: true }, b, 1, 10)).toBe('reject');
        },
      ),
    );
    expect(chooseLink(low, low, undefined, 'offerer', 0, 10)).toBe('reject');
    expect(chooseLink(low, high, undefined, 'answerer', 9, 10)).toBe('accept');
    expect(chooseLink(low, high, undefined, 'answerer', 10, 10)).toBe('reject');
  });
});

describe('parseTabMessage', () => {
  it('accepts well-formed messages, rebuilt from known fields', () => {
    expect(parseTabMessage({ app: 'shoal', type: 'hello', from: low, extra: 1 })).toEqual({
      app: 'shoal',
      type: 'hello',
      from: low,
    });
    expect(parseTabMessage({ app: 'shoal', type: 'offer', from: low, to: high, sdp: 'v=0' })).toEqual({
      app: 'shoal',
      type: 'offer',
      from: low,
      to: high,
      sdp: 'v=0',
    });
  });

  it('rejects anything else without throwing', () => {
    const bad: unknown[] = [
      null,
      'hello',
      { app: 'other', type: 'hello', from: low },
      { app: 'shoal', type: 'hello', from: 'bob' },
      { app: 'shoal', type: 'hello', from: low, to: 5 },
      { app: 'shoal', type: 'offer', from: low, sdp: 'v=0' },
      { app: 'shoal', type: 'answer', from: low, to: high, sdp: 'x'.repeat(70_000) },
      { app: 'shoal', type: 'bye', from: low, to: high },
    ];
    for (const message of bad) expect(parseTabMessage(message)).toBeNull();
    fc.assert(fc.property(fc.anything(), (value) => void parseTabMessage(value)));
  });
});

describe('summarise', () => {
  const of = (...states: TrackerState[]) => new Map(states.map((s, i) => [`ws://t${i}`, s]));
  it('reports online, degraded, connecting and offline', () => {
    expect(summarise(of({ kind: 'online' }, { kind: 'online' })).kind).toBe('online');
    expect(summarise(of({ kind: 'online' }, { kind: 'failed', detail: 'x' })).kind).toBe('degraded');
    expect(summarise(of({ kind: 'connecting' }, { kind: 'connecting' })).kind).toBe('connecting');
    expect(summarise(of({ kind: 'connecting' }, { kind: 'failed', detail: 'x' })).kind).toBe('connecting');
    expect(summarise(of({ kind: 'online' }, { kind: 'connecting' })).kind).toBe('degraded');
    expect(summarise(of({ kind: 'failed', detail: 'a' }, { kind: 'failed', detail: 'b' }))).toEqual({
      kind: 'offline',
      detail: 'a; b',
    });
  });
});
