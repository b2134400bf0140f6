import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveSegmentUri, liveWindow, renderLivePlaylist } from './live.ts';
import {
  isMasterPlaylist,
  PlaylistError,
  parseVodPlaylist,
  rewriteMasterForLive,
  type VodPlaylist,
} from './m3u8.ts';

const VOD = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init.mp4"
#EXTINF:2.000000,
seg_000.m4s
#EXTINF:2.000000,
seg_001.m4s
#EXTINF:2.000000,
seg_002.m4s
#EXTINF:2.000000,
seg_003.m4s
#EXT-X-ENDLIST
`;

describe('parseVodPlaylist', () => {
  it('keeps live-safe header tags and every segment', () => {
    const playlist = parseVodPlaylist(VOD);
    expect(playlist.header).toEqual([
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MAP:URI="init.mp4"',
    ]);
    expect(playlist.segments.map((s) => [s.uri, s.durationMs])).toEqual([
      ['seg_000.m4s', 2000],
      ['seg_001.m4s', 2000],
      ['seg_002.m4s', 2000],
      ['seg_003.m4s', 2000],
    ]);
  });

  it('rejects what it cannot loop', () => {
    expect(() => parseVodPlaylist('seg.ts')).toThrow(PlaylistError);
    expect(() => parseVodPlaylist('#EXTM3U\n#EXT-X-ENDLIST\n')).toThrow(/no segments/);
    expect(() => parseVodPlaylist('#EXTM3U\nseg.ts\n')).toThrow(/no #EXTINF/);
  });
});

describe('liveWindow', () => {
  const playlist = parseVodPlaylist(VOD);

  it('starts full, then slides one sequence per segment duration, looping the VOD', () => {
    const at = (ms: number) => liveWindow(playlist, ms, 3);
    expect(at(0).entries.map((e) => [e.sequence, e.vodIndex])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(at(1999).mediaSequence).toBe(0);
    expect(at(2000).mediaSequence).toBe(1);
    expect(at(4000).entries.map((e) => [e.sequence, e.vodIndex])).toEqual([
      [2, 2],
      [3, 3],
      [4, 0],
    ]);
    // Two full loops (16 s) later the sequence keeps counting.
    expect(at(16_000 + 2000).entries.map((e) => e.sequence)).toEqual([9, 10, 11]);
  });

  it('marks each loop wrap as a discontinuity and counts those that slid out', () => {
    const w = liveWindow(playlist, 4000, 3);
    expect(w.entries.map((e) => e.discontinuity)).toEqual([false, false, true]);
    expect(w.discontinuitySequence).toBe(0);
    // First entry is sequence 4 (a wrap): counted in the sequence number, no tag on it.
    const later = liveWindow(playlist, 8000, 3);
    expect(later.mediaSequence).toBe(4);
    expect(later.discontinuitySequence).toBe(1);
    expect(later.entries[0]!.discontinuity).toBe(false);
  });

  it('keeps sequences contiguous and never moves backwards (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat({ max: 10_000_000 }),
        fc.nat({ max: 100_000 }),
        (durations, size, elapsed, step) => {
          const vod: VodPlaylist = {
            header: [],
            segments: durations.map((durationMs, i) => ({
              uri: `s${i}.ts`,
              durationMs,
              tags: [],
              discontinuity: false,
            })),
          };
          const now = liveWindow(vod, elapsed, size);
          const next = liveWindow(vod, elapsed + step, size);
          expect(now.entries.map((e) => e.sequence)).toEqual(
            Array.from({ length: size }, (_, i) => now.mediaSequence + i),
          );
          expect(now.entries.every((e) => e.vodIndex === e.sequence % durations.length)).toBe(true);
          expect(next.mediaSequence).toBeGreaterThanOrEqual(now.mediaSequence);
          expect(next.discontinuitySequence).toBeGreaterThanOrEqual(now.discontinuitySequence);
          // Each discontinuity tag inside the window adds one to the next window's count.
          const tags = now.entries.slice(1, next.mediaSequence - now.mediaSequence + 1);
          if (next.mediaSequence - now.mediaSequence < size) {
            expect(next.discontinuitySequence - now.discontinuitySequence).toBe(
              tags.filter((e) => e.discontinuity).length,
            );
          }
        },
      ),
    );
  });
});

describe('renderLivePlaylist', () => {
  it('writes a live playlist: no ENDLIST, moving media sequence, per-sequence URIs', () => {
    const playlist = parseVodPlaylist(VOD);
    const text = renderLivePlaylist(playlist, liveWindow(playlist, 6000, 3), null);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXT-X-MEDIA-SEQUENCE:3',
        '#EXT-X-DISCONTINUITY-SEQUENCE:0',
        '#EXTINF:2.000,',
        'seg_003.m4s?seq=3',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:2.000,',
        'seg_000.m4s?seq=4',
        '#EXTINF:2.000,',
        'seg_001.m4s?seq=5',
        '',
      ].join('\n'),
    );
  });

  it('adds program date times one segment apart when given an epoch', () => {
    const playlist = parseVodPlaylist(VOD);
    const text = renderLivePlaylist(playlist, liveWindow(playlist, 0, 2), Date.UTC(2030, 0, 1));
    const dates = [...text.matchAll(/PROGRAM-DATE-TIME:(.*)/g)].map((m) => Date.parse(m[1]!));
    expect(dates[1]! - dates[0]!).toBe(2000);
  });

  it('appends the sequence to URIs that already have a query', () => {
    expect(liveSegmentUri('a.ts?token=x', 7)).toBe('a.ts?token=x&seq=7');
  });
});

describe('rewriteMasterForLive', () => {
  it('points root-relative variants and renditions under /live, leaves the rest', () => {
    const master = [
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="/audio/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1',
      '/abr/240p/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=2',
      '360p/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=3',
      'https://cdn.example/x.m3u8',
    ].join('\n');
    expect(isMasterPlaylist(master)).toBe(true);
    expect(rewriteMasterForLive(master, '/live').split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="/live/audio/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1',
      '/live/abr/240p/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=2',
      '360p/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=3',
      'https://cdn.example/x.m3u8',
    ]);
  });
});
