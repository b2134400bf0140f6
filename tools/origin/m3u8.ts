/** Just enough HLS playlist parsing for the live simulator: VOD media playlists and masters. */

export class PlaylistError extends Error {
  readonly kind = 'invalid-playlist';
  constructor(message: string) {
    super(message);
    this.name = 'PlaylistError';
  }
}

export interface VodSegment {
  uri: string;
  durationMs: number;
  /** Segment tags other than EXTINF, DISCONTINUITY and PROGRAM-DATE-TIME (e.g. BYTERANGE, KEY). */
  tags: string[];
  /** The VOD has an `#EXT-X-DISCONTINUITY` before this segment. */
  discontinuity: boolean;
}

export interface VodPlaylist {
  /** Header tags that stay valid in a live playlist (VERSION, TARGETDURATION, MAP, ...). */
  header: string[];
  segments: VodSegment[];
}

// Tags the live renderer writes itself, or that make no sense in a sliding window.
const DROPPED_HEADER = ['#EXTM3U', '#EXT-X-ENDLIST', '#EXT-X-PLAYLIST-TYPE', '#EXT-X-MEDIA-SEQUENCE'];
const DROPPED_ANYWHERE = ['#EXT-X-DISCONTINUITY-SEQUENCE', '#EXT-X-PROGRAM-DATE-TIME', '#EXT-X-ENDLIST'];

export function isMasterPlaylist(text: string): boolean {
  return /^#EXT-X-STREAM-INF:/m.test(text);
}

export function parseVodPlaylist(text: string): VodPlaylist {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new PlaylistError('playlist does not start with #EXTM3U');
  const header: string[] = [];
  const segments: VodSegment[] = [];
  let pending: { durationMs: number | null; tags: string[]; discontinuity: boolean } | null = null;
  for (const line of lines.slice(1)) {
    if (line === '' || (line.startsWith('#') && !line.startsWith('#EXT'))) continue;
    if (DROPPED_ANYWHERE.some((tag) => line.startsWith(tag))) continue;
    if (line.startsWith('#EXTINF:')) {
      pending ??= { durationMs: null, tags: [], discontinuity: false };
      pending.durationMs = parseExtinf(line);
    } else if (line === '#EXT-X-DISCONTINUITY') {
      pending ??= { durationMs: null, tags: [], discontinuity: false };
      pending.discontinuity = true;
    } else if (line.startsWith('#')) {
      if (pending) pending.tags.push(line);
      else if (!DROPPED_HEADER.some((tag) => line.startsWith(tag))) header.push(line);
    } else {
      if (!pending || pending.durationMs === null)
        throw new PlaylistError(`segment "${line}" has no #EXTINF`);
      segments.push({
        uri: line,
        durationMs: pending.durationMs,
        tags: pending.tags,
        discontinuity: pending.discontinuity,
      });
      pending = null;
    }
  }
  if (segments.length === 0) throw new PlaylistError('playlist has no segments');
  if (segments.every((segment) => segment.durationMs === 0)) throw new PlaylistError('all segments last 0 s');
  return { header, segments };
}

function parseExtinf(line: string): number {
  const seconds = Number(line.slice('#EXTINF:'.length).split(',')[0]);
  if (!Number.isFinite(seconds) || seconds < 0) throw new PlaylistError(`bad duration in "${line}"`);
  return Math.round(seconds * 1000);
}

/**
 * Points a master's variant and rendition URIs at their live versions. Relative URIs already
 * resolve under `/live/`, so only root-relative ones change; absolute URLs are left alone.
 */
export function rewriteMasterForLive(text: string, livePrefix: string): string {
  const toLive = (uri: string) =>
    uri.startsWith('/') && !uri.startsWith('//') ? `${livePrefix}${uri}` : uri;
  return text
    .split(/\r?\n/)
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      if (!trimmed.startsWith('#')) return toLive(trimmed);
      return trimmed.replace(/URI="([^"]*)"/g, (_all, uri: string) => `URI="${toLive(uri)}"`);
    })
    .join('\n');
}
