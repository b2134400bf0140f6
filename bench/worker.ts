// bench:worker — hashing and erasure coding measured in headless Chromium, inside module Web
// Workers, in one page: @noble/hashes SHA-256 vs BLAKE3, crypto.subtle SHA-256 and the coding
// worker's own hash job on 256 B – 64 KiB and 2 MiB buffers; a 2 MiB segment at 8+4, 16+8 and
// 32+16 through Shoal's real coding worker (round trip from the main thread, after idle time and
// back to back, and the part that blocks the main thread) and timed inside a worker (the worker's
// job code with warm or fresh result buffers, and in place), against
// @digitaldefiance/reed-solomon-erasure.wasm on the same data. Prints tables, then one JSON line.
// Run: npm run bench:worker [-- --rounds N]   (N interleaved rounds, default 25)

import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/browser.ts';
import type { PageResult } from './worker/protocol.ts';
import { codingTable, hashTable, judge } from './worker/report.ts';
import { buildAndServe } from './worker/serve.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** The built page lives in the cache, not dist/, which other runs may be using. */
const OUT_DIR = resolve(ROOT, '.cache/bench-worker');
const TIMEOUT_MS = 150_000;

function roundsArg(args: string[]): number {
  const at = args.indexOf('--rounds');
  if (at < 0) return 25;
  const n = Number(args[at + 1]);
  if (!(Number.isInteger(n) && n > 0)) throw new Error('--rounds needs a positive integer');
  return n;
}

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

async function measure(rounds: number): Promise<{ result: PageResult; chromium: string }> {
  const page = await buildAndServe(ROOT, OUT_DIR);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 30_000,
  });
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => {
      if (message.text().startsWith('bench: ')) console.log(`… ${message.text().slice(7)}`);
    });
    await tab.goto(`${page.url}?rounds=${rounds}`);
    // A string, not a function: tsx's keepNames would hand the page a `__name` it lacks.
    await tab.waitForFunction('window.__benchDone !== undefined', null, { timeout: 30_000 });
    let timer: NodeJS.Timeout | undefined;
    const result = (await Promise.race([
      tab.evaluate('window.__benchDone'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`page did not finish in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer))) as PageResult | { error: string };
    if ('error' in result) throw new Error(`page: ${result.error}`);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return { result, chromium: browser.version() };
  } finally {
    await browser.close();
    await page.close();
  }
}

async function main(): Promise<void> {
  const rounds = roundsArg(process.argv.slice(2));
  const loadBefore = load();
  console.log(
    `bench:worker — building the page, then headless Chromium (load average ${loadBefore.join(' ')})`,
  );
  const started = performance.now();
  const { result, chromium: version } = await measure(rounds);
  const loadAfter = load();
  const seconds = Math.round((performance.now() - started) / 100) / 10;

  console.log('');
  console.log(
    `Chromium ${version}, ${result.hardwareConcurrency} cores seen, cross-origin isolated: ${result.crossOriginIsolated}; ` +
      `coding worker kernel ${result.coder.kernel} (${result.coder.where}), relaxed SIMD ${result.worker.relaxedSimd}`,
  );
  console.log(
    `Hashing in a module worker: median MiB/s of ${result.hashRounds} rounds of ~${
      result.hashRoundBytes / 2 ** 20
    } MiB each after a warm-up`,
  );
  console.log(hashTable(result.hashing));
  console.log('');
  console.log(
    `Coding a 2 MiB segment: median ms of ${result.rounds}×${result.burst} calls in interleaved rounds; ` +
      `MB/s = 10^6 segment bytes/s; x dd = digitaldefiance's time / ours. Empty round trip ${result.pingMs.median} ms; ` +
      `'round trip' calls follow ${result.idleGapMs} ms idle, 'busy' ones come back to back; 'main thread' = the call's synchronous part`,
  );
  console.log(codingTable(result.coding));
  const median = judge(result.coding, 'medianMs');
  const best = judge(result.coding, 'minMs');
  console.log('');
  for (const [target, met] of Object.entries(median.targets))
    console.log(`${met ? 'met   ' : 'MISSED'} ${target}`);
  console.log(`load average ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after; ${seconds} s`);
  const command = `npm run bench:worker -- ${process.argv.slice(2).join(' ')}`.trim();
  console.log(
    JSON.stringify({
      bench: 'worker',
      command,
      machine: {
        nproc: availableParallelism(),
        node: process.version,
        chromium: version,
        loadBefore,
        loadAfter,
      },
      page: {
        userAgent: result.userAgent,
        crossOriginIsolated: result.crossOriginIsolated,
        coder: result.coder,
        worker: result.worker,
      },
      rounds: result.rounds,
      burst: result.burst,
      idleGapMs: result.idleGapMs,
      pingMs: result.pingMs,
      hashRounds: result.hashRounds,
      hashRoundBytes: result.hashRoundBytes,
      hashing: result.hashing,
      coding: result.coding,
      unit: 'ms per 2 MiB segment',
      ratios: median.ratios,
      targets: median.targets,
      minRatios: best.ratios,
      minTargets: best.targets,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
