// `trustPeers` (closed networks only): P2P for a playlist without a manifest. Coding parameters
// come from each segment's length (HTTP HEAD); nothing is verified, by the viewer's choice.

import { chooseParams } from '../coding/params.ts';
import type { ContentCatalog, ResolveUrl } from '../content/catalog.ts';
import type { SegmentInfo } from '../content/segment-info.ts';
import { parsePlaylist } from '../integrity/playlist.ts';
import type { Origin } from '../ports.ts';
import type { SegmentRequest } from './types.ts';

/** Pinned, not the defaults: viewers of different Shoal versions must cut a segment alike. */
const TRUSTED_CODING = { minShardSize: 8 * 1024, maxShards: 48 } as const;

/** Whether a playlist can be shared on trust: a media playlist, and whether it is live. */
export function trustablePlaylist(text: string): { live: boolean } | null {
  try {
    const playlist = parsePlaylist(text);
    return playlist.kind === 'media' ? { live: !playlist.endList } : null;
  } catch {
    return null;
  }
}

/** The stand-in catalog entry of a requested segment of a trusted playlist, or null. */
export async function trustedSegment(
  catalog: ContentCatalog,
  origin: Origin,
  resolveUrl: ResolveUrl,
  request: SegmentRequest,
): Promise<SegmentInfo | null> {
  const state = catalog.forPlaylist(request.playlistUrl);
  if (!state?.trusted || !origin.contentLength) return null;
  try {
    const length = await origin.contentLength(resolveUrl(request.playlistUrl, request.uri), null);
    catalog.addTrusted(request.playlistUrl, {
      uri: request.uri,
      sequence: request.sequence,
      init: null,
      byteRange: null,
      length,
      params: chooseParams(length, TRUSTED_CODING),
      hash: '',
      shards: [],
    });
    return catalog.lookup(request.playlistUrl, request.sequence, request.uri);
  } catch {
    return null; // no length, no sharing: the player loads it as usual
  }
}
