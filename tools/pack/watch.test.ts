import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToString, type Manifest, parseManifest } from '../../src/core/integrity/index.ts';
import { verifyStream } from './verify-stream.ts';
import { type Watcher, watchStream } from './watch-stream.ts';

let dir: string;
let watcher: Watcher | null = null;
const errors: unknown[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoal-watch-'));
  errors.length = 0;
});
afterEach(async () => {
  await watcher?.stop();
  watcher = null;
  await rm(dir, { recursive: true, force: true });
});

function segmentBytes(n: number, length = 40_000 + n * 1000): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 7 + n * 13 + (i >> 8)) & 255;
  return out;
}

/** Rewrites the live playlist atomically, as a real packager does. */
async function publish(first: number, count: number, end = false): Promise<void> {
  const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let s = first; s < first + count; s++) lines.push('#EXTINF:2.0,', `seg_${s}.ts`);
  if (end) lines.push('#EXT-X-ENDLIST');
  await writeFile(join(dir, 'tmp.m3u8.part'), `${lines.join('\n')}\n`);
  await rename(join(dir, 'tmp.m3u8.part'), join(dir, 'live.m3u8'));
}

async function manifest(): Promise<Manifest | null> {
  try {
    return parseManifest(await readFile(join(dir, 'live.shoal.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Polls until `check` holds; bounded, so a broken watcher fails the test instead of hanging it. */
async function until(check: (m: Manifest) => boolean, what: string): Promise<Manifest> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const m = await manifest();
    if (m && check(m)) return m;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}; last manifest: ${JSON.stringify(await manifest())}`);
}

const sequences = (m: Manifest) => m.segments.map((s) => s.sequence);

describe('watchStream', () => {
  it('follows a live playlist as segments appear, slide out and the stream ends', async () => {
    for (const s of [0, 1]) await writeFile(join(dir, `seg_${s}.ts`), segmentBytes(s));
    await publish(0, 2);
    watcher = await watchStream(join(dir, 'live.m3u8'), {
      intervalMs: 15,
      history: 1,
      onError: (e) => errors.push(e),
    });
    let m = await until((m) => sequences(m).join() === '0,1', 'the first two segments');
    expect(m.complete).toBe(false);

    // A segment listed before its file exists is simply pending.
    await publish(0, 3);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sequences((await manifest())!)).toEqual([0, 1]);
    await writeFile(join(dir, 'seg_2.ts'), segmentBytes(2));
    m = await until((m) => sequences(m).join() === '0,1,2', 'segment 2');
    expect(m.segments[2]!.hash).toBe(hashToString(m.hash, segmentBytes(2)));

    // The window slides: 0 and 1 leave the playlist, 1 stays as history.
    for (const s of [3, 4]) await writeFile(join(dir, `seg_${s}.ts`), segmentBytes(s));
    await publish(2, 3);
    m = await until((m) => sequences(m).join() === '1,2,3,4', 'the slid window');

    await publish(2, 3, true);
    m = await until((m) => m.complete, 'the end of the stream');
    expect(sequences(m)).toEqual([1, 2, 3, 4]);
    await watcher.stop();
    watcher = null;
    expect(errors).toEqual([]);
  });

  it('re-hashes a segment whose file changes after it was hashed', async () => {
    await writeFile(join(dir, 'seg_0.ts'), segmentBytes(0, 1000)); // looks complete, but is not
    await publish(0, 1);
    watcher = await watchStream(join(dir, 'live.m3u8'), { intervalMs: 15, onError: (e) => errors.push(e) });
    await until((m) => m.segments[0]?.length === 1000, 'the short segment');
    await writeFile(join(dir, 'seg_0.ts'), segmentBytes(0));
    const m = await until((m) => m.segments[0]?.length === segmentBytes(0).length, 'the full segment');
    expect(m.segments[0]!.hash).toBe(hashToString(m.hash, segmentBytes(0)));
    await publish(0, 1, true);
    await until((m) => m.complete, 'the end');
    expect((await verifyStream(join(dir, 'live.m3u8'))).ok).toBe(true);
    expect(errors).toEqual([]);
  });
});
