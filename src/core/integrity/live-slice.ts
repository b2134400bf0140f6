// A live manifest for a live simulation that replays a VOD stream in a loop: sequence `s` of the
// live playlist is VOD segment (s - first VOD sequence) mod N. Pure, so the dev origin can call it
// on every playlist refresh.

import { ManifestError } from './errors.ts';
import { MANIFEST_LIMITS, type Manifest, type MediaSegmentEntry } from './types.ts';

export interface LiveWindowOptions {
  /** First and last media sequence the live playlist currently lists. */
  firstSequence: number;
  lastSequence: number;
  /** Sequences kept before the window, for viewers a little behind (default 10). */
  history?: number;
  /** URI the live playlist writes for sequence `sequence` (default: the VOD URI). */
  uriFor?: (vodEntry: MediaSegmentEntry, sequence: number) => string;
  /**
   * The live stream's content id (default: the VOD's with ":live"). It must differ from the VOD's:
   * the same sequence number names different bytes in the two streams.
   */
  contentId?: string;
}

export function liveWindowManifest(vod: Manifest, options: LiveWindowOptions): Manifest {
  const { firstSequence, lastSequence } = options;
  const history = options.history ?? 10;
  const count = vod.segments.length;
  if (count === 0) throw new ManifestError('inconsistent', 'segments', 'the VOD manifest has no segments');
  const ok = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!ok(firstSequence) || !ok(lastSequence) || !ok(history) || lastSequence < firstSequence) {
    throw new ManifestError('out-of-range', 'segments', 'bad live window');
  }
  const start = Math.max(0, firstSequence - history);
  if (lastSequence - start + 1 > MANIFEST_LIMITS.maxSegments) {
    throw new ManifestError('out-of-range', 'segments', 'live window too long');
  }
  const base = vod.segments[0]!.sequence;
  const segments: MediaSegmentEntry[] = [];
  for (let sequence = start; sequence <= lastSequence; sequence++) {
    const vodEntry = vod.segments[(((sequence - base) % count) + count) % count]!;
    const uri = options.uriFor ? options.uriFor(vodEntry, sequence) : vodEntry.uri;
    segments.push({ ...vodEntry, sequence, uri });
  }
  return {
    ...vod,
    contentId: options.contentId ?? `${vod.contentId}:live`.slice(0, MANIFEST_LIMITS.maxIdLength),
    complete: false,
    segments,
  };
}
