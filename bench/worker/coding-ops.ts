// The coding ops the bench worker times on one segment and code: ours through runJob (the coding
// worker's job code) with its results in warm buffers (warm-buffers.ts; the spare is touched
// before each call, untimed, as the coding worker does when idle) or in fresh ones (as when jobs
// come back to back, and in the inline fallback), ours in place in a CodingArena (no copies), and
// @digitaldefiance/reed-solomon-erasure.wasm on one contiguous shard buffer as its README says.
// All decodes rebuild the first m data shards. Each path is checked once before it is timed.

import { ReedSolomonErasure } from '@digitaldefiance/reed-solomon-erasure.wasm';
import ddWasmUrl from '@digitaldefiance/reed-solomon-erasure.wasm/wasm?url';
import { runJob } from '../../src/adapters/worker/jobs.ts';
import { WarmBuffers } from '../../src/adapters/worker/warm-buffers.ts';
import type { ErasureCoder } from '../../src/core/coding/index.ts';
import type { WorkerOp } from './protocol.ts';

export interface TimedWorkerOp {
  /** The timed call; a promise when it is async (runJob), awaited within the timing. */
  run(): unknown;
  /** Untimed, before each call: the worker's idle work. */
  idle?(): void;
}

let digitalDefiance: Promise<ReedSolomonErasure> | null = null;

/** Loaded once per worker, from the .wasm Vite emitted next to the bundle. */
function loadDigitalDefiance(): Promise<ReedSolomonErasure> {
  digitalDefiance ??= ReedSolomonErasure.fromResponse(fetch(new URL(ddWasmUrl, import.meta.url)));
  return digitalDefiance;
}

function expectSame(what: string, got: Uint8Array, want: Uint8Array): void {
  if (got.length !== want.length || !got.every((b, i) => b === want[i]))
    throw new Error(`${what}: decoded bytes differ from the segment`);
}

export async function prepareOps(
  coder: ErasureCoder,
  segment: Uint8Array,
  k: number,
  m: number,
): Promise<Record<WorkerOp, TimedWorkerOp>> {
  const params = { k, m, shardSize: Math.ceil(segment.length / k) };
  const s = params.shardSize;
  const length = segment.length;

  const parity = await runJob(coder, { id: 0, cmd: 'encode', segment, params });
  const survivors = [
    ...Array.from({ length: k - m }, (_, j) => ({
      index: m + j,
      data: segment.slice((m + j) * s, Math.min((m + j + 1) * s, length)),
    })),
    ...parity.map((data, i) => ({ index: k + i, data })),
  ];
  const encodeJob = { id: 0, cmd: 'encode' as const, segment, params };
  const decodeJob = { id: 0, cmd: 'decode' as const, shards: survivors, params, length };
  expectSame('runJob decode', (await runJob(coder, decodeJob))[0]!, segment);
  const warm = new WarmBuffers();
  const take = (bytes: number) => warm.take(bytes);
  const idle = () => {
    while (warm.refillStep());
  };
  // The warm path must really be warm: after a refill, each result is a spare.
  for (const job of [encodeJob, decodeJob, encodeJob, decodeJob]) await runJob(coder, job, take);
  idle();
  const warmResult = (await runJob(coder, decodeJob, take))[0]!;
  expectSame('warm runJob decode', warmResult, segment);
  if (!(warmResult.buffer as { resizable?: boolean }).resizable) throw new Error('no warm buffer used');

  const arena = await coder.createArena(params);
  arena.segment.set(segment);
  arena.encode(length);
  const present = Array.from({ length: k + m }, (_, i) => i).slice(m);
  arena.segment.fill(0, 0, m * s);
  arena.decode(present);
  expectSame('arena decode', arena.segment.subarray(0, length), segment);

  const rs = await loadDigitalDefiance();
  const shards = new Uint8Array((k + m) * s);
  shards.set(segment);
  const available = Array.from({ length: k + m }, (_, i) => i >= m);
  const check = (code: number) => {
    if (code !== ReedSolomonErasure.RESULT_OK) throw new Error(ReedSolomonErasure.getResultMessage(code));
  };
  check(rs.encode(shards, k, m));
  shards.fill(0, 0, m * s);
  check(rs.reconstruct(shards, k, m, available));
  expectSame('digitaldefiance reconstruct', shards.subarray(0, length), segment);

  return {
    'ours-encode': { run: () => runJob(coder, encodeJob, take), idle },
    'ours-decode': { run: () => runJob(coder, decodeJob, take), idle },
    'fresh-encode': { run: () => runJob(coder, encodeJob) },
    'fresh-decode': { run: () => runJob(coder, decodeJob) },
    'arena-encode': { run: () => arena.encode(length) },
    'arena-decode': { run: () => arena.decode(present) },
    'dd-encode': { run: () => check(rs.encode(shards, k, m)) },
    'dd-decode': { run: () => check(rs.reconstruct(shards, k, m, available)) },
  };
}
