import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSegment, parseManifest } from '../../src/core/integrity/index.ts';
import { packStream } from '../pack/index.ts';
import { DEFAULT_STREAMS_DIR } from '../paths.ts';
import { type OriginHandle, startOrigin } from './server.ts';

let dir: string;
let origin: OriginHandle;
let now = Date.UTC(2030, 0, 1);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoal-live-manifest-'));
  await cp(join(DEFAULT_STREAMS_DIR, 'vod-fmp4-360p'), join(dir, 'vod'), { recursive: true });
  await packStream(join(dir, 'vod'));
  origin = await startOrigin({ dir, port: 0, clock: () => now, liveWindow: 4 });
});

afterAll(async () => {
  await origin?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('live manifests (default hook)', () => {
  it('describes every segment of the live window under its live URI and sequence', async () => {
    const vod = parseManifest(await (await fetch(`${origin.url}/vod/index.shoal.json`)).text());
    now += 2000 * 22; // one loop and two segments in
    const playlist = await (await fetch(`${origin.url}/live/vod/index.m3u8`)).text();
    const manifest = parseManifest(await (await fetch(`${origin.url}/live/vod/index.shoal.json`)).text());
    expect(manifest.complete).toBe(false);
    expect(manifest.contentId).not.toBe(vod.contentId);
    const listed = playlist.match(/^seg_\d+\.m4s\?seq=\d+$/gm)!;
    expect(listed).toHaveLength(4);
    for (const uri of listed) {
      const sequence = Number(uri.split('seq=')[1]);
      const entry = findSegment(manifest, sequence, uri);
      expect(entry, uri).not.toBeNull();
      // Same bytes as the VOD segment it loops.
      expect(entry!.hash).toBe(vod.segments[sequence % vod.segments.length]!.hash);
    }
  });
});
