// A synthetic HLS stream for engine tests: random segments, a media playlist and its manifest.

import type { ErasureCoder } from '../coding/coder.ts';
import { chooseParams } from '../coding/params.ts';
import { buildSegmentEntry } from '../integrity/build-entry.ts';
import { DEFAULT_HASH_SPEC } from '../integrity/hash.ts';
import { serializeManifest } from '../integrity/serialize-manifest.ts';
import type { Manifest, MediaSegmentEntry } from '../integrity/types.ts';
import type { FakeOrigin } from './fake-origin.ts';

export interface TestStream {
  playlistUrl: string;
  playlist: string;
  manifest: Manifest;
  segments: Array<{ uri: string; url: string; sequence: number; data: Uint8Array }>;
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function makeTestStream(
  coder: ErasureCoder,
  options: { base?: string; count?: number; size?: number; live?: boolean; firstSequence?: number } = {},
): TestStream {
  const base = options.base ?? 'https://origin.test/stream/';
  const count = options.count ?? 6;
  const first = options.firstSequence ?? 0;
  const segments: TestStream['segments'] = [];
  const entries: MediaSegmentEntry[] = [];
  for (let i = 0; i < count; i++) {
    const sequence = first + i;
    const data = pseudoRandomBytes((options.size ?? 100_000) + i * 37, sequence + 1);
    const uri = `seg_${sequence}.ts`;
    segments.push({ uri, url: base + uri, sequence, data });
    const entry = buildSegmentEntry(uri, data, chooseParams(data.length), coder, DEFAULT_HASH_SPEC);
    entries.push({ ...entry, sequence, init: null });
  }
  const manifest: Manifest = {
    version: 1,
    contentId: 'test-content',
    rendition: 'index.m3u8',
    hash: DEFAULT_HASH_SPEC,
    complete: !options.live,
    inits: [],
    segments: entries,
  };
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (const s of segments) lines.push('#EXTINF:2.0,', s.uri);
  if (!options.live) lines.push('#EXT-X-ENDLIST');
  return { playlistUrl: `${base}index.m3u8`, playlist: `${lines.join('\n')}\n`, manifest, segments };
}

/** Puts the stream's playlist, manifest and segments on the fake origin. */
export function publish(origin: FakeOrigin, stream: TestStream): void {
  origin.files.set(stream.playlistUrl, stream.playlist);
  origin.files.set(
    stream.playlistUrl.replace(/index\.m3u8$/, 'index.shoal.json'),
    serializeManifest(stream.manifest),
  );
  for (const s of stream.segments) origin.files.set(s.url, s.data);
}
