// Parity in the simulator: every viewer that completes a segment computes its parity shards from
// the same bytes, and the encoding (~3 % of a 1,000-viewer run's CPU) gives the same shards each
// time. So each distinct segment is encoded once per run and later callers get copies of its
// parity. Content is told apart as DigestMemo does (length and first 8 bytes of pseudo-random
// media), with the coding parameters beside them.

import type { CodingParams } from '../src/core/coding/params.ts';
import { contentWord } from './modelled-coder.ts';

export class ParityMemo {
  private readonly known = new Map<string, readonly Uint8Array[]>();
  /** Segments actually encoded, and parity sets copied instead. */
  encoded = 0;
  reused = 0;

  /** The parity of `segment`: `encode`'s, or a copy of what it gave for the same content. */
  parity(segment: Uint8Array, p: CodingParams, encode: () => Uint8Array[]): Uint8Array[] {
    const key = `${segment.length}/${contentWord(segment, 0)}/${contentWord(segment, 4)}/${p.k}/${p.m}/${p.shardSize}`;
    const known = this.known.get(key);
    if (known) {
      this.reused += 1;
      // Copies: each viewer keeps its own shards, as it would after encoding them itself.
      return known.map((shard) => shard.slice());
    }
    this.encoded += 1;
    const parity = encode();
    this.known.set(
      key,
      parity.map((shard) => shard.slice()),
    );
    return parity;
  }
}
