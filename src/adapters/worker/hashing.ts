// The worker's hash job. SHA-256 goes through the platform's native crypto.subtle where it exists
// (secure contexts: https, http://localhost or 127.0.0.1; Node >= 19), 8-27x @noble/hashes in
// bench:worker; elsewhere, and for BLAKE3 always, @noble/hashes. Both give the same full 32-byte
// digest; callers truncate it as the manifest says (integrity/hash.ts).

import { digest, HASH_ALGORITHMS } from '../../core/integrity/hash.ts';
import type { HashAlgorithm } from '../../core/ports.ts';

/**
 * Below this many bytes noble is used even where subtle exists: each subtle call is a promise
 * and a hop to another thread. bench:worker in Chromium: at 256 B subtle and noble are level
 * (~25 MiB/s), at 1 KiB subtle is 2.3x noble, at 4 KiB 6x, from 16 KiB 10-19x.
 */
export const SUBTLE_MIN_BYTES = 512;

interface Subtle {
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** crypto.subtle, or null in an insecure context (or a platform without WebCrypto). */
export function nativeSubtle(): Subtle | null {
  const subtle = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  return typeof subtle?.digest === 'function' ? subtle : null;
}

/** SHA-256 through crypto.subtle; rejects where there is none. */
export async function subtleSha256(data: Uint8Array): Promise<Uint8Array> {
  const subtle = nativeSubtle();
  if (!subtle) throw new Error('crypto.subtle is not available here');
  // A view hashes only its own bytes, wherever it sits in its buffer.
  return new Uint8Array(await subtle.digest('SHA-256', digestInput(data)));
}

/**
 * What crypto.subtle accepts: it refuses views of resizable buffers (Chromium: "must not be
 * resizable"), and the worker's results (warm-buffers.ts) are such views, so those are copied:
 * copying a shard costs microseconds, where the fallback to @noble/hashes cost ~1 ms each.
 */
export function digestInput(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const resizable = (data.buffer as { resizable?: boolean }).resizable === true;
  return (resizable ? data.slice() : data) as Uint8Array<ArrayBuffer>;
}

/** @noble/hashes through the core's own digest; the algorithm comes from a message, so checked. */
export function nobleDigest(algorithm: HashAlgorithm, data: Uint8Array): Uint8Array {
  if (!HASH_ALGORITHMS.includes(algorithm)) throw new Error(`unknown hash algorithm ${String(algorithm)}`);
  return digest(algorithm, data);
}

/** Full digests of each buffer, natively where that is available and worth it. */
export function hashBuffers(algorithm: HashAlgorithm, buffers: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const native = algorithm === 'sha256' && nativeSubtle() !== null;
  return Promise.all(
    buffers.map((data) =>
      native && data.length >= SUBTLE_MIN_BYTES
        ? // Should subtle refuse a buffer anyway, noble gives the same digest.
          subtleSha256(data).catch(() => nobleDigest(algorithm, data))
        : nobleDigest(algorithm, data),
    ),
  );
}
