import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config.ts';
import { createShoal } from './shoal.ts';

describe('createShoal options', () => {
  it('refuses a live catch-up rate hls.js cannot use, with a typed error naming the option', () => {
    for (const rate of [0.5, 2.5, Number.NaN]) {
      expect(() => createShoal({ liveCatchUpRate: rate })).toThrow(ConfigError);
      expect(() => createShoal({ liveCatchUpRate: rate })).toThrow(/liveCatchUpRate/);
    }
  });
});
