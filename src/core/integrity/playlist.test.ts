import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlaylistError } from './errors.ts';
import { parsePlaylist } from './playlist.ts';

const read = (path: string) =>
  readFileSync(new URL(`../../../public/streams/${path}`, import.meta.url), 'utf8');

describe('parsePlaylist', () => {
  it('reads the sample master and media playlists', () => {
    const master = parsePlaylist(read('abr-fmp4/master.m3u8'));
    expect(master.kind).toBe('master');
    if (master.kind !== 'master') return;
    expect(master.variants.map((v) => v.uri)).toEqual(['240p/index.m3u8', '360p/index.m3u8']);
    expect(master.variants[0]!.bandwidth).toBe(345400);
    expect(master.variants[0]!.attributes.CODECS).toBe('avc1.4d4015,mp4a.40.2');

    const media = parsePlaylist(read('vod-fmp4-360p/index.m3u8'));
    if (media.kind !== 'media') throw new Error('expected media');
    expect(media.endList).toBe(true);
    expect(media.segments).toHaveLength(20);
    expect(media.segments[3]).toMatchObject({ uri: 'seg_003.m4s', sequence: 3, duration: 2 });
    expect(media.segments[3]!.map).toEqual({ uri: 'init.mp4', byteRange: null });

    const ts = parsePlaylist(read('vod-ts-360p/index.m3u8'));
    if (ts.kind !== 'media') throw new Error('expected media');
    expect(ts.segments[0]!.map).toBeNull();
  });

  it('handles byte ranges, media sequence, the Shoal tag and CRLF', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-MEDIA-SEQUENCE:40',
      '#EXT-X-SHOAL-MANIFEST:URI="m.json"',
      '#EXT-X-MAP:URI="all.mp4",BYTERANGE="100@0"',
      '#EXT-X-SOMETHING-NEW:FOO=1',
      '#EXTINF:2.0,',
      '#EXT-X-BYTERANGE:500@100',
      'all.mp4',
      '#EXTINF:2.0,title, with comma',
      '#EXT-X-BYTERANGE:300',
      'all.mp4',
    ].join('\r\n');
    const p = parsePlaylist(text);
    if (p.kind !== 'media') throw new Error('expected media');
    expect(p.shoalManifest).toBe('m.json');
    expect(p.endList).toBe(false);
    expect(p.segments.map((s) => [s.sequence, s.byteRange])).toEqual([
      [40, { offset: 100, length: 500 }],
      [41, { offset: 600, length: 300 }],
    ]);
    expect(p.segments[1]!.map).toEqual({ uri: 'all.mp4', byteRange: { offset: 0, length: 100 } });
  });

  it('rejects malformed playlists with a typed error and line', () => {
    const bad: [string, string][] = [
      ['not a playlist', 'not-m3u8'],
      ['#EXTM3U\nseg.ts', 'missing-uri'],
      ['#EXTM3U\n#EXTINF:abc,\nseg.ts', 'bad-tag'],
      ['#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1', 'missing-uri'],
      ['#EXTM3U\n#EXTINF:2,\n#EXT-X-BYTERANGE:10\nseg.ts', 'bad-tag'],
      ['#EXTM3U\n#EXT-X-MAP:BYTERANGE="1@0"', 'missing-uri'],
      ['#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n#EXTINF:2,\nb.ts', 'bad-tag'],
      ['#EXTM3U\n#EXT-X-MAP:URI="a', 'bad-tag'],
    ];
    for (const [text, kind] of bad) {
      expect(() => parsePlaylist(text), text).toThrow(PlaylistError);
      try {
        parsePlaylist(text);
      } catch (err) {
        expect((err as PlaylistError).kind, text).toBe(kind);
      }
    }
  });

  it('parses what it is given back: generated media playlists', () => {
    const segment = fc.record({
      uri: fc.stringMatching(/^[a-z0-9_/]{1,12}\.(ts|m4s)$/),
      duration: fc.integer({ min: 0, max: 10_000 }).map((ms) => ms / 1000),
    });
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(segment, { maxLength: 30 }), fc.boolean(), (seq, segs, end) => {
        const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:10', `#EXT-X-MEDIA-SEQUENCE:${seq}`];
        for (const s of segs) lines.push(`#EXTINF:${s.duration},`, s.uri);
        if (end) lines.push('#EXT-X-ENDLIST');
        const p = parsePlaylist(lines.join('\n'));
        if (p.kind !== 'media') throw new Error('expected media');
        expect(p.endList).toBe(end);
        expect(p.segments.map((s) => [s.uri, s.sequence, s.duration])).toEqual(
          segs.map((s, i) => [s.uri, seq + i, s.duration]),
        );
      }),
    );
  });

  it('throws nothing but PlaylistError on random input', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '#EXTINF:2,',
        '#EXT-X-BYTERANGE:10',
        '#EXT-X-BYTERANGE:5@3',
        '#EXT-X-STREAM-INF:BANDWIDTH=9',
      ),
      fc.constantFrom(
        '#EXT-X-MAP:URI="i.mp4"',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-ENDLIST',
        'a.ts',
        '#EXT-X-MAP:',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        try {
          parsePlaylist(['#EXTM3U', ...lines].join('\n'));
        } catch (err) {
          expect(err).toBeInstanceOf(PlaylistError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
