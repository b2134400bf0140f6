// The work itself, shared by the worker and the inline fallback: coding through the core coder,
// hashing as hashing.ts says. Results are fresh buffers (never the request's), safe to transfer.

import {
  type CodingParams,
  checkSegmentFits,
  type ErasureCoder,
  validateParams,
} from '../../core/coding/index.ts';
import { hashBuffers } from './hashing.ts';
import type { JobRequest } from './protocol.ts';

export async function runJob(coder: ErasureCoder, job: JobRequest): Promise<Uint8Array[]> {
  switch (job.cmd) {
    case 'encode':
      return encodeParity(coder, job.segment, job.params);
    case 'decode':
      return [coder.decode(job.shards, job.params, job.length)];
    case 'hash':
      return hashBuffers(job.algorithm, job.buffers);
  }
}

/**
 * The m parity shards as views of one fresh buffer: fresh memory is the costly part (its pages
 * fault in on first write), so one allocation, and one transfer, instead of m.
 */
export function encodeParity(coder: ErasureCoder, segment: Uint8Array, p: CodingParams): Uint8Array[] {
  // Checked before allocating, so bad input is a CodingError, not a RangeError.
  validateParams(p);
  checkSegmentFits(segment.length, p);
  const s = p.shardSize;
  const block = new Uint8Array(p.m * s);
  const parity = Array.from({ length: p.m }, (_, r) => block.subarray(r * s, (r + 1) * s));
  coder.encodeInto(segment, p, parity);
  return parity;
}
