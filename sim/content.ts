// Synthetic streams with real manifests. Each segment exists as a small real byte array,
// `scale` times shorter than the segment it stands for: it is really cut, coded and hashed,
// and every link and the origin charge its bytes `scale` times over. Coding parameters (k, m)
// are those of the declared size; the shard size is the declared one divided by `scale`.

import type { ErasureCoder } from '../src/core/coding/coder.ts';
import { chooseParams } from '../src/core/coding/params.ts';
import { buildSegmentEntry } from '../src/core/integrity/build-entry.ts';
import { DEFAULT_HASH_SPEC } from '../src/core/integrity/hash.ts';
import { serializeManifest } from '../src/core/integrity/serialize-manifest.ts';
import type { Manifest, MediaSegmentEntry } from '../src/core/integrity/types.ts';
import { pseudoRandomBytes } from '../src/core/testing/test-stream.ts';

export type Strategy = 'cdn' | 'shoal' | 'whole';

export interface StreamOptions {
  contentId: string;
  /** Bits per second of each rendition, lowest first. */
  bitrates: number[];
  segmentMs: number;
  live: boolean;
  /** VOD: number of segments. */
  count: number;
  /** 'whole' cuts every segment into one shard (k=1, m=0). */
  strategy: Strategy;
  scale: number;
}

/** What the origin serves: bytes by URL, or text (playlists, manifests). */
export type OriginFiles = Map<string, Uint8Array | string>;

/** Live playlists list this many segments; manifests keep this many more behind them. */
const LIVE_PLAYLIST_SEGMENTS = 6;
const LIVE_MANIFEST_HISTORY = 24;

export class SimRendition {
  readonly playlistUrl: string;
  readonly manifestUrl: string;
  readonly name: string;
  /** Virtual bytes per segment (after rounding to whole small shards). */
  readonly segmentBytes: number;
  readonly k: number;
  readonly m: number;
  readonly smallShard: number;
  private readonly entries = new Map<number, MediaSegmentEntry>();
  newest = -1;

  constructor(
    readonly stream: SimStream,
    readonly index: number,
    readonly bitrate: number,
  ) {
    const o = stream.options;
    this.name = `r${index}`;
    const base = `https://origin.sim/${o.contentId}/${this.name}/`;
    this.playlistUrl = `${base}index.m3u8`;
    this.manifestUrl = `${base}index.shoal.json`;
    const declared = Math.round((bitrate * o.segmentMs) / 8000);
    const params = o.strategy === 'whole' ? { k: 1, m: 0 } : chooseParams(declared);
    this.k = params.k;
    this.m = params.m;
    this.smallShard = Math.max(1, Math.ceil(declared / params.k / o.scale));
    this.segmentBytes = this.smallShard * this.k * o.scale;
  }

  uri(sequence: number): string {
    return `seg_${sequence}.ts`;
  }

  url(sequence: number): string {
    return this.playlistUrl.replace('index.m3u8', this.uri(sequence));
  }

  /** Makes segment `sequence` (bytes, manifest entry) and serves it. */
  publish(sequence: number): void {
    const o = this.stream.options;
    const data = pseudoRandomBytes(this.smallShard * this.k, hashSeed(o.contentId, this.index, sequence));
    const params = { k: this.k, m: this.m, shardSize: this.smallShard };
    const entry = buildSegmentEntry(this.uri(sequence), data, params, this.stream.coder, DEFAULT_HASH_SPEC);
    this.entries.set(sequence, { ...entry, sequence, init: null });
    this.stream.files.set(this.url(sequence), data);
    this.newest = Math.max(this.newest, sequence);
    if (o.live) {
      const drop = sequence - LIVE_PLAYLIST_SEGMENTS - LIVE_MANIFEST_HISTORY - 8;
      if (this.entries.delete(drop)) this.stream.files.delete(this.url(drop));
      this.serve();
    }
  }

  /** Writes the current playlist and manifest on the origin. */
  serve(): void {
    const o = this.stream.options;
    const first = o.live ? Math.max(0, this.newest - LIVE_PLAYLIST_SEGMENTS + 1) : 0;
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${Math.ceil(o.segmentMs / 1000)}`];
    lines.push(`#EXT-X-MEDIA-SEQUENCE:${first}`);
    for (let s = first; s <= this.newest; s++)
      lines.push(`#EXTINF:${(o.segmentMs / 1000).toFixed(3)},`, this.uri(s));
    if (!o.live) lines.push('#EXT-X-ENDLIST');
    this.stream.files.set(this.playlistUrl, `${lines.join('\n')}\n`);
    const from = o.live ? Math.max(0, first - LIVE_MANIFEST_HISTORY) : 0;
    const segments: MediaSegmentEntry[] = [];
    for (let s = from; s <= this.newest; s++) {
      const entry = this.entries.get(s);
      if (entry) segments.push(entry);
    }
    const manifest: Manifest = {
      version: 1,
      contentId: o.contentId,
      rendition: `${this.name}/index.m3u8`,
      hash: DEFAULT_HASH_SPEC,
      complete: !o.live,
      inits: [],
      segments,
    };
    this.stream.files.set(this.manifestUrl, serializeManifest(manifest));
  }

  /** First sequence the live playlist lists now. */
  firstListed(): number {
    return this.stream.options.live ? Math.max(0, this.newest - LIVE_PLAYLIST_SEGMENTS + 1) : 0;
  }
}

export class SimStream {
  readonly renditions: SimRendition[];

  constructor(
    readonly options: StreamOptions,
    readonly coder: ErasureCoder,
    readonly files: OriginFiles,
  ) {
    this.renditions = options.bitrates.map((b, i) => new SimRendition(this, i, b));
    if (!options.live) {
      for (const r of this.renditions) {
        for (let s = 0; s < options.count; s++) r.publish(s);
        r.serve();
      }
    }
  }

  /** Live: publishes the next segment of every rendition. */
  publishNext(): void {
    for (const r of this.renditions) r.publish(r.newest + 1);
  }
}

function hashSeed(id: string, rendition: number, sequence: number): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (Math.imul(h ^ (rendition * 7919 + sequence), 16777619) >>> 0) | 1;
}
