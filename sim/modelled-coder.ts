// The engines' Coder in the simulator: decoding runs for real (as in InlineCoder); hashing is
// modelled, and parity computed once per segment (parity-memo.ts). Every byte array the simulator
// moves is a genuine shard or segment of the origin (no simulated peer alters bytes), so each
// distinct content is hashed once per run, for all viewers, and later arrays with the same
// content get that digest back without hashing. Content is told apart by length and first 8
// bytes: shards and segments are pseudo-random bytes (or parity of them), so two different ones
// agree there with odds of 2^-64. Engines still check every digest against the manifest as
// before; only the SHA-256 work (~6 % of a run's CPU) is saved.

import type { ErasureCoder } from '../src/core/coding/coder.ts';
import type { CodingParams } from '../src/core/coding/params.ts';
import { digest } from '../src/core/integrity/hash.ts';
import type { Coder, HashAlgorithm, ShardData } from '../src/core/ports.ts';
import type { ParityMemo } from './parity-memo.ts';

interface Known {
  algorithm: HashAlgorithm;
  length: number;
  /** Bytes 4..7 (bytes 0..3 are the bucket's key). */
  second: number;
  digest: Uint8Array;
}

/** Digests of the contents met so far, shared by every viewer of a run. */
export class DigestMemo {
  private readonly byFirstWord = new Map<number, Known[]>();
  /** Buffers actually hashed, and digests looked up instead. */
  hashed = 0;
  reused = 0;

  digest(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
    // Shorter than 8 bytes: the word(s) read hold the whole content, so the lookup is exact.
    const first = contentWord(data, 0);
    const second = contentWord(data, 4);
    let bucket = this.byFirstWord.get(first);
    if (!bucket) {
      bucket = [];
      this.byFirstWord.set(first, bucket);
    }
    for (const known of bucket)
      if (known.length === data.length && known.second === second && known.algorithm === algorithm) {
        this.reused += 1;
        return known.digest.slice();
      }
    this.hashed += 1;
    const computed = digest(algorithm, data);
    bucket.push({ algorithm, length: data.length, second, digest: computed });
    return computed.slice();
  }
}

/** Up to 4 bytes from `at`, little-endian (missing bytes read as 0; the length tells them apart). */
export function contentWord(data: Uint8Array, at: number): number {
  let value = 0;
  for (let i = 3; i >= 0; i--) value = value * 256 + (data[at + i] ?? 0);
  return value;
}

export class ModelledCoder implements Coder {
  constructor(
    private readonly coder: ErasureCoder,
    private readonly memo: DigestMemo,
    private readonly parityMemo: ParityMemo,
  ) {}

  async encode(segment: Uint8Array, params: CodingParams): Promise<Uint8Array[]> {
    return this.parityMemo.parity(segment, params, () => this.coder.encode(segment, params));
  }

  async decode(shards: readonly ShardData[], params: CodingParams, length: number): Promise<Uint8Array> {
    return this.coder.decode(shards, params, length);
  }

  async hash(algorithm: HashAlgorithm, buffers: readonly Uint8Array[]): Promise<Uint8Array[]> {
    return buffers.map((b) => this.memo.digest(algorithm, b));
  }

  close(): void {}
}
