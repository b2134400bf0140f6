// Checks bytes against the manifest's digests, hashing through the Coder port (the worker),
// so the page's main thread never hashes.

import type { SegmentInfo } from '../content/segment-info.ts';
import { digestMatches } from '../integrity/hash.ts';
import type { Coder } from '../ports.ts';

export async function shardMatches(
  coder: Coder,
  info: SegmentInfo,
  index: number,
  data: Uint8Array,
): Promise<boolean> {
  // trustPeers: there is nothing to check against, by the viewer's explicit choice.
  if (info.trusted) return data.length === info.params.shardSize;
  const expected = info.shardHashes[index];
  if (expected === undefined || data.length !== info.params.shardSize) return false;
  const [digest] = await coder.hash(info.hashSpec.algorithm, [data]);
  return digest !== undefined && digestMatches(info.hashSpec, expected, digest);
}

export async function segmentMatches(coder: Coder, info: SegmentInfo, data: Uint8Array): Promise<boolean> {
  if (data.length !== info.length) return false;
  if (info.trusted) return true;
  const [digest] = await coder.hash(info.hashSpec.algorithm, [data]);
  return digest !== undefined && digestMatches(info.hashSpec, info.hash, digest);
}
