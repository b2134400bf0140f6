// The coding ops the bench worker times on one segment and code: ours through runJob (the coding
// worker's job code: fresh output buffers, as the worker must transfer them), ours in place in a
// CodingArena (no copies), and @digitaldefiance/reed-solomon-erasure.wasm on one contiguous shard
// buffer as its README says. All decodes rebuild the first m data shards. Each path is checked
// once against the segment before it is timed.

import { ReedSolomonErasure } from '@digitaldefiance/reed-solomon-erasure.wasm';
import ddWasmUrl from '@digitaldefiance/reed-solomon-erasure.wasm/wasm?url';
import { runJob } from '../../src/adapters/worker/jobs.ts';
import type { ErasureCoder } from '../../src/core/coding/index.ts';
import type { WorkerOp } from './protocol.ts';

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
): Promise<Record<WorkerOp, () => unknown>> {
  const params = { k, m, shardSize: Math.ceil(segment.length / k) };
  const s = params.shardSize;
  const length = segment.length;

  const parity = coder.encode(segment, params);
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
    'ours-encode': () => runJob(coder, encodeJob),
    'ours-decode': () => runJob(coder, decodeJob),
    'arena-encode': () => arena.encode(length),
    'arena-decode': () => arena.decode(present),
    'dd-encode': () => check(rs.encode(shards, k, m)),
    'dd-decode': () => check(rs.reconstruct(shards, k, m, available)),
  };
}
