import { describe, expect, it } from 'vitest';
import { CHOKE_HOLD_MS, Refusals } from './refusals.ts';

describe('Refusals', () => {
  it('holds a refusal for CHOKE_HOLD_MS', () => {
    const r = new Refusals();
    expect(r.state(0)).toBeNull();
    r.refused('busy', 1000);
    expect(r.state(1000)).toBe('busy');
    expect(r.state(1000 + CHOKE_HOLD_MS - 1)).toBe('busy');
    expect(r.state(1000 + CHOKE_HOLD_MS)).toBeNull();
  });

  it('is cleared by a shard served after the refusal, not before it', () => {
    const r = new Refusals();
    r.served(500);
    r.refused('not-uploading', 1000);
    expect(r.state(1200)).toBe('not-uploading');
    r.served(1300);
    expect(r.state(1400)).toBeNull();
    expect(r.everServed).toBe(true);
    r.refused('busy', 2000);
    expect(r.state(2100)).toBe('busy');
  });
});
