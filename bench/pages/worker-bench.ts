// bench:worker's page (built by Vite, driven by bench/worker.ts). In this one page: hashing in a
// module worker, then per code a 2 MiB segment through Shoal's real coding worker (WorkerCoder,
// timed from here: staging, transfers and the job, after idle time or back to back; and the part
// that blocks this thread: staging the inputs and posting) and, in the bench worker, the same job
// code (warm or fresh result buffers) timed inside the worker, ours in place, and
// @digitaldefiance/reed-solomon-erasure.wasm.
// Progress lines start with "bench:"; the result lands on window.__benchDone.

import { createWorkerCoder } from '../../src/adapters/worker/index.ts';
import { BenchWorkerClient } from '../worker/client.ts';
import { interleave, type TimedOp, timeCalls, timeSyncPart } from '../worker/interleave.ts';
import type { CodingImpl, CodingRow, HashRow, PageResult, WorkerInfo, WorkerOp } from '../worker/protocol.ts';
import { median, randomBytes, round } from '../worker/stats.ts';

declare global {
  interface Window {
    __benchDone?: Promise<PageResult | { error: string }>;
  }
}

const KiB = 1024;
const MiB = 1024 * KiB;
const SEGMENT_BYTES = 2 * MiB;
/** 256 B to 4 KiB: where one awaited subtle call may cost more than hashing in JS (SUBTLE_MIN_BYTES). */
const HASH_SIZES = [256, 1 * KiB, 4 * KiB, 16 * KiB, 32 * KiB, 64 * KiB, 2 * MiB];
const HASH_ROUNDS = 7;
const HASH_ROUND_BYTES = 4 * MiB;
/** Small buffers: fewer bytes per round, or thousands of calls would make the bench crawl. */
const SMALL_HASH_ROUND_BYTES = 1 * MiB;
const CONFIGS = [
  [8, 4],
  [16, 8],
  [32, 16],
] as const;
const BURST = 3;
const WARMUP_MS = 2000;
/** Idle time before each 'round trip' call: a viewer's jobs come seconds apart, not back to back. */
const IDLE_GAP_MS = 15;

const query = new URLSearchParams(location.search);
const ROUNDS = Number(query.get('rounds') ?? 25);

function progress(line: string): void {
  console.log(`bench: ${(performance.now() / 1000).toFixed(1)} s: ${line}`);
}

async function run(): Promise<PageResult> {
  const bench = new BenchWorkerClient(
    new Worker(new URL('../worker/bench.worker.ts', import.meta.url), { type: 'module' }),
  );
  const coder = createWorkerCoder();
  try {
    const info = await coder.ready;
    const worker = await bench.request<WorkerInfo>({ cmd: 'info' });
    if (info.where !== 'worker') throw new Error('the coding worker did not start');

    const hashing: HashRow[] = [];
    for (const size of HASH_SIZES) {
      progress(`hashing ${size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`} buffers`);
      hashing.push(
        await bench.request<HashRow>({
          cmd: 'hash',
          size,
          rounds: HASH_ROUNDS,
          roundBytes: size < 16 * KiB ? SMALL_HASH_ROUND_BYTES : HASH_ROUND_BYTES,
        }),
      );
    }

    // An empty hash job: what a round trip to the coding worker costs before any work.
    const ping = await timeCalls(200, () => coder.hash('sha256', []));

    const coding: CodingRow[] = [];
    for (const [k, m] of CONFIGS) {
      const config = `${k}+${m}`;
      progress(`coding ${config}`);
      const segment = randomBytes(SEGMENT_BYTES);
      const params = { k, m, shardSize: Math.ceil(SEGMENT_BYTES / k) };
      const s = params.shardSize;
      await bench.request({ cmd: 'coding-setup', segment, k, m });
      // The engine's path: WorkerCoder stages its inputs, transfers them, and gets its results back
      // (in buffers the worker warmed while idle, when it was).
      const parity = await coder.encode(segment, params);
      const survivors = [
        ...Array.from({ length: k - m }, (_, j) => ({
          index: m + j,
          data: segment.slice((m + j) * s, (m + j + 1) * s),
        })),
        ...parity.map((data, i) => ({ index: k + i, data })),
      ];
      const rebuilt = await coder.decode(survivors, params, SEGMENT_BYTES);
      if (!rebuilt.every((b, i) => b === segment[i])) throw new Error('round-trip decode differs');

      const inWorker = (op: WorkerOp): TimedOp => ({
        run: (calls) => bench.request<number[]>({ cmd: 'coding-run', op, calls }),
      });
      const ops: [CodingImpl, 'encode' | 'decode', TimedOp][] = [
        [
          'round trip',
          'encode',
          { run: (n) => timeCalls(n, () => coder.encode(segment, params), IDLE_GAP_MS) },
        ],
        [
          'round trip',
          'decode',
          { run: (n) => timeCalls(n, () => coder.decode(survivors, params, SEGMENT_BYTES), IDLE_GAP_MS) },
        ],
        ['round trip, busy', 'encode', { run: (n) => timeCalls(n, () => coder.encode(segment, params)) }],
        [
          'round trip, busy',
          'decode',
          { run: (n) => timeCalls(n, () => coder.decode(survivors, params, SEGMENT_BYTES)) },
        ],
        ['main thread', 'encode', { run: (n) => timeSyncPart(n, () => coder.encode(segment, params)) }],
        [
          'main thread',
          'decode',
          { run: (n) => timeSyncPart(n, () => coder.decode(survivors, params, SEGMENT_BYTES)) },
        ],
        ['in worker', 'encode', inWorker('ours-encode')],
        ['in worker', 'decode', inWorker('ours-decode')],
        ['in worker, fresh', 'encode', inWorker('fresh-encode')],
        ['in worker, fresh', 'decode', inWorker('fresh-decode')],
        ['in worker, in place', 'encode', inWorker('arena-encode')],
        ['in worker, in place', 'decode', inWorker('arena-decode')],
        ['digitaldefiance', 'encode', inWorker('dd-encode')],
        ['digitaldefiance', 'decode', inWorker('dd-decode')],
      ];
      const samples = await interleave(
        ops.map(([, , op]) => op),
        ROUNDS,
        BURST,
        WARMUP_MS,
      );
      ops.forEach(([impl, op], i) => {
        const ms = samples[i]!;
        coding.push({
          config,
          impl,
          op,
          samples: ms.length,
          medianMs: round(median(ms), 4),
          minMs: round(Math.min(...ms), 4),
        });
      });
    }

    return {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated,
      coder: info,
      worker,
      rounds: ROUNDS,
      burst: BURST,
      idleGapMs: IDLE_GAP_MS,
      pingMs: { median: round(median(ping), 4), min: round(Math.min(...ping), 4) },
      hashRounds: HASH_ROUNDS,
      hashRoundBytes: HASH_ROUND_BYTES,
      hashing,
      coding,
    };
  } finally {
    coder.close();
    bench.close();
  }
}

window.__benchDone = run().then(
  (result) => {
    document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
    return result;
  },
  (error: unknown) => {
    document.getElementById('out')!.textContent = String(error);
    return { error: String(error) };
  },
);
