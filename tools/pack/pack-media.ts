// Packs one media playlist into a manifest. The state remembers hashed segments, so a live
// stream's segments are hashed once each; with `waitForStableSize`, a listed segment is hashed
// only once its file size and mtime are the same on two consecutive polls (still being written).

import { stat } from 'node:fs/promises';
import { type ChooseParamsOptions, chooseParams } from '../../src/core/coding/index.ts';
import {
  buildSegmentEntry,
  entryKey,
  type HashSpec,
  MANIFEST_VERSION,
  type Manifest,
  type MediaSegmentEntry,
  type PlaylistSegment,
  type SegmentEntry,
  type ShardSource,
} from '../../src/core/integrity/index.ts';
import type { Rendition } from './discover.ts';
import { readPlaylist } from './discover.ts';
import { PackError } from './errors.ts';
import { localPath, readBytes, sliceRange } from './files.ts';

export interface PackContext {
  coder: ShardSource;
  hash: HashSpec;
  coding: ChooseParamsOptions;
  /** Segments kept before the playlist's first one, for viewers a little behind (live). */
  history: number;
  waitForStableSize: boolean;
}

interface HashedSegment {
  entry: Omit<MediaSegmentEntry, 'init'>;
  initKey: string | null;
}

export interface MediaPackState {
  segments: Map<string, HashedSegment>;
  inits: Map<string, SegmentEntry>;
  /** Last observed `size:mtime` of each file not yet hashed. */
  observed: Map<string, string>;
}

export function newPackState(): MediaPackState {
  return { segments: new Map(), inits: new Map(), observed: new Map() };
}

export interface MediaPackResult {
  manifest: Manifest;
  /** URIs listed in the playlist but not hashed yet (missing or still growing). */
  pending: string[];
}

export async function packMedia(
  r: Rendition,
  ctx: PackContext,
  state: MediaPackState,
): Promise<MediaPackResult> {
  const playlist = await readPlaylist(r.playlistPath);
  if (playlist.kind !== 'media')
    throw new PackError('bad-playlist', r.playlistPath, 'a master playlist, expected media');
  const files = new Map<string, Uint8Array>();
  const pending: string[] = [];

  const ready = async (path: string): Promise<boolean> => {
    if (!ctx.waitForStableSize) return true;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return false;
    const seen = `${info.size}:${info.mtimeMs}`;
    if (state.observed.get(path) === seen) return true;
    state.observed.set(path, seen);
    return false;
  };
  const hash = async (uri: string, range: SegmentEntry['byteRange']): Promise<SegmentEntry> => {
    const path = localPath(r.playlistPath, uri);
    let file = files.get(path);
    if (!file) {
      file = await readBytes(path);
      files.set(path, file);
    }
    state.observed.delete(path);
    const bytes = sliceRange(file, path, range);
    if (bytes.length === 0) throw new PackError('read', path, 'empty segment');
    return buildSegmentEntry(uri, bytes, chooseParams(bytes.length, ctx.coding), ctx.coder, ctx.hash, range);
  };

  const listed = new Set<string>();
  for (const segment of playlist.segments) {
    const key = `${segment.sequence}|${entryKey(segment)}`;
    listed.add(key);
    if (state.segments.has(key)) continue;
    const initKey = segment.map ? entryKey(segment.map) : null;
    if (segment.map && initKey && !state.inits.has(initKey)) {
      if (!(await ready(localPath(r.playlistPath, segment.map.uri)))) {
        pending.push(segment.map.uri, segment.uri);
        continue;
      }
      state.inits.set(initKey, await hash(segment.map.uri, segment.map.byteRange));
    }
    if (!(await ready(localPath(r.playlistPath, segment.uri)))) {
      pending.push(segment.uri);
      continue;
    }
    const entry = await hash(segment.uri, segment.byteRange);
    state.segments.set(key, { entry: { ...entry, sequence: segment.sequence }, initKey });
  }
  prune(state, playlist.segments, listed, ctx.history);
  return {
    manifest: assemble(r, ctx, state, playlist.endList && pending.length === 0),
    pending: [...new Set(pending)],
  };
}

/** Keeps what the playlist lists plus `history` older sequences; forgets the rest. */
function prune(
  state: MediaPackState,
  listedSegments: PlaylistSegment[],
  listed: Set<string>,
  history: number,
) {
  const first = listedSegments[0]?.sequence ?? Number.POSITIVE_INFINITY;
  for (const [key, hashed] of state.segments) {
    const seq = hashed.entry.sequence;
    const keep = listed.has(key) || (seq < first && seq >= first - history);
    if (!keep) state.segments.delete(key);
  }
}

function assemble(r: Rendition, ctx: PackContext, state: MediaPackState, complete: boolean): Manifest {
  const ordered = [...state.segments.values()].sort((a, b) => a.entry.sequence - b.entry.sequence);
  const initIndex = new Map<string, number>();
  const inits: SegmentEntry[] = [];
  const segments: MediaSegmentEntry[] = ordered.map(({ entry, initKey }) => {
    let init: number | null = null;
    if (initKey !== null) {
      init = initIndex.get(initKey) ?? null;
      if (init === null) {
        init = inits.length;
        initIndex.set(initKey, init);
        inits.push(state.inits.get(initKey)!);
      }
    }
    return { ...entry, init };
  });
  return {
    version: MANIFEST_VERSION,
    contentId: r.contentId,
    rendition: r.rendition,
    hash: ctx.hash,
    complete,
    inits,
    segments,
  };
}
