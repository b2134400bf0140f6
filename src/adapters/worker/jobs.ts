// The work itself, shared by the worker and the inline fallback: coding through the core
// coder, hashing as hashing.ts says. Results are fresh buffers, safe to transfer.

import type { ErasureCoder } from '../../core/coding/index.ts';
import { hashBuffers } from './hashing.ts';
import type { JobRequest } from './protocol.ts';

export async function runJob(coder: ErasureCoder, job: JobRequest): Promise<Uint8Array[]> {
  switch (job.cmd) {
    case 'encode':
      return coder.encode(job.segment, job.params);
    case 'decode':
      return [coder.decode(job.shards, job.params, job.length)];
    case 'hash':
      return hashBuffers(job.algorithm, job.buffers);
  }
}
