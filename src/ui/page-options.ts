// What the demo page plays and how, chosen at run time by query parameters so the
// static build works from any host: ?src=<HLS URL>&tracker=<ws URL>&p2p=0|1

export interface PageOptions {
  src: string;
  trackers: string[];
  p2p: boolean;
  /** Whether tabs of this browser also meet over BroadcastChannel (`bc=0` turns it off). */
  broadcast: boolean;
  /** `trust=1`: P2P even without a manifest, nothing verified (closed networks only). */
  trustPeers: boolean;
  /** `views=0`: no swarm charts, shard map or peers table (benchmarks compare engines, not UIs). */
  swarmViews: boolean;
}

export const DEFAULT_SRC = 'streams/vod-ts-360p/index.m3u8';

export function readPageOptions(search: string, base: string): PageOptions {
  const params = new URLSearchParams(search);
  const src = params.get('src') || DEFAULT_SRC;
  return {
    src: new URL(src, base).href,
    trackers: params.getAll('tracker').filter((url) => url.length > 0),
    p2p: params.get('p2p') !== '0',
    broadcast: params.get('bc') !== '0',
    trustPeers: params.get('trust') === '1',
    swarmViews: params.get('views') !== '0',
  };
}

/** The same page with some parameters changed, for the URL field and "open another viewer". */
export function pageUrlWith(current: string, changes: Record<string, string | null>): string {
  const url = new URL(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return url.href;
}
