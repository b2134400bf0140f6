import type { VodPlaylist } from './m3u8.ts';

/**
 * The live simulator: a VOD playlist looped forever as a sliding window that advances with
 * the clock. Pure functions of (playlist, elapsed ms) so tests drive time by hand.
 *
 * Model: at elapsed 0 the window already holds `size` segments (sequences 0..size-1), so a
 * player can start at once; each time one segment's worth of media time passes, the window
 * slides by one. Sequence s plays VOD segment s mod n; a loop wrap is a discontinuity.
 */
export interface LiveEntry {
  sequence: number;
  vodIndex: number;
  /** An `#EXT-X-DISCONTINUITY` goes before this entry (never on the window's first entry). */
  discontinuity: boolean;
  /** Media time of this sequence since the live epoch, in ms. */
  mediaStartMs: number;
}

export interface LiveWindow {
  mediaSequence: number;
  discontinuitySequence: number;
  entries: LiveEntry[];
}

export function liveWindow(playlist: VodPlaylist, elapsedMs: number, size: number): LiveWindow {
  const timeline = timelineOf(playlist);
  const first = completedSegments(timeline, Math.max(0, elapsedMs));
  const entries: LiveEntry[] = [];
  for (let sequence = first; sequence < first + size; sequence++) {
    entries.push({
      sequence,
      vodIndex: sequence % timeline.count,
      discontinuity: sequence !== first && discontinuityBefore(playlist, sequence),
      mediaStartMs: mediaStart(timeline, sequence),
    });
  }
  return { mediaSequence: first, discontinuitySequence: discontinuitiesUpTo(playlist, first), entries };
}

/** The live playlist text. `epochMs` (wall clock of elapsed 0) adds PROGRAM-DATE-TIME tags. */
export function renderLivePlaylist(
  playlist: VodPlaylist,
  window: LiveWindow,
  epochMs: number | null,
): string {
  const lines = ['#EXTM3U', ...playlist.header];
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${window.mediaSequence}`);
  lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${window.discontinuitySequence}`);
  const timeline = timelineOf(playlist);
  // Shifted so the newest segments of the first window have recent dates, not future ones.
  const shiftMs = epochMs === null ? 0 : mediaStart(timeline, window.entries.length);
  for (const entry of window.entries) {
    const segment = playlist.segments[entry.vodIndex]!;
    if (entry.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (epochMs !== null) {
      lines.push(
        `#EXT-X-PROGRAM-DATE-TIME:${new Date(epochMs + entry.mediaStartMs - shiftMs).toISOString()}`,
      );
    }
    lines.push(...segment.tags, `#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`);
    lines.push(liveSegmentUri(segment.uri, entry.sequence));
  }
  return `${lines.join('\n')}\n`;
}

/** Same sequence, same URL, for every viewer: caches and the swarm agree on what it names. */
export function liveSegmentUri(vodUri: string, sequence: number): string {
  return `${vodUri}${vodUri.includes('?') ? '&' : '?'}seq=${sequence}`;
}

interface Timeline {
  count: number;
  totalMs: number;
  /** starts[i] is the media start of VOD segment i; starts[count] === totalMs. */
  starts: number[];
}

function timelineOf(playlist: VodPlaylist): Timeline {
  const starts = [0];
  for (const segment of playlist.segments) starts.push(starts.at(-1)! + segment.durationMs);
  return { count: playlist.segments.length, totalMs: starts.at(-1)!, starts };
}

function mediaStart(timeline: Timeline, sequence: number): number {
  const loops = Math.floor(sequence / timeline.count);
  return loops * timeline.totalMs + timeline.starts[sequence % timeline.count]!;
}

/** How many looped segments have fully played by `elapsedMs`. */
function completedSegments(timeline: Timeline, elapsedMs: number): number {
  const loops = Math.floor(elapsedMs / timeline.totalMs);
  const rest = elapsedMs - loops * timeline.totalMs;
  let inLoop = 0;
  while (inLoop < timeline.count && timeline.starts[inLoop + 1]! <= rest) inLoop++;
  return loops * timeline.count + inLoop;
}

function discontinuityBefore(playlist: VodPlaylist, sequence: number): boolean {
  const index = sequence % playlist.segments.length;
  if (index === 0) return sequence > 0;
  return playlist.segments[index]!.discontinuity;
}

/** Discontinuities before sequences 1..sequence: the discontinuity sequence of `sequence`. */
function discontinuitiesUpTo(playlist: VodPlaylist, sequence: number): number {
  const count = playlist.segments.length;
  const loops = Math.floor(sequence / count);
  const rest = sequence % count;
  const vodDiscontinuities = (upTo: number) =>
    playlist.segments.slice(1, upTo + 1).filter((segment) => segment.discontinuity).length;
  return loops * (1 + vodDiscontinuities(count - 1)) + vodDiscontinuities(rest);
}
