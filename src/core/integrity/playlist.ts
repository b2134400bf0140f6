// A small, DOM-free HLS playlist parser: what the packager and the client engine need to find
// segments (URIs, media sequences, init segments, byte ranges), not a full player's parser.
// Unknown tags are ignored, as RFC 8216 requires of clients.

import { PlaylistError } from './errors.ts';
import { parseAttributes, parseByteRangeSpec } from './playlist-attributes.ts';

export interface ByteRangeSlice {
  offset: number;
  length: number;
}

export interface Variant {
  uri: string;
  bandwidth: number | null;
  attributes: Record<string, string>;
}

export interface MasterPlaylist {
  kind: 'master';
  variants: Variant[];
  /** URIs of EXT-X-MEDIA renditions that have their own playlist (alternate audio, ...). */
  renditionUris: string[];
  /** `#EXT-X-SHOAL-MANIFEST:URI="..."`, when present. */
  shoalManifest: string | null;
}

export interface PlaylistSegment {
  uri: string;
  sequence: number;
  duration: number;
  byteRange: ByteRangeSlice | null;
  /** The EXT-X-MAP in force for this segment. */
  map: { uri: string; byteRange: ByteRangeSlice | null } | null;
}

export interface MediaPlaylist {
  kind: 'media';
  targetDuration: number | null;
  mediaSequence: number;
  endList: boolean;
  playlistType: string | null;
  segments: PlaylistSegment[];
  shoalManifest: string | null;
}

export type Playlist = MasterPlaylist | MediaPlaylist;

export const PLAYLIST_LIMITS = { maxTextLength: 8 * 1024 * 1024, maxSegments: 100_000, maxVariants: 1000 };

export function parsePlaylist(text: string): Playlist {
  if (typeof text !== 'string' || text.length > PLAYLIST_LIMITS.maxTextLength) {
    throw new PlaylistError('too-large', 0, `limit ${PLAYLIST_LIMITS.maxTextLength} characters`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '#EXTM3U') throw new PlaylistError('not-m3u8', 1, 'must start with #EXTM3U');

  const variants: Variant[] = [];
  const renditionUris: string[] = [];
  const segments: PlaylistSegment[] = [];
  let shoalManifest: string | null = null;
  let targetDuration: number | null = null;
  let mediaSequence = 0;
  let endList = false;
  let playlistType: string | null = null;
  let pendingVariant: { line: number; attrs: Record<string, string> } | null = null;
  let pendingDuration: number | null = null;
  let pendingRange: { length: number; offset: number | null; line: number } | null = null;
  let map: PlaylistSegment['map'] = null;
  let sawMediaTag = false;

  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) {
      if (pendingVariant) {
        const bw = pendingVariant.attrs.BANDWIDTH;
        variants.push({
          uri: line,
          bandwidth: bw && /^\d+$/.test(bw) ? Number(bw) : null,
          attributes: pendingVariant.attrs,
        });
        if (variants.length > PLAYLIST_LIMITS.maxVariants)
          throw new PlaylistError('too-many-segments', n, 'too many variants');
        pendingVariant = null;
        continue;
      }
      if (pendingDuration === null)
        throw new PlaylistError('missing-uri', n, 'URI line without #EXTINF or #EXT-X-STREAM-INF');
      let byteRange: ByteRangeSlice | null = null;
      if (pendingRange) {
        const previous = segments[segments.length - 1];
        let offset = pendingRange.offset;
        if (offset === null) {
          // RFC 8216 §4.3.2.2: without an offset, the range follows the previous one of the same resource.
          if (!previous?.byteRange || previous.uri !== line) {
            throw new PlaylistError(
              'bad-tag',
              pendingRange.line,
              'BYTERANGE without offset must follow the same URI',
            );
          }
          offset = previous.byteRange.offset + previous.byteRange.length;
        }
        byteRange = { offset, length: pendingRange.length };
      }
      segments.push({
        uri: line,
        sequence: mediaSequence + segments.length,
        duration: pendingDuration,
        byteRange,
        map,
      });
      if (segments.length > PLAYLIST_LIMITS.maxSegments)
        throw new PlaylistError('too-many-segments', n, 'too many segments');
      pendingDuration = null;
      pendingRange = null;
      continue;
    }
    const colon = line.indexOf(':');
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    switch (tag) {
      case '#EXT-X-STREAM-INF':
        pendingVariant = { line: n, attrs: parseAttributes(value, n) };
        break;
      case '#EXT-X-MEDIA': {
        const uri = parseAttributes(value, n).URI;
        if (uri) renditionUris.push(uri);
        break;
      }
      case '#EXTINF': {
        sawMediaTag = true;
        const duration = Number(value.split(',')[0]);
        if (!Number.isFinite(duration) || duration < 0)
          throw new PlaylistError('bad-tag', n, 'bad #EXTINF duration');
        pendingDuration = duration;
        break;
      }
      case '#EXT-X-BYTERANGE':
        pendingRange = { ...parseByteRangeSpec(value, n), line: n };
        break;
      case '#EXT-X-TARGETDURATION':
        sawMediaTag = true;
        targetDuration = parseInteger(value, n);
        break;
      case '#EXT-X-MEDIA-SEQUENCE':
        if (segments.length > 0)
          throw new PlaylistError('bad-tag', n, 'EXT-X-MEDIA-SEQUENCE after the first segment');
        mediaSequence = parseInteger(value, n);
        break;
      case '#EXT-X-ENDLIST':
        endList = true;
        break;
      case '#EXT-X-PLAYLIST-TYPE':
        playlistType = value.trim();
        break;
      case '#EXT-X-MAP': {
        const attrs = parseAttributes(value, n);
        if (!attrs.URI) throw new PlaylistError('missing-uri', n, 'EXT-X-MAP without URI');
        const range = attrs.BYTERANGE ? parseByteRangeSpec(attrs.BYTERANGE, n) : null;
        map = {
          uri: attrs.URI,
          byteRange: range ? { length: range.length, offset: range.offset ?? 0 } : null,
        };
        break;
      }
      case '#EXT-X-SHOAL-MANIFEST': {
        const uri = parseAttributes(value, n).URI;
        if (!uri) throw new PlaylistError('missing-uri', n, 'EXT-X-SHOAL-MANIFEST without URI');
        shoalManifest = uri;
        break;
      }
      default:
        break; // unknown tags and comments are ignored (RFC 8216 §4.1)
    }
  }
  if (pendingVariant)
    throw new PlaylistError('missing-uri', pendingVariant.line, 'EXT-X-STREAM-INF without a URI');
  if (variants.length > 0 && (sawMediaTag || segments.length > 0)) {
    throw new PlaylistError('bad-tag', 0, 'both master and media playlist tags');
  }
  if (variants.length > 0) return { kind: 'master', variants, renditionUris, shoalManifest };
  return { kind: 'media', targetDuration, mediaSequence, endList, playlistType, segments, shoalManifest };
}

function parseInteger(value: string, line: number): number {
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text))
    throw new PlaylistError('bad-tag', line, `expected an integer, got "${text.slice(0, 40)}"`);
  return Number(text);
}
