import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashToString, parseManifest } from '../../src/core/integrity/index.ts';
import { packRendition, packStream } from '../pack/pack-stream.ts';
import { DEFAULT_STREAMS_DIR } from '../paths.ts';
import { PackedManifests } from './packed-manifests.ts';
import { type OriginHandle, startOrigin } from './server.ts';

// Packs in these tests are real (about 100 ms a rendition); none of them measure speed.

let dir: string;
/** What `shoal pack <dir>` writes, packed from a second copy, by playlist path relative to the root. */
let expected: Map<string, string>;
const origins: OriginHandle[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoal-autopack-'));
  await cp(DEFAULT_STREAMS_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.shoal.json') });
  const reference = await mkdtemp(join(tmpdir(), 'shoal-autopack-ref-'));
  try {
    await cp(dir, reference, { recursive: true });
    const packed = await packStream(reference, { write: false });
    expected = new Map(packed.map((p) => [p.manifestPath.slice(reference.length), p.text]));
  } finally {
    await rm(reference, { recursive: true, force: true });
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(origins.splice(0).map((origin) => origin.close()));
});

async function origin(): Promise<OriginHandle> {
  const started = await startOrigin({ dir, port: 0, clock: () => 1_000_000 });
  origins.push(started);
  return started;
}

describe('origin: sidecar manifests packed on demand', () => {
  it.each([
    '/vod-ts-360p/index.shoal.json',
    '/vod-fmp4-360p/index.shoal.json',
    '/abr-fmp4/240p/index.shoal.json',
    '/abr-fmp4/360p/index.shoal.json',
  ])('serves %s with no file, equal to what shoal pack writes', async (path) => {
    const { url, meter } = await origin();
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(parseManifest(text).complete).toBe(true);
    expect(text).toBe(expected.get(path));
    await vi.waitFor(() =>
      expect(meter().manifests).toEqual({ requests: 1, bytes: Buffer.byteLength(text) }),
    );
  });

  it('packs a rendition once, for concurrent and later requests alike', async () => {
    let packings = 0;
    const manifests = new PackedManifests(dir, async (rendition) => {
      packings += 1;
      return (await packRendition(rendition, { write: false })).text;
    });
    const path = join(dir, 'vod-fmp4-360p/index.shoal.json');
    const texts = await Promise.all([1, 2, 3].map(() => manifests.packed(path)));
    texts.push(await manifests.read(path));
    expect(new Set(texts)).toEqual(new Set([expected.get('/vod-fmp4-360p/index.shoal.json')]));
    expect(packings).toBe(1);
  });

  it('serves the live window manifest from the in-memory VOD manifest', async () => {
    const { url } = await origin();
    const playlist = await (await fetch(`${url}/live/vod-ts-360p/index.m3u8`)).text();
    const res = await fetch(`${url}/live/vod-ts-360p/index.shoal.json`);
    expect(res.status).toBe(200);
    const live = parseManifest(await res.text());
    const vod = parseManifest(expected.get('/vod-ts-360p/index.shoal.json')!);
    const liveUris = playlist.split('\n').filter((line) => line.startsWith('seg_'));
    expect(live.segments.map((s) => s.uri)).toEqual(liveUris);
    expect(live.segments[0]!.hash).toBe(vod.segments[0]!.hash);
  });

  it('answers 404 with the reason when the playlist cannot be packed, and keeps serving', async () => {
    await cp(join(dir, 'vod-ts-360p'), join(dir, 'broken'), { recursive: true });
    const playlistPath = join(dir, 'broken/index.m3u8');
    const playlist = await readFile(playlistPath, 'utf8');
    await writeFile(playlistPath, playlist.replace('seg_003.ts', 'seg_missing.ts'));
    const { url } = await origin();
    for (const path of ['/broken/index.shoal.json', '/live/broken/index.shoal.json']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toMatch(/^cannot pack broken\/index\.m3u8: not-found: broken\/seg_missing\.ts/);
      expect(body).not.toContain(dir);
    }
    await writeFile(playlistPath, 'not a playlist at all');
    const garbled = await fetch(`${url}/broken/index.shoal.json`);
    expect(garbled.status).toBe(404);
    expect(await garbled.text()).toMatch(/^cannot pack broken\/index\.m3u8: bad-playlist/);
    expect((await fetch(`${url}/vod-ts-360p/index.shoal.json`)).status).toBe(200);
  });

  it('answers 404 "not found" when there is no playlist either', async () => {
    const { url } = await origin();
    const res = await fetch(`${url}/vod-ts-360p/other.shoal.json`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('not found\n');
  });

  it('re-packs when a segment changes', async () => {
    await cp(join(dir, 'vod-ts-360p'), join(dir, 'edited'), { recursive: true });
    const { url } = await origin();
    const path = `${url}/edited/index.shoal.json`;
    const before = parseManifest(await (await fetch(path)).text());
    const segmentPath = join(dir, 'edited/seg_002.ts');
    const bytes = await readFile(segmentPath);
    bytes[100] = (bytes[100]! + 1) % 256; // same size: only the mtime tells
    await writeFile(segmentPath, bytes);
    const later = new Date(Date.now() + 60_000);
    await utimes(segmentPath, later, later);
    const after = parseManifest(await (await fetch(path)).text());
    expect(after.segments[2]!.hash).not.toBe(before.segments[2]!.hash);
    expect(after.segments[2]!.hash).toBe(hashToString(after.hash, bytes));
    expect(after.segments[3]).toEqual(before.segments[3]);
  });

  it('prefers a sidecar file on disk', async () => {
    await cp(join(dir, 'vod-ts-360p'), join(dir, 'on-disk'), { recursive: true });
    await writeFile(join(dir, 'on-disk/index.shoal.json'), '{"written":"by hand"}');
    const { url } = await origin();
    expect(await (await fetch(`${url}/on-disk/index.shoal.json`)).text()).toBe('{"written":"by hand"}');
  });
});
