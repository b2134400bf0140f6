import { describe, expect, it } from 'vitest';
import { contentIdForMaster, contentIdForMedia } from './content-id.ts';
import { sidecarUri } from './sidecar.ts';

describe('sidecarUri', () => {
  it('swaps the playlist extension for .shoal.json and keeps query and fragment', () => {
    expect(sidecarUri('index.m3u8')).toBe('index.shoal.json');
    expect(sidecarUri('/streams/360p/index.m3u8')).toBe('/streams/360p/index.shoal.json');
    expect(sidecarUri('https://cdn.example/a/b.M3U8?token=x.m3u8#t')).toBe(
      'https://cdn.example/a/b.shoal.json?token=x.m3u8#t',
    );
    expect(sidecarUri('live.m3u')).toBe('live.shoal.json');
    expect(sidecarUri('playlist')).toBe('playlist.shoal.json');
  });
});

describe('content ids', () => {
  it('are stable, compact and separate masters, media playlists and part boundaries', () => {
    const a = contentIdForMaster('abr', ['240p/index.m3u8', '360p/index.m3u8']);
    expect(a).toBe(contentIdForMaster('abr', ['240p/index.m3u8', '360p/index.m3u8']));
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const others = [
      contentIdForMaster('other', ['240p/index.m3u8', '360p/index.m3u8']),
      contentIdForMaster('abr', ['360p/index.m3u8', '240p/index.m3u8']),
      contentIdForMaster('abr', ['240p/index.m3u8360p/index.m3u8']),
      contentIdForMedia('abr', '240p/index.m3u8'),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
  });
});
