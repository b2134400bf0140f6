// Packs one media playlist into a manifest. The state remembers hashed segments, so a live
// stream's segments are hashed once each; with `waitForStableSize`, a listed segment is hashed
// only once its file size and mtime are the same on two consecutive polls (still being written),
// and re-hashed if the file changes after that.

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
  /** Last observed `size:mtime` of each file (watch mode). */
  observed: Map<string, string>;
  /** `size:mtime` of the file when each segment or init key was hashed (watch mode). */
  stamps: Map<string, string>;
}

export function newPackState(): MediaPackState {
  return { segments: new Map(), inits: new Map(), observed: new Map(), stamps: new Map() };
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

  const stampOf = async (path: string): Promise<string | null> => {
    const info = await stat(path).catch(() => null);
    return info?.isFile() ? `${info.size}:${info.mtimeMs}` : null;
  };
  /** Watch mode: true once the file looked the same on two polls in a row. */
  const ready = async (path: string): Promise<boolean> => {
    if (!ctx.waitForStableSize) return true;
    const seen = await stampOf(path);
    if (seen === null) return false;
    if (state.observed.get(path) === seen) return true;
    state.observed.set(path, seen);
    return false;
  };
  /** Watch mode: forgets a hashed entry whose file changed since (rewritten after we hashed it). */
  const stale = async (key: string, path: string): Promise<boolean> => {
    const hashedStamp = state.stamps.get(key);
    if (!ctx.waitForStableSize || hashedStamp === undefined || (await stampOf(path)) === hashedStamp)
      return false;
    state.stamps.delete(key);
    return true;
  };
  const hash = async (key: string, uri: string, range: SegmentEntry['byteRange']): Promise<SegmentEntry> => {
    const path = localPath(r.playlistPath, uri);
    const stamp = state.observed.get(path);
    if (stamp !== undefined) state.stamps.set(key, stamp);
    let file = files.get(path);
    if (!file) {
      file = await readBytes(path);
      files.set(path, file);
    }
    const bytes = sliceRange(file, path, range);
    if (bytes.length === 0) throw new PackError('read', path, 'empty segment');
    return buildSegmentEntry(uri, bytes, chooseParams(bytes.length, ctx.coding), ctx.coder, ctx.hash, range);
  };

  const listed = new Set<string>();
  const listedPaths = new Set<string>();
  const hashedThisPoll = new Set<string>();
  for (const segment of playlist.segments) {
    const key = `${segment.sequence}|${entryKey(segment)}`;
    const path = localPath(r.playlistPath, segment.uri);
    listed.add(key);
    listedPaths.add(path);
    if (segment.map) listedPaths.add(localPath(r.playlistPath, segment.map.uri));
    const initKey = segment.map ? entryKey(segment.map) : null;
    if (segment.map && initKey) {
      const initPath = localPath(r.playlistPath, segment.map.uri);
      if (state.inits.has(initKey) && !hashedThisPoll.has(initKey) && (await stale(initKey, initPath))) {
        state.inits.delete(initKey);
        for (const [k, s] of state.segments) if (s.initKey === initKey) state.segments.delete(k);
      }
      if (!state.inits.has(initKey)) {
        if (!(await ready(initPath))) {
          pending.push(segment.map.uri, segment.uri);
          continue;
        }
        state.inits.set(initKey, await hash(initKey, segment.map.uri, segment.map.byteRange));
      }
      hashedThisPoll.add(initKey);
    }
    if (state.segments.has(key) && !(await stale(key, path))) continue;
    state.segments.delete(key);
    if (!(await ready(path))) {
      pending.push(segment.uri);
      continue;
    }
    const entry = await hash(key, segment.uri, segment.byteRange);
    state.segments.set(key, { entry: { ...entry, sequence: segment.sequence }, initKey });
  }
  prune(state, playlist.segments, listed, ctx.history);
  for (const path of state.observed.keys()) if (!listedPaths.has(path)) state.observed.delete(path);
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
    if (!keep) {
      state.segments.delete(key);
      state.stamps.delete(key);
    }
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
