// Runs one (scenario, strategy) world and prints its summary as one JSON line: the CLI starts
// one of these per strategy, so strategies run in parallel on separate cores.

import { parseArgs } from 'node:util';
import type { Strategy } from './content.ts';
import { summarize } from './metrics.ts';
import { SCENARIOS } from './scenarios.ts';
import { World } from './world.ts';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'flash' },
    strategy: { type: 'string', default: 'shoal' },
    viewers: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    minutes: { type: 'string', default: '3' },
    scale: { type: 'string', default: '256' },
    'max-peers': { type: 'string', default: '12' },
    quiet: { type: 'boolean', default: false },
    /** Engine options as JSON over the strategy's own, e.g. '{"holdingsReplanDelayMs":20}'. */
    engine: { type: 'string', default: '{}' },
    /** `i/n`: run the i-th of n sub-swarms (every n-th viewer from i) with its own tracker. */
    shard: { type: 'string', default: '0/1' },
  },
});
const [shardIndex, shardCount] = values.shard.split('/').map(Number) as [number, number];

const scenario = SCENARIOS[values.scenario];
if (!scenario) throw new Error(`unknown scenario ${values.scenario}`);
const started = performance.now();
const world = await World.create({
  scenario,
  strategy: values.strategy as Strategy,
  viewers: Number(values.viewers),
  seed: Number(values.seed),
  durationMs: Number(values.minutes) * 60_000,
  scale: Number(values.scale),
  maxPeers: Number(values['max-peers']),
  engine: JSON.parse(values.engine),
  shard: { index: shardIndex, count: shardCount },
  onProgress: values.quiet
    ? undefined
    : (w) => {
        const t = w.clock.now();
        if (t % (process.env.SIM_DEBUG ? 5_000 : 60_000) === 0)
          process.stderr.write(
            `[${values.strategy}] t=${t / 1000}s events=${w.clock.events} wall=${((performance.now() - started) / 1000).toFixed(1)}s rss=${Math.round(process.memoryUsage().rss / 1048576)}MB\n`,
          );
      },
});
await world.run();
console.log(JSON.stringify(summarize(world, performance.now() - started)));
process.exit(0);
