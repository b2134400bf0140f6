/** The demo page links `shoal dev` prints: one per sample stream, all on the same swarm tracker. */
export interface DemoLink {
  label: string;
  url: string;
}

const SAMPLES: Array<[label: string, path: string]> = [
  ['TS, 360p', '/vod-ts-360p/index.m3u8'],
  ['fMP4, 360p', '/vod-fmp4-360p/index.m3u8'],
  ['ABR fMP4, 240p + 360p', '/abr-fmp4/master.m3u8'],
  ['live (looped TS)', '/live/vod-ts-360p/index.m3u8'],
  ['live ABR (looped fMP4)', '/live/abr-fmp4/master.m3u8'],
];

export function demoLinks(pageUrl: string, originUrl: string, trackerUrl: string): DemoLink[] {
  const page = pageUrl.endsWith('/') ? pageUrl : `${pageUrl}/`;
  // `:` and `/` are legal in a query string, so the links stay readable and copy-pasteable.
  return SAMPLES.map(([label, path]) => ({
    label,
    url: `${page}?src=${originUrl}${path}&tracker=${trackerUrl}`,
  }));
}
