// npm run sim's command line, checked before any child process starts: a typo gets a clear
// usage error (exit 2), not a stack trace from a child or a NaN-sized swarm.

import { CliError, intFlag, parseCommandArgs } from '../tools/cli-args.ts';
import type { Strategy } from './content.ts';
import { SCENARIOS } from './scenarios.ts';

export const STRATEGIES: readonly Strategy[] = ['cdn', 'shoal', 'whole'];
export const DEFAULT_ENGINE = '{"holdingsReplanDelayMs":20,"liveSplitByUplink":true}';

export interface SimArgs {
  scenario: string;
  /** Swarm sizes to run: one, or the --sweep list. */
  sizes: number[];
  minutes: number;
  seed: number;
  strategies: Strategy[];
  svg: string | null;
  scale: number;
  maxPeers: number;
  parallel: number;
  shards: number;
  /** Engine options as JSON, passed on to every run. */
  engine: string;
  /** Saved outputs of earlier runs to add to the table. */
  with: string[];
}

export const USAGE = `npm run sim -- [options]
  --scenario NAME    ${Object.keys(SCENARIOS).join(' | ')} (default flash)
  --viewers N        swarm size (default 100)
  --sweep N,N,...    several swarm sizes, for the plot (instead of --viewers)
  --minutes M        simulated minutes, decimals allowed (default 3)
  --seed S           the seed: same seed, same viewers, links and joins (default 1)
  --strategies LIST  of ${STRATEGIES.join(', ')} (default all)
  --svg PATH         write the plot of origin egress and stalls against swarm size
  --scale N          real bytes stand for N virtual bytes (default 256)
  --max-peers N      links per viewer (default 12)
  --parallel N       child processes at once, one core each (default 2)
  --shards N         run each swarm as N sub-swarms in N processes (default 1)
  --engine JSON      engine options over the strategy's own (default ${DEFAULT_ENGINE})
  --with FILE,...    add the runs of earlier saved outputs (same scenario)`;

const MAX_VIEWERS = 100_000;

/** Parses argv; null when --help was asked for. Throws CliError('usage') on bad input. */
export function parseSimArgs(argv: string[]): SimArgs | null {
  const values = parseCommandArgs(argv, {
    scenario: { type: 'string' },
    viewers: { type: 'string' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    strategies: { type: 'string' },
    sweep: { type: 'string' },
    svg: { type: 'string' },
    scale: { type: 'string' },
    'max-peers': { type: 'string' },
    parallel: { type: 'string' },
    shards: { type: 'string' },
    engine: { type: 'string' },
    with: { type: 'string' },
  });
  if (!values) return null;
  const scenario = values.scenario ?? 'flash';
  if (!SCENARIOS[scenario])
    throw new CliError(
      'usage',
      `--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}, got "${scenario}"`,
    );
  if (values.sweep !== undefined && values.viewers !== undefined)
    throw new CliError('usage', 'give --viewers or --sweep, not both');
  const sizes =
    values.sweep !== undefined
      ? values.sweep.split(',').map((n) => intFlag('sweep', n.trim(), 0, 1, MAX_VIEWERS))
      : [intFlag('viewers', values.viewers, 100, 1, MAX_VIEWERS)];
  return {
    scenario,
    sizes,
    minutes: minutesFlag(values.minutes),
    seed: intFlag('seed', values.seed, 1, 0, 2 ** 31 - 1),
    strategies: strategiesFlag(values.strategies),
    svg: values.svg ?? null,
    scale: intFlag('scale', values.scale, 256, 1, 1 << 20),
    maxPeers: intFlag('max-peers', values['max-peers'], 12, 1, 64),
    parallel: intFlag('parallel', values.parallel, 2, 1, 64),
    shards: intFlag('shards', values.shards, 1, 1, 256),
    engine: engineFlag(values.engine),
    with: values.with ? values.with.split(',').filter(Boolean) : [],
  };
}

function minutesFlag(raw: string | undefined): number {
  if (raw === undefined) return 3;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > 24 * 60)
    throw new CliError('usage', `--minutes must be a number of minutes above 0, up to a day, got "${raw}"`);
  return value;
}

function strategiesFlag(raw: string | undefined): Strategy[] {
  if (raw === undefined) return [...STRATEGIES];
  const chosen = raw.split(',').map((s) => s.trim());
  for (const name of chosen)
    if (!(STRATEGIES as readonly string[]).includes(name))
      throw new CliError('usage', `--strategies takes ${STRATEGIES.join(', ')}, got "${name}"`);
  if (chosen.length === 0 || new Set(chosen).size !== chosen.length)
    throw new CliError('usage', `--strategies must name each strategy once, got "${raw}"`);
  return chosen as Strategy[];
}

function engineFlag(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_ENGINE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new CliError('usage', `--engine must be a JSON object: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CliError('usage', `--engine must be a JSON object of engine options, got ${raw}`);
  return raw;
}
