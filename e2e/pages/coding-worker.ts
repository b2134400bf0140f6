// Round trip through the real coding worker: encode a random 2 MiB segment, lose m shards,
// decode, decode again after the worker sat idle (into a warm result buffer), and report on
// window.__codingResult for e2e/coding-worker.spec.ts.

import { createWorkerCoder } from '../../src/adapters/worker/index.ts';
import { chooseParams } from '../../src/core/coding/index.ts';

export interface CodingRoundTrip {
  equal: boolean;
  kernel: string;
  where: string;
  params: { k: number; m: number; shardSize: number };
  encodeMs: number;
  decodeMs: number;
  sha256Matches: boolean;
  segmentIntact: boolean;
  /** The parity shards are views of one transferred buffer. */
  parityInOneBuffer: boolean;
  /** A decode after the worker sat idle: right, and in a warm (resizable) buffer of exact length. */
  warmEqual: boolean;
  warmResizable: boolean;
  warmExactLength: boolean;
  error?: string;
}

declare global {
  interface Window {
    __codingResult?: CodingRoundTrip | { error: string };
  }
}

function randomSegment(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB per call.
  for (let at = 0; at < length; at += 65536) crypto.getRandomValues(out.subarray(at, at + 65536));
  return out;
}

async function run(): Promise<CodingRoundTrip> {
  const segment = randomSegment(2 * 1024 * 1024);
  const original: Uint8Array<ArrayBuffer> = segment.slice();
  const params = chooseParams(segment.length);
  const coder = createWorkerCoder();
  const { kernel, where } = await coder.ready;

  let t0 = performance.now();
  const parity = await coder.encode(segment, params);
  const encodeMs = performance.now() - t0;

  // Lose the first m data shards: decoding must rebuild them from parity.
  const shards = [];
  for (let i = params.m; i < params.k; i++) {
    shards.push({ index: i, data: segment.slice(i * params.shardSize, (i + 1) * params.shardSize) });
  }
  parity.forEach((data, i) => {
    shards.push({ index: params.k + i, data });
  });
  t0 = performance.now();
  const rebuilt = await coder.decode(shards, params, segment.length);
  const decodeMs = performance.now() - t0;

  // Idle time: the worker touches spare result buffers (warm-buffers.ts), then decodes into one.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const warm = await coder.decode(shards, params, segment.length);

  const [digest] = await coder.hash('sha256', [segment]);
  const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', original));
  coder.close();
  return {
    equal: rebuilt.length === original.length && rebuilt.every((b, i) => b === original[i]),
    kernel,
    where,
    params,
    encodeMs,
    decodeMs,
    sha256Matches: digest?.every((b, i) => b === expected[i]) === true,
    segmentIntact: segment.every((b, i) => b === original[i]),
    parityInOneBuffer: new Set(parity.map((p) => p.buffer)).size === 1,
    warmEqual: warm.length === original.length && warm.every((b, i) => b === original[i]),
    warmResizable: (warm.buffer as { resizable?: boolean }).resizable === true,
    warmExactLength: warm.buffer.byteLength === original.length,
  };
}

run().then(
  (result) => {
    window.__codingResult = result;
    document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
  },
  (error: unknown) => {
    window.__codingResult = { error: String(error) };
    document.getElementById('out')!.textContent = String(error);
  },
);
