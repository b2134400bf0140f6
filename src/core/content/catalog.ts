// The manifests this viewer has loaded, indexed so the engine can find a segment the way
// hls.js names it (playlist URL, media sequence, URI) and the way peers name it (SegmentRef).

import type { CodingParams } from '../coding/params.ts';
import { findSegment } from '../integrity/lookup.ts';
import type { Manifest, MediaSegmentEntry } from '../integrity/types.ts';
import type { SegmentRef } from '../protocol/messages.ts';
import { renditionNumber } from './rendition-number.ts';
import { type SegmentInfo, segmentKey } from './segment-info.ts';

export interface RenditionState {
  readonly playlistUrl: string;
  readonly manifestUrl: string;
  readonly renditionNo: number;
  manifest: Manifest;
  /** A stand-in manifest without hashes, built as segments are met (`trustPeers`). */
  readonly trusted?: boolean;
}

export type ResolveUrl = (base: string, ref: string) => string;

export class ContentCatalog {
  private readonly byPlaylist = new Map<string, RenditionState>();
  private readonly byRendition = new Map<number, RenditionState>();

  constructor(private readonly resolve: ResolveUrl) {}

  /** Records (or refreshes) the manifest of a media playlist. */
  update(playlistUrl: string, manifestUrl: string, manifest: Manifest): RenditionState {
    const renditionNo = renditionNumber(manifest.rendition);
    const state: RenditionState = { playlistUrl, manifestUrl, renditionNo, manifest };
    this.byPlaylist.set(playlistUrl, state);
    this.byRendition.set(renditionNo, state);
    return state;
  }

  /**
   * `trustPeers`: a playlist without a manifest gets a stand-in one, with no hashes, whose
   * entries are added as their lengths become known (`addTrusted`).
   */
  trust(playlistUrl: string, live: boolean): RenditionState {
    const known = this.byPlaylist.get(playlistUrl);
    if (known?.trusted) {
      known.manifest = { ...known.manifest, complete: !live };
      return known;
    }
    const id = playlistUrl.split(/[?#]/, 1)[0]!;
    const manifest: Manifest = {
      version: 1,
      contentId: `trusted:${id}`.slice(0, 256),
      rendition: id,
      hash: { algorithm: 'sha256', bytes: 16 },
      complete: !live,
      inits: [],
      segments: [],
    };
    const state: RenditionState = { ...this.update(playlistUrl, '', manifest), trusted: true };
    this.byPlaylist.set(playlistUrl, state);
    this.byRendition.set(state.renditionNo, state);
    return state;
  }

  /** Adds a segment to a trusted rendition, keeping entries in sequence order. */
  addTrusted(playlistUrl: string, entry: MediaSegmentEntry): void {
    const state = this.byPlaylist.get(playlistUrl);
    if (!state?.trusted || findSegment(state.manifest, entry.sequence)) return;
    const segments = [...state.manifest.segments, entry].sort((a, b) => a.sequence - b.sequence);
    state.manifest = { ...state.manifest, segments };
  }

  forPlaylist(playlistUrl: string): RenditionState | undefined {
    return this.byPlaylist.get(playlistUrl);
  }

  forRendition(renditionNo: number): RenditionState | undefined {
    return this.byRendition.get(renditionNo);
  }

  /** The segment hls.js asks for, if the manifest lists it with the same URI. */
  lookup(playlistUrl: string, sequence: number, uri: string): SegmentInfo | null {
    const state = this.byPlaylist.get(playlistUrl);
    if (!state) return null;
    const entry = findSegment(state.manifest, sequence, uri) ?? findSegment(state.manifest, sequence);
    if (!entry) return null;
    // A live playlist may write URIs differently from the manifest (absolute vs relative):
    // accept when both resolve to the same URL.
    if (entry.uri !== uri && this.resolve(playlistUrl, entry.uri) !== this.resolve(playlistUrl, uri))
      return null;
    return this.info(state, entry);
  }

  /** The segment a peer names, if we know its rendition and sequence. */
  byRef(ref: SegmentRef): SegmentInfo | null {
    const state = this.byRendition.get(ref.rendition);
    if (!state) return null;
    const entry = findSegment(state.manifest, ref.sequence);
    return entry ? this.info(state, entry) : null;
  }

  /**
   * The coding of the segment a peer names, if known: what `byRef(ref)?.params` gives, without
   * building a SegmentInfo (asked for every request and every holdings announcement).
   */
  paramsOf(ref: SegmentRef): CodingParams | undefined {
    const state = this.byRendition.get(ref.rendition);
    return state ? findSegment(state.manifest, ref.sequence)?.params : undefined;
  }

  /** Newest media sequence listed for a rendition, or -1. */
  newestSequence(renditionNo: number): number {
    const segments = this.byRendition.get(renditionNo)?.manifest.segments;
    return segments && segments.length > 0 ? segments[segments.length - 1]!.sequence : -1;
  }

  renditions(): RenditionState[] {
    return [...this.byRendition.values()];
  }

  info(state: RenditionState, entry: MediaSegmentEntry): SegmentInfo {
    const ref = { rendition: state.renditionNo, sequence: entry.sequence };
    return {
      key: segmentKey(ref),
      ref,
      contentId: state.manifest.contentId,
      url: this.resolve(state.playlistUrl, entry.uri),
      byteRange: entry.byteRange,
      length: entry.length,
      params: entry.params,
      hash: entry.hash,
      shardHashes: entry.shards,
      hashSpec: state.manifest.hash,
      live: !state.manifest.complete,
      trusted: state.trusted === true,
    };
  }
}

/**
 * Where a media playlist's manifest is: the playlist's `#EXT-X-SHOAL-MANIFEST` tag when it has
 * one, else the sidecar next to it (`index.m3u8` -> `index.shoal.json`).
 */
export function manifestUrlFor(playlistUrl: string, tagUri: string | null, resolve: ResolveUrl): string {
  if (tagUri) return resolve(playlistUrl, tagUri);
  const path = playlistUrl.split(/[?#]/, 1)[0]!;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  return resolve(playlistUrl, `${base}.shoal.json`);
}
