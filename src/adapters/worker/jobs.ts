// The work itself, shared by the worker and the inline fallback: coding through the core coder,
// hashing as hashing.ts says. Results are fresh to the caller (never the request's buffers), so
// they are safe to transfer; `alloc` gives the worker's warm buffers (warm-buffers.ts).

import {
  type CodingParams,
  checkSegmentFits,
  type ErasureCoder,
  type ShardInput,
  validateParams,
} from '../../core/coding/index.ts';
import { hashBuffers } from './hashing.ts';
import type { JobRequest } from './protocol.ts';

/** A zeroed array of `bytes` bytes that nobody else holds. */
export type Alloc = (bytes: number) => Uint8Array;

const fresh: Alloc = (bytes) => new Uint8Array(bytes);

export async function runJob(
  coder: ErasureCoder,
  job: JobRequest,
  alloc: Alloc = fresh,
): Promise<Uint8Array[]> {
  switch (job.cmd) {
    case 'encode':
      return encodeParity(coder, job.segment, job.params, alloc);
    case 'decode':
      return [decodeSegment(coder, job.shards, job.params, job.length, alloc)];
    case 'hash':
      return hashBuffers(job.algorithm, job.buffers);
  }
}

/** The m parity shards as views of one buffer: one allocation, and one transfer, instead of m. */
export function encodeParity(
  coder: ErasureCoder,
  segment: Uint8Array,
  p: CodingParams,
  alloc: Alloc = fresh,
): Uint8Array[] {
  validateParams(p);
  checkSegmentFits(segment.length, p);
  const s = p.shardSize;
  const block = alloc(p.m * s);
  const parity = Array.from({ length: p.m }, (_, r) => block.subarray(r * s, (r + 1) * s));
  coder.encodeInto(segment, p, parity);
  return parity;
}

export function decodeSegment(
  coder: ErasureCoder,
  shards: readonly ShardInput[],
  p: CodingParams,
  length: number,
  alloc: Alloc = fresh,
): Uint8Array {
  // Checked before allocating, so bad input is a CodingError, not a RangeError.
  validateParams(p);
  checkSegmentFits(length, p);
  const out = alloc(length);
  coder.decodeInto(shards, p, out);
  return out;
}
