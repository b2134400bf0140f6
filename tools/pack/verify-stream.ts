// `shoal verify`: re-reads every segment a stream's manifests describe and re-derives all its
// hashes (segment, k data shards, m parity shards); also flags playlist segments the manifest
// does not cover. Never stops at the first problem: the report names every bad segment.

import { createErasureCoder } from '../../src/core/coding/index.ts';
import {
  buildSegmentEntry,
  entryKey,
  findSegment,
  type Manifest,
  ManifestError,
  parseManifest,
  type SegmentEntry,
  type ShardSource,
} from '../../src/core/integrity/index.ts';
import { findRenditions, readPlaylist } from './discover.ts';
import { PackError } from './errors.ts';
import { localPath, readBytes, readText, sliceRange } from './files.ts';

export interface VerifyProblem {
  /** The media playlist (rendition id) and segment concerned. */
  rendition: string;
  uri: string;
  sequence: number | null;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Segments and init segments whose bytes were checked. */
  checked: number;
  problems: VerifyProblem[];
}

export async function verifyStream(path: string): Promise<VerifyReport> {
  const coder = await createErasureCoder();
  const problems: VerifyProblem[] = [];
  let checked = 0;
  for (const r of await findRenditions(path)) {
    let manifest: Manifest;
    try {
      manifest = parseManifest(await readText(r.manifestPath));
    } catch (err) {
      if (!(err instanceof ManifestError || err instanceof PackError)) throw err;
      const reason =
        err instanceof PackError && err.kind === 'not-found' ? 'no manifest: run `shoal pack`' : err.message;
      problems.push({ rendition: r.rendition, uri: r.manifestPath, sequence: null, reason });
      continue;
    }
    const check = async (entry: SegmentEntry, sequence: number | null) => {
      checked++;
      const reason = await checkEntry(r.playlistPath, entry, manifest, coder);
      if (reason) problems.push({ rendition: r.rendition, uri: entry.uri, sequence, reason });
    };
    for (const init of manifest.inits) await check(init, null);
    for (const segment of manifest.segments) await check(segment, segment.sequence);

    const playlist = await readPlaylist(r.playlistPath);
    if (playlist.kind !== 'media') continue;
    for (const s of playlist.segments) {
      const entry = findSegment(manifest, s.sequence, s.uri);
      const sameRange = entry && entryKey(entry) === entryKey(s);
      if (!sameRange) {
        problems.push({
          rendition: r.rendition,
          uri: s.uri,
          sequence: s.sequence,
          reason: 'not in the manifest',
        });
      }
    }
  }
  return { ok: problems.length === 0, checked, problems };
}

/** Null when the bytes still match, else what differs. */
async function checkEntry(
  playlistPath: string,
  entry: SegmentEntry,
  manifest: Manifest,
  coder: ShardSource,
): Promise<string | null> {
  let bytes: Uint8Array;
  try {
    const path = localPath(playlistPath, entry.uri);
    bytes = sliceRange(await readBytes(path), path, entry.byteRange);
  } catch (err) {
    if (err instanceof PackError) return err.message;
    throw err;
  }
  if (bytes.length !== entry.length) return `length is ${bytes.length}, manifest says ${entry.length}`;
  const fresh = buildSegmentEntry(entry.uri, bytes, entry.params, coder, manifest.hash, entry.byteRange);
  const reasons: string[] = [];
  if (fresh.hash !== entry.hash) reasons.push('segment hash differs');
  const badShards = entry.shards.flatMap((h, i) => (fresh.shards[i] === h ? [] : [i]));
  if (badShards.length > 0) reasons.push(`shard hash differs for shard(s) ${badShards.join(', ')}`);
  return reasons.length > 0 ? reasons.join('; ') : null;
}
