// npm run sim -- --scenario <name> [--viewers N] … (npm run sim -- --help lists the options, args.ts).
// Runs each strategy on the same simulated swarm (same seed: same viewers, links, joins), one
// child process per strategy (at most --parallel at once, one core each); prints a table, then
// one JSON line. With --shards n, each run is n sub-swarms (every n-th viewer, own tracker) in n
// processes, merged into one row. With --sweep, runs each size and writes an SVG of origin egress
// and stalls against swarm size. --with adds the runs of earlier saved outputs (same scenario) to
// the table and plot, so a long 10,000-viewer run need not be repeated for a sweep.

import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CliError } from '../tools/cli-args.ts';
import { parseSimArgs, type SimArgs, USAGE } from './args.ts';
import { childScript } from './bundle.ts';
import { EarlierRunError, readEarlierRuns } from './earlier-runs.ts';
import { mergeSummaries, type RunSummary } from './metrics.ts';
import { SCENARIOS } from './scenarios.ts';
import { chart, type Series, svgDocument } from './svg.ts';

let args: SimArgs;
let earlier: RunSummary[] = [];
try {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (!parsed) {
    console.log(USAGE);
    process.exit(0);
  }
  args = parsed;
  earlier = readEarlierRuns(args.with, args.scenario);
} catch (e) {
  if (!(e instanceof CliError) && !(e instanceof EarlierRunError)) throw e;
  console.error(`sim: ${e.message}\n\n${USAGE}`);
  process.exit(2);
}
const { strategies, sizes, shards } = args;

const commandStarted = performance.now();
const script = await childScript(args.parallel);

function runOne(strategy: string, viewers: number, shard: number): Promise<RunSummary> {
  const childArgs = ['--scenario', args.scenario, '--strategy', strategy, '--viewers', String(viewers)];
  childArgs.push(
    '--minutes',
    String(args.minutes),
    '--seed',
    String(args.seed),
    '--scale',
    String(args.scale),
  );
  childArgs.push(
    '--max-peers',
    String(args.maxPeers),
    '--engine',
    args.engine,
    '--shard',
    `${shard}/${shards}`,
  );
  return new Promise((resolve, reject) => {
    const child = fork(script.path, childArgs, {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      execArgv: script.execArgv,
    });
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${strategy} x${viewers} exited with ${code}`));
      else resolve(JSON.parse(line) as RunSummary);
    });
  });
}

/** Runs jobs with at most `limit` at once (one core each). */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)}` : '-');

const combos = sizes.flatMap((n) => strategies.map((s) => [s, n] as const));
const jobs = combos.flatMap(([s, n]) => Array.from({ length: shards }, (_, i) => () => runOne(s, n, i)));
const parts = await pool(jobs, args.parallel);
/** The whole command's wall time: with --shards, a row's `wall s` is only its longest part. */
const commandWallS = (performance.now() - commandStarted) / 1000;
const runs = combos
  .map(([_s, n], c) => {
    const mine = parts.slice(c * shards, (c + 1) * shards);
    return shards === 1 ? mine[0]! : mergeSummaries(mine, n);
  })
  .concat(earlier)
  .sort((a, b) => a.viewers - b.viewers);

const header = [
  'viewers',
  'min',
  'strategy',
  'origin/CDN',
  'bound/CDN',
  'floor/CDN',
  'P2P share',
  'stall ratio',
  'stalled',
  'startup p50 ms',
  'p95 ms',
  'upload Mbit/s',
  'upload wasted',
  'events',
  'wall s',
  'RSS MB',
];
const rows = runs.map((r) => [
  String(r.viewers),
  String(+(r.simulatedS / 60).toFixed(2)),
  r.strategy,
  r.originRatio.toFixed(4),
  r.boundRatio.toFixed(4),
  r.floorRatio === undefined ? '-' : r.floorRatio.toFixed(4),
  pct(r.p2pShare),
  pct(r.stallRatio),
  pct(r.stalledSessions),
  ms(r.startupMedianMs),
  ms(r.startupP95Ms),
  (r.uploadBps / 1e6).toFixed(2),
  r.uploadWasted === undefined ? '-' : pct(r.uploadWasted),
  String(r.events),
  r.wallS.toFixed(1),
  String(r.peakRssMB),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`scenario ${args.scenario}: ${SCENARIOS[args.scenario]!.description}`);
console.log(
  `${args.minutes} simulated min, seed ${args.seed}, payload scale 1/${args.scale} (coding runs on scaled-down payloads, hashing is modelled; links and origin charge full sizes)`,
);
if (shards > 1)
  console.log(
    `each run: ${shards} sub-swarms (every ${shards}th viewer, own tracker), merged; its wall s is its longest sub-swarm's`,
  );
if (args.engine !== '{}') console.log(`engine options: ${args.engine}`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

for (const n of new Set(runs.map((r) => r.viewers))) {
  const at = runs.filter((r) => r.viewers === n);
  const shoal = at.find((r) => r.strategy === 'shoal');
  const whole = at.find((r) => r.strategy === 'whole');
  if (shoal) {
    const gap = shoal.originRatio - shoal.boundRatio;
    console.log(
      `n=${n}: shoal origin ${shoal.originRatio.toFixed(4)} vs bound ${shoal.boundRatio.toFixed(4)} (gap ${gap.toFixed(4)} of CDN-only; ${floorNote(shoal)})${whole ? `; whole-segment / shoal origin = ${(whole.originRatio / shoal.originRatio).toFixed(2)}x` : ''}`,
    );
    const reasons = Object.entries(shoal.originByReason ?? {})
      .map(([reason, ratio]) => `${reason} ${ratio.toFixed(4)}`)
      .join(', ');
    console.log(
      `n=${n}: shoal origin by reason: ${reasons || '-'}; upload used ${pct(shoal.uploadOfCapacity)} of capacity; ${(shoal.peakRssMB / n).toFixed(2)} MB RSS per viewer`,
    );
  }
}

/** Shoal's origin egress against the start-up floor (absent from runs saved before the floor existed). */
function floorNote(r: RunSummary): string {
  if (r.floorRatio === undefined) return 'no start-up floor in this saved run';
  return `start-up floor ${r.floorRatio.toFixed(4)}, ${(r.originRatio / r.floorRatio).toFixed(2)}x of it`;
}

console.log(
  `wall time of this command: ${commandWallS.toFixed(1)} s for ${jobs.length} processes, at most ${args.parallel} at once (runs merged from --with not included)`,
);

if (args.svg) {
  const colors: Record<string, string> = { cdn: '#888', shoal: '#1565c0', whole: '#e65100' };
  const plotted = [...new Set(runs.map((r) => r.strategy))];
  const series = (pick: (r: RunSummary) => number): Series[] =>
    plotted.map((s) => ({
      label: s === 'whole' ? 'whole segment (k=1)' : s === 'cdn' ? 'CDN only' : 'Shoal (k of n)',
      color: colors[s] ?? '#000',
      points: runs.filter((r) => r.strategy === s).map((r) => [r.viewers, pick(r)] as [number, number]),
    }));
  const bound: Series = {
    label: 'physical bound',
    color: '#2e7d32',
    points: runs
      .filter((r) => r.strategy === 'shoal')
      .map((r) => [r.viewers, r.boundRatio] as [number, number]),
  };
  const floor: Series = {
    label: 'start-up floor',
    color: '#9e9d24',
    points: runs
      .filter((r) => r.strategy === 'shoal' && r.floorRatio !== undefined)
      .map((r) => [r.viewers, r.floorRatio] as [number, number]),
  };
  const maxStall = Math.max(0.001, ...runs.map((r) => r.stallRatio));
  const svg = svgDocument(1000, 380, [
    chart([...series((r) => r.originRatio), bound, ...(floor.points.length > 0 ? [floor] : [])], {
      title: `${args.scenario}: origin egress / CDN-only`,
      yLabel: 'origin / CDN-only',
      x: 0,
      y: 0,
      width: 500,
      height: 380,
      yMax: 1,
    }),
    chart(
      series((r) => r.stallRatio),
      {
        title: `${args.scenario}: stall time / watch time`,
        yLabel: 'stall ratio',
        x: 500,
        y: 0,
        width: 500,
        height: 380,
        yMax: maxStall * 1.1,
      },
    ),
  ]);
  writeFileSync(args.svg, svg);
  console.log(`wrote ${args.svg}`);
}

console.log(
  JSON.stringify({
    scenario: args.scenario,
    minutes: args.minutes,
    seed: args.seed,
    shards,
    wallS: commandWallS,
    engine: JSON.parse(args.engine),
    runs: runs.map(({ raw, ...r }) => ({ ...r, raw: { ...raw, startups: undefined } })),
  }),
);
