// The Shoal manifest: what the origin publishes so viewers can verify every shard.
// Wire format and rationale: docs/manifest.md.

import { type CodingParams, MAX_SEGMENT_LENGTH, MAX_TOTAL_SHARDS } from '../coding/params.ts';
import type { HashSpec } from './hash.ts';

export const MANIFEST_VERSION = 1;

/** One hashed resource: a media segment or an init segment (EXT-X-MAP). */
export interface SegmentEntry {
  /** The URI exactly as written in the media playlist (usually relative to it). */
  uri: string;
  /** Set when the playlist gave an EXT-X-BYTERANGE / BYTERANGE: the resource is that slice of `uri`. */
  byteRange: { offset: number; length: number } | null;
  /** Byte length of the segment. */
  length: number;
  params: CodingParams;
  /** Digest of the whole segment. */
  hash: string;
  /** k data-shard digests then m parity-shard digests (k + m in all). */
  shards: string[];
}

export interface MediaSegmentEntry extends SegmentEntry {
  /** Media sequence number (EXT-X-MEDIA-SEQUENCE + position in the playlist). */
  sequence: number;
  /** Index in `Manifest.inits` of the init segment (EXT-X-MAP) this segment needs, or null. */
  init: number | null;
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  /** Shared by every rendition of one master playlist; the swarm id derives from it. */
  contentId: string;
  /** This rendition: the media playlist's URI as written in the master (or its file name). */
  rendition: string;
  hash: HashSpec;
  /** True once the playlist has EXT-X-ENDLIST: the entry list is final. */
  complete: boolean;
  /** Init segments, by URI (and byte range). */
  inits: SegmentEntry[];
  /** Media segments, strictly increasing `sequence`. */
  segments: MediaSegmentEntry[];
}

/** Bounds enforced by the parser, so a hostile manifest cannot exhaust memory or time. */
export const MANIFEST_LIMITS = {
  maxTextLength: 16 * 1024 * 1024,
  maxSegments: 50_000,
  maxInits: 64,
  maxUriLength: 2048,
  maxIdLength: 256,
  /** What the coder can run (GF(2^8) Vandermonde points). */
  maxShards: MAX_TOTAL_SHARDS,
  maxShardSize: 16 * 1024 * 1024,
  maxSegmentLength: MAX_SEGMENT_LENGTH,
} as const;
