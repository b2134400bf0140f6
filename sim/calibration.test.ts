// The simulator against the browser: e2e/p2p.spec.ts's "live x4" (four Chromium viewers 1 s
// apart, origin meter / bytes hls.js received after 25 s) is recorded in docs/scaling.md with a
// tolerance; the same setup in the simulator must land within it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from './metrics.ts';
import { SCENARIOS } from './scenarios.ts';
import { World } from './world.ts';

function recordedFigure(): { browser: number; tolerance: number } {
  const docs = readFileSync(new URL('../docs/scaling.md', import.meta.url), 'utf8');
  const match = /browser live x4 origin ratio: ([\d.]+) \(tolerance ±([\d.]+)\)/.exec(docs);
  if (!match) throw new Error('docs/scaling.md has no "browser live x4 origin ratio" line');
  return { browser: Number(match[1]), tolerance: Number(match[2]) };
}

describe('calibration against the browser', () => {
  it('four live viewers draw the origin share the e2e test measured, within the stated tolerance', async () => {
    const { browser, tolerance } = recordedFigure();
    for (const seed of [1, 2, 3]) {
      const world = await World.create({
        scenario: SCENARIOS.calibration!,
        strategy: 'shoal',
        viewers: 4,
        seed,
        // 4 joins 1 s apart, then 25 s, as the e2e test.
        durationMs: 28_000,
        scale: 256,
        maxPeers: 12,
      });
      await world.run();
      const summary = summarize(world, 0);
      expect(summary.stallRatio).toBe(0);
      expect(Math.abs(summary.originRatio - browser)).toBeLessThanOrEqual(tolerance);
    }
  });
});
