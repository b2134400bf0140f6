// Integrity: the manifest format, shard and segment hashing, and the HLS playlist parser.

export { fromBase64Url, toBase64Url } from './base64url.ts';
export { buildSegmentEntry, type ShardSource } from './build-entry.ts';
export { contentIdForMaster, contentIdForMedia } from './content-id.ts';
export { ManifestError, type ManifestErrorKind, PlaylistError, type PlaylistErrorKind } from './errors.ts';
export {
  DEFAULT_HASH_SPEC,
  digest,
  digestMatches,
  encodeDigest,
  HASH_ALGORITHMS,
  type HashAlgorithm,
  type HashSpec,
  hashToString,
  MAX_DIGEST_BYTES,
  MIN_DIGEST_BYTES,
} from './hash.ts';
export { type LiveWindowOptions, liveWindowManifest } from './live-slice.ts';
export { findInit, findSegment, findSegmentByUri, initFor } from './lookup.ts';
export { entryKey, parseManifest, validateManifest } from './parse-manifest.ts';
export {
  type ByteRangeSlice,
  type MasterPlaylist,
  type MediaPlaylist,
  type Playlist,
  type PlaylistSegment,
  parsePlaylist,
  type Variant,
} from './playlist.ts';
export { serializeManifest } from './serialize-manifest.ts';
export { sidecarUri } from './sidecar.ts';
export {
  MANIFEST_LIMITS,
  MANIFEST_VERSION,
  type Manifest,
  type MediaSegmentEntry,
  type SegmentEntry,
} from './types.ts';
export {
  createVerifier,
  hashShard,
  padDataShard,
  type Verifier,
  verifySegment,
  verifyShard,
} from './verify.ts';
