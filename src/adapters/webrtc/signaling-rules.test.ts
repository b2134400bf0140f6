import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTabMessage } from './tab-messages.ts';
import type { TrackerState } from './tracker-client.ts';
import { summarise } from './tracker-status.ts';

const low = '1'.repeat(40);
const high = 'f'.repeat(40);

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
