// The Coder port on the calling thread, for tests and the simulator.

import type { ErasureCoder } from '../coding/coder.ts';
import type { CodingParams } from '../coding/params.ts';
import { digest } from '../integrity/hash.ts';
import type { Coder, HashAlgorithm, ShardData } from '../ports.ts';

export class InlineCoder implements Coder {
  hashes = 0;

  constructor(private readonly coder: ErasureCoder) {}

  async encode(segment: Uint8Array, params: CodingParams): Promise<Uint8Array[]> {
    return this.coder.encode(segment, params);
  }

  async decode(shards: readonly ShardData[], params: CodingParams, length: number): Promise<Uint8Array> {
    return this.coder.decode(shards, params, length);
  }

  async hash(algorithm: HashAlgorithm, buffers: readonly Uint8Array[]): Promise<Uint8Array[]> {
    this.hashes += buffers.length;
    return buffers.map((b) => digest(algorithm, b));
  }

  close(): void {}
}
