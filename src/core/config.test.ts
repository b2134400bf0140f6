import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, resolveConfig } from './config.ts';

describe('resolveConfig', () => {
  it('fills defaults', () => {
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig({ maxPeers: 3 }).maxPeers).toBe(3);
  });

  it('names the bad field', () => {
    expect(() => resolveConfig({ maxPeers: -1 })).toThrow(ConfigError);
    expect(() => resolveConfig({ p2p: 'yes' as unknown as boolean })).toThrow(/p2p must be a boolean/);
    expect(() => resolveConfig({ nope: 1 } as never)).toThrow(/nope is not a known option/);
  });
});
