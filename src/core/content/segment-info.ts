// What the engine knows of one media segment: where it lives, how it is coded, its hashes.

import type { CodingParams } from '../coding/params.ts';
import type { HashSpec } from '../integrity/hash.ts';
import type { ByteRange } from '../ports.ts';
import type { SegmentRef } from '../protocol/messages.ts';

export interface SegmentInfo {
  /** `rendition:sequence`, unique within one content (swarm). */
  readonly key: string;
  readonly ref: SegmentRef;
  readonly contentId: string;
  /** Absolute URL of the resource. */
  readonly url: string;
  /** When the segment is a slice of `url` (EXT-X-BYTERANGE). */
  readonly byteRange: { offset: number; length: number } | null;
  readonly length: number;
  readonly params: CodingParams;
  readonly hash: string;
  /** k data then m parity shard digests. */
  readonly shardHashes: readonly string[];
  readonly hashSpec: HashSpec;
  /** True while the playlist is live (no ENDLIST). */
  readonly live: boolean;
  /** No manifest: `trustPeers` is on and nothing about this segment can be verified. */
  readonly trusted: boolean;
}

export function segmentKey(ref: SegmentRef): string {
  return `${ref.rendition}:${ref.sequence}`;
}

/**
 * The segment as one number, for maps on hot paths (no string to build and hash per lookup):
 * rendition < 2^16 and sequence < 2^32, so it stays below 2^48, an exact double.
 */
export function segmentNumber(ref: SegmentRef): number {
  return ref.rendition * 2 ** 32 + ref.sequence;
}

export function shardCount(info: SegmentInfo): number {
  return info.params.k + info.params.m;
}

/** The store key of one shard: content, rendition, sequence, index. */
export function shardStoreKey(info: Pick<SegmentInfo, 'contentId' | 'ref'>, index: number): string {
  return `${info.contentId}/${info.ref.rendition}/${info.ref.sequence}/${index}`;
}

export function parseShardStoreKey(
  key: string,
): { contentId: string; rendition: number; sequence: number; index: number } | null {
  const parts = key.split('/');
  if (parts.length < 4) return null;
  const [rendition, sequence, index] = parts.slice(-3).map(Number) as [number, number, number];
  if (![rendition, sequence, index].every(Number.isSafeInteger)) return null;
  return { contentId: parts.slice(0, -3).join('/'), rendition, sequence, index };
}

/**
 * The HTTP range of data shards [first, last] of a segment: data shard i is bytes
 * [i*s, (i+1)*s) of the segment, cut at its true length.
 */
export function dataShardRange(info: SegmentInfo, first: number, last: number): ByteRange {
  const s = info.params.shardSize;
  const offset = info.byteRange?.offset ?? 0;
  const start = first * s;
  const end = Math.min((last + 1) * s, info.length) - 1;
  return { start: offset + start, end: offset + end };
}
