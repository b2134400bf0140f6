// Digests for shards and segments. The manifest names the algorithm and the digest length,
// so a stream packed with either algorithm stays verifiable.

import { blake3 } from '@noble/hashes/blake3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { HashAlgorithm } from '../ports.ts';
import { isBase64UrlOf, toBase64Url } from './base64url.ts';

export type { HashAlgorithm };

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'blake3'];

/** How a manifest's digests were made: algorithm, and how many leading digest bytes are kept. */
export interface HashSpec {
  algorithm: HashAlgorithm;
  /** 16 (128-bit, the default; see docs/manifest.md) up to 32 (the full digest). */
  bytes: number;
}

export const MIN_DIGEST_BYTES = 16;
export const MAX_DIGEST_BYTES = 32;

/** Chosen from `npm run bench:hash` (BENCHMARKS.md, "Hashing"). */
export const DEFAULT_HASH_SPEC: HashSpec = { algorithm: 'sha256', bytes: 16 };

/** The full 32-byte digest of `data`. */
export function digest(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
  return algorithm === 'blake3' ? blake3(data) : sha256(data);
}

/** The manifest form of a digest: the first `spec.bytes` bytes, base64url. */
export function encodeDigest(spec: HashSpec, fullDigest: Uint8Array): string {
  return toBase64Url(fullDigest.subarray(0, spec.bytes));
}

/** Hashes `data` and returns its manifest form. */
export function hashToString(spec: HashSpec, data: Uint8Array): string {
  return encodeDigest(spec, digest(spec.algorithm, data));
}

/** True when a full digest (e.g. computed in the coding worker) matches a manifest digest. */
export function digestMatches(spec: HashSpec, expected: string, fullDigest: Uint8Array): boolean {
  if (fullDigest.length < spec.bytes) return false;
  return isBase64UrlOf(expected, fullDigest, spec.bytes);
}
