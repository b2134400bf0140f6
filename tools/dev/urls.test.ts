import { describe, expect, it } from 'vitest';
import { demoLinks } from './urls.ts';

describe('demoLinks', () => {
  it('points the page at each sample on the origin, all with the same tracker', () => {
    const links = demoLinks('http://127.0.0.1:5173', 'http://127.0.0.1:8080', 'ws://127.0.0.1:8000');
    expect(links[0]!.url).toBe(
      'http://127.0.0.1:5173/?src=http://127.0.0.1:8080/vod-ts-360p/index.m3u8&tracker=ws://127.0.0.1:8000',
    );
    const sources = links.map((link) => new URL(link.url).searchParams.get('src'));
    expect(sources).toContain('http://127.0.0.1:8080/live/vod-ts-360p/index.m3u8');
    expect(sources).toContain('http://127.0.0.1:8080/abr-fmp4/master.m3u8');
    expect(
      links.every((link) => new URL(link.url).searchParams.get('tracker') === 'ws://127.0.0.1:8000'),
    ).toBe(true);
  });
});
