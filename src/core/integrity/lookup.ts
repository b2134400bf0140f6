// Finding a segment's entry the way a client meets it: by media sequence and URI as written.

import type { Manifest, MediaSegmentEntry, SegmentEntry } from './types.ts';

/** The entry with this media sequence, if its URI matches (when given); segments are sorted. */
export function findSegment(manifest: Manifest, sequence: number, uri?: string): MediaSegmentEntry | null {
  const list = manifest.segments;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = list[mid]!;
    if (entry.sequence === sequence) return uri === undefined || entry.uri === uri ? entry : null;
    if (entry.sequence < sequence) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** The newest entry with this URI (live playlists may reuse URIs; the newest wins). */
export function findSegmentByUri(manifest: Manifest, uri: string): MediaSegmentEntry | null {
  for (let i = manifest.segments.length - 1; i >= 0; i--) {
    const entry = manifest.segments[i]!;
    if (entry.uri === uri) return entry;
  }
  return null;
}

/** The init segment a media segment needs, or null. */
export function initFor(manifest: Manifest, segment: MediaSegmentEntry): SegmentEntry | null {
  return segment.init === null ? null : (manifest.inits[segment.init] ?? null);
}

/** The init entry with this URI (and byte range offset, when the playlist gave one). */
export function findInit(manifest: Manifest, uri: string, offset?: number): SegmentEntry | null {
  return (
    manifest.inits.find((e) => e.uri === uri && (offset === undefined || e.byteRange?.offset === offset)) ??
    null
  );
}
