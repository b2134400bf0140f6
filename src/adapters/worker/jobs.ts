// The work itself, shared by the worker and the inline fallback: coding through the core
// coder and hashing through @noble/hashes. Results are fresh buffers, safe to transfer.

import { blake3 } from '@noble/hashes/blake3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ErasureCoder } from '../../core/coding/index.ts';
import type { HashAlgorithm } from '../../core/ports.ts';
import type { JobRequest } from './protocol.ts';

const hashes: Record<HashAlgorithm, (data: Uint8Array) => Uint8Array> = { sha256, blake3 };

export function runJob(coder: ErasureCoder, job: JobRequest): Uint8Array[] {
  switch (job.cmd) {
    case 'encode':
      return coder.encode(job.segment, job.params);
    case 'decode':
      return [coder.decode(job.shards, job.params, job.length)];
    case 'hash': {
      const hash = hashes[job.algorithm];
      if (!hash) throw new Error(`unknown hash algorithm ${String(job.algorithm)}`);
      return job.buffers.map((buffer) => hash(buffer));
    }
  }
}
