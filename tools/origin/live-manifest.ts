import { liveWindowManifest, parseManifest, serializeManifest } from '../../src/core/integrity/index.ts';
import { liveSegmentUri } from './live.ts';

/**
 * The default `LiveManifestHook`: the VOD sidecar manifest re-cut for the live window, with
 * the live playlist's segment URIs (`seg.ts?seq=N`) so clients match entries by URI and sequence.
 */
export function liveManifestFromVod(vodManifestText: string, windowSequences: readonly number[]): string {
  const vod = parseManifest(vodManifestText);
  // The live simulator plays VOD segment (s mod n) at sequence s, whatever the VOD's first
  // media sequence was; rebase so the core's mapping ((s - first) mod n) agrees.
  const rebased = { ...vod, segments: vod.segments.map((entry, index) => ({ ...entry, sequence: index })) };
  const live = liveWindowManifest(rebased, {
    firstSequence: Math.min(...windowSequences),
    lastSequence: Math.max(...windowSequences),
    uriFor: (entry, sequence) => liveSegmentUri(entry.uri, sequence),
  });
  return serializeManifest(live);
}
