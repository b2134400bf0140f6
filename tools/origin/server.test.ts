import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_STREAMS_DIR } from '../paths.ts';
import { type OriginHandle, type OriginOptions, startOrigin } from './server.ts';

let dir: string;
const origins: OriginHandle[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoal-origin-'));
  await cp(DEFAULT_STREAMS_DIR, dir, { recursive: true });
  await mkdir(join(dir, 'tiny'));
  await writeFile(join(dir, 'tiny/blob.bin'), Buffer.from('0123456789'));
  await writeFile(join(dir, 'tiny/empty.ts'), Buffer.alloc(0));
  await writeFile(join(dir, 'tiny/data.json'), '{"a":1}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(origins.splice(0).map((origin) => origin.close()));
});

async function origin(options: OriginOptions = {}): Promise<OriginHandle> {
  const started = await startOrigin({ dir, port: 0, ...options });
  origins.push(started);
  return started;
}

/** A request with an exact path (fetch would normalise `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const fileSize = async (path: string) => (await stat(join(dir, path))).size;

describe('origin: files and ranges', () => {
  it('serves whole files with their content type and cache policy', async () => {
    const { url } = await origin();
    const expected: Array<[string, string, string]> = [
      ['/vod-ts-360p/index.m3u8', 'application/vnd.apple.mpegurl', 'no-cache'],
      ['/vod-ts-360p/seg_000.ts', 'video/mp2t', 'public, max-age=3600'],
      ['/vod-fmp4-360p/seg_000.m4s', 'video/iso.segment', 'public, max-age=3600'],
      ['/vod-fmp4-360p/init.mp4', 'video/mp4', 'public, max-age=3600'],
      ['/tiny/data.json', 'application/json', 'no-cache'],
    ];
    for (const [path, type, cache] of expected) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('cache-control'), path).toBe(cache);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect((await res.arrayBuffer()).byteLength).toBe(await fileSize(path));
    }
  });

  it('answers first, last and suffix ranges with 206 and the exact bytes', async () => {
    const { url } = await origin();
    const cases: Array<[string, string, string]> = [
      ['bytes=0-3', '0123', 'bytes 0-3/10'],
      ['bytes=7-9', '789', 'bytes 7-9/10'],
      ['bytes=8-', '89', 'bytes 8-9/10'],
      ['bytes=-2', '89', 'bytes 8-9/10'],
      ['bytes=5-100', '56789', 'bytes 5-9/10'],
    ];
    for (const [range, body, contentRange] of cases) {
      const res = await fetch(`${url}/tiny/blob.bin`, { headers: { Range: range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(contentRange);
      expect(res.headers.get('content-length')).toBe(String(body.length));
      expect(await res.text()).toBe(body);
    }
  });

  it('answers unsatisfiable or malformed ranges with 416, several ranges with the whole file', async () => {
    const { url } = await origin();
    for (const range of ['bytes=10-', 'bytes=50-60', 'bytes=5-2', 'bytes=x-y', 'bytes=-0']) {
      const res = await fetch(`${url}/tiny/blob.bin`, { headers: { Range: range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe('bytes */10');
      await res.arrayBuffer();
    }
    const empty = await fetch(`${url}/tiny/empty.ts`, { headers: { Range: 'bytes=0-0' } });
    expect(empty.status).toBe(416);
    await empty.arrayBuffer();
    const multi = await fetch(`${url}/tiny/blob.bin`, { headers: { Range: 'bytes=0-1,4-5' } });
    expect(multi.status).toBe(200);
    expect(await multi.text()).toBe('0123456789');
  });

  it('answers HEAD with headers only', async () => {
    const { url } = await origin();
    const res = await fetch(`${url}/vod-ts-360p/seg_001.ts`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(await fileSize('vod-ts-360p/seg_001.ts')));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('sends CORS headers and answers preflights', async () => {
    const { url } = await origin();
    const res = await fetch(`${url}/tiny/blob.bin`, { headers: { Range: 'bytes=0-0' } });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    for (const name of ['Content-Range', 'Content-Length', 'Accept-Ranges']) expect(exposed).toContain(name);
    const preflight = await fetch(`${url}/vod-ts-360p/seg_000.ts`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:5173', 'Access-Control-Request-Headers': 'range' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Range');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses paths outside the folder and unknown files', async () => {
    const { url } = await origin();
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/vod-ts-360p/..%2f..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await rawGet(url, path);
      expect([403, 404], path).toContain(res.status);
      expect(res.body).not.toContain('"name"');
    }
    expect((await rawGet(url, '/../../../../etc/passwd')).status).toBe(404);
    expect((await rawGet(url, '/nope.ts')).status).toBe(404);
    expect((await rawGet(url, '/vod-ts-360p')).status).toBe(404);
  });
});

describe('origin: byte meter', () => {
  it('counts segment and playlist body bytes exactly, and resets', async () => {
    const o = await origin();
    const segment = await fileSize('vod-ts-360p/seg_002.ts');
    const playlist = await fileSize('vod-ts-360p/index.m3u8');
    await (await fetch(`${o.url}/vod-ts-360p/index.m3u8`)).arrayBuffer();
    await (await fetch(`${o.url}/vod-ts-360p/seg_002.ts`)).arrayBuffer();
    await (
      await fetch(`${o.url}/vod-ts-360p/seg_002.ts`, { headers: { Range: 'bytes=100-199' } })
    ).arrayBuffer();
    await (await fetch(`${o.url}/tiny/data.json`)).arrayBuffer();
    await (await fetch(`${o.url}/tiny/blob.bin`, { headers: { Range: 'bytes=50-' } })).arrayBuffer(); // 416
    // Write callbacks may land a tick after the client has the bytes.
    await vi.waitFor(() => expect(o.meter().segments.bytes).toBe(segment + 100));
    const snapshot = o.meter();
    expect(snapshot.segments).toEqual({ bytes: segment + 100, requests: 2 });
    expect(snapshot.playlists).toEqual({ bytes: playlist, requests: 1 });
    expect(snapshot.manifests).toEqual({ bytes: 7, requests: 1 });
    expect(snapshot.other).toEqual({ bytes: 0, requests: 0 });

    const overHttp = await (await fetch(`${o.url}/__meter`)).json();
    expect(overHttp.segments).toEqual(snapshot.segments);
    const reset = await fetch(`${o.url}/__meter/reset`, { method: 'POST' });
    expect((await reset.json()).segments).toEqual({ bytes: 0, requests: 0 });
    expect(o.meter().playlists).toEqual({ bytes: 0, requests: 0 });
    o.resetMeter();
    expect(Date.parse(o.meter().since)).not.toBeNaN();
  });
});

describe('origin: live simulation', () => {
  it('slides the window with the clock and loops the VOD', async () => {
    let now = Date.UTC(2030, 0, 1);
    const o = await origin({ clock: () => now, liveWindow: 4 });
    const live = async () => (await fetch(`${o.url}/live/vod-ts-360p/index.m3u8`)).text();
    const first = await live();
    expect(first).toContain('#EXT-X-MEDIA-SEQUENCE:0');
    expect(first).not.toContain('#EXT-X-ENDLIST');
    expect(first).not.toContain('PLAYLIST-TYPE');
    expect(first.match(/^seg_\d+\.ts\?seq=\d+$/gm)).toEqual([
      'seg_000.ts?seq=0',
      'seg_001.ts?seq=1',
      'seg_002.ts?seq=2',
      'seg_003.ts?seq=3',
    ]);
    now += 2000 * 3;
    expect(await live()).toContain('#EXT-X-MEDIA-SEQUENCE:3');
    now += 2000 * 20; // one whole loop of the 20-segment VOD
    const looped = await live();
    expect(looped).toContain('#EXT-X-MEDIA-SEQUENCE:23');
    expect(looped.match(/^seg_\d+\.ts\?seq=\d+$/gm)?.[0]).toBe('seg_003.ts?seq=23');
    expect(looped).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1');

    const segment = await fetch(`${o.url}/live/vod-ts-360p/seg_003.ts?seq=23`, {
      headers: { Range: 'bytes=0-187' },
    });
    expect(segment.status).toBe(206);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect((await segment.arrayBuffer()).byteLength).toBe(188);
  });

  it('serves a master with its variants reachable live', async () => {
    const now = Date.UTC(2030, 0, 1);
    const o = await origin({ clock: () => now });
    const master = await fetch(`${o.url}/live/abr-fmp4/master.m3u8`);
    expect(master.headers.get('cache-control')).toBe('no-store');
    const text = await master.text();
    const variant = text.split('\n').find((line) => line.endsWith('.m3u8'))!;
    const resolved = new URL(variant, `${o.url}/live/abr-fmp4/master.m3u8`);
    expect(resolved.pathname.startsWith('/live/abr-fmp4/')).toBe(true);
    const media = await (await fetch(resolved)).text();
    expect(media).toContain('#EXT-X-MEDIA-SEQUENCE:0');
    expect(media).toMatch(/#EXT-X-MAP:URI="init_\d\.mp4"/);
    expect(media).toMatch(/^seg_000\.m4s\?seq=0$/m);
  });

  it('passes the window to the live manifest hook, and answers 404 without one', async () => {
    let now = Date.UTC(2030, 0, 1);
    await writeFile(join(dir, 'vod-ts-360p/index.shoal.json'), '{"vod":true}');
    try {
      const seen: number[][] = [];
      const o = await origin({
        clock: () => now,
        liveWindow: 3,
        liveManifest: (text, sequences) => {
          seen.push([...sequences]);
          return JSON.stringify({ from: JSON.parse(text), sequences });
        },
      });
      now += 5000;
      const res = await fetch(`${o.url}/live/vod-ts-360p/index.shoal.json`);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ from: { vod: true }, sequences: [0, 1, 2] });
      expect(seen).toEqual([[0, 1, 2]]); // the live clock started with this first /live/ request
      const off = await origin({ liveManifest: null });
      expect((await fetch(`${off.url}/live/vod-ts-360p/index.shoal.json`)).status).toBe(404);
    } finally {
      await rm(join(dir, 'vod-ts-360p/index.shoal.json'));
    }
  });
});

describe('origin: faults', () => {
  it('answers 503 for segments during an outage, then recovers', async () => {
    let now = Date.UTC(2030, 0, 1);
    const o = await origin({ clock: () => now });
    const status = async (path: string) => {
      const res = await fetch(`${o.url}${path}`);
      await res.arrayBuffer();
      return res;
    };
    o.setFaults({ outage: { startInMs: 1000, durationMs: 5000 } });
    expect((await status('/vod-ts-360p/seg_000.ts')).status).toBe(200);
    now += 1000;
    const down = await status('/vod-ts-360p/seg_000.ts');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect((await status('/live/vod-ts-360p/seg_000.ts?seq=0')).status).toBe(503);
    expect((await status('/vod-ts-360p/index.m3u8')).status).toBe(200);
    now += 5000;
    expect((await status('/vod-ts-360p/seg_000.ts')).status).toBe(200);
  });

  it('takes an outage from the start options and faults over HTTP', async () => {
    let now = Date.UTC(2030, 0, 1);
    const o = await origin({ clock: () => now, outage: { startMs: 0, durationMs: 2000 } });
    expect((await fetch(`${o.url}/vod-ts-360p/seg_000.ts`)).status).toBe(503);
    now += 2000;
    expect((await fetch(`${o.url}/vod-ts-360p/seg_000.ts`, { method: 'HEAD' })).status).toBe(200);

    const post = (body: string) => fetch(`${o.url}/__faults`, { method: 'POST', body });
    const set = await post(JSON.stringify({ outage: { startInMs: 0, durationMs: 10_000 }, latencyMs: 0 }));
    expect(set.status).toBe(200);
    expect((await set.json()).outage).not.toBeNull();
    expect((await fetch(`${o.url}/vod-ts-360p/seg_000.ts`, { method: 'HEAD' })).status).toBe(503);
    await (await post(JSON.stringify({ outage: null }))).arrayBuffer();
    expect((await fetch(`${o.url}/vod-ts-360p/seg_000.ts`, { method: 'HEAD' })).status).toBe(200);

    for (const bad of ['not json', '{"latencyMs":-1}', '{"outage":{"startInMs":"soon"}}', '[]']) {
      const res = await post(bad);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error).toBeTruthy();
    }
  });

  it('delays responses by the configured latency (a lower bound only)', async () => {
    const o = await origin({ latencyMs: 60 });
    const started = performance.now();
    await (await fetch(`${o.url}/tiny/blob.bin`)).arrayBuffer();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect((await (await fetch(`${o.url}/__faults`)).json()).latencyMs).toBe(60);
  });
});
