import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToString, parseManifest, parsePlaylist } from '../../src/core/integrity/index.ts';
import { packStream } from './pack-stream.ts';
import { verifyStream } from './verify-stream.ts';

const STREAMS = new URL('../../public/streams/', import.meta.url).pathname;
const SAMPLES = ['vod-ts-360p', 'vod-fmp4-360p', 'abr-fmp4'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoal-pack-'));
  await cp(STREAMS, dir, { recursive: true, filter: (src) => !src.endsWith('.shoal.json') });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('packStream / verifyStream', () => {
  it.each(SAMPLES)('round-trips %s', async (name) => {
    const packed = await packStream(join(dir, name));
    expect(packed.length).toBeGreaterThan(0);
    for (const p of packed) {
      const manifest = parseManifest(await readFile(p.manifestPath, 'utf8'));
      expect(manifest).toEqual(p.manifest);
      expect(manifest.complete).toBe(true);
      const playlist = parsePlaylist(await readFile(p.playlistPath, 'utf8'));
      if (playlist.kind !== 'media') throw new Error('expected media');
      expect(manifest.segments.map((s) => [s.sequence, s.uri])).toEqual(
        playlist.segments.map((s) => [s.sequence, s.uri]),
      );
      expect(manifest.inits.length).toBe(name === 'vod-ts-360p' ? 0 : 1);
      const first = manifest.segments[0]!;
      const bytes = await readFile(join(p.playlistPath, '..', first.uri));
      expect(first.hash).toBe(hashToString(manifest.hash, bytes));
    }
    expect(new Set(packed.map((p) => p.contentId)).size).toBe(1);
    const report = await verifyStream(join(dir, name));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('gives the renditions of one master one content id, and different streams different ones', async () => {
    const packed = await packStream(dir, { write: false });
    expect(packed.map((p) => p.rendition).sort()).toEqual([
      '240p/index.m3u8',
      '360p/index.m3u8',
      'index.m3u8',
      'index.m3u8',
    ]);
    const ids = new Set(packed.map((p) => p.contentId));
    expect(ids.size).toBe(3);
  });

  it('names a tampered segment, a tampered shard hash and a missing segment', async () => {
    const stream = join(dir, 'vod-fmp4-360p');
    await packStream(stream);
    const segment = join(stream, 'seg_004.m4s');
    const bytes = await readFile(segment);
    bytes[1000] = bytes[1000]! ^ 0xff;
    await writeFile(segment, bytes);

    const manifestPath = join(stream, 'index.shoal.json');
    const manifest = parseManifest(await readFile(manifestPath, 'utf8'));
    const target = manifest.segments[7]!;
    const forged = target.shards[target.params.k]!.startsWith('A') ? 'B' : 'A';
    const text = (await readFile(manifestPath, 'utf8')).replace(
      target.shards[target.params.k]!,
      forged + target.shards[target.params.k]!.slice(1),
    );
    await writeFile(manifestPath, text);
    await rm(join(stream, 'seg_012.m4s'));

    const report = await verifyStream(stream);
    expect(report.ok).toBe(false);
    const byUri = new Map(report.problems.map((p) => [p.uri, p]));
    expect([...byUri.keys()].sort()).toEqual(['seg_004.m4s', 'seg_007.m4s', 'seg_012.m4s']);
    // Byte 1000 lies in data shard 0; every parity shard depends on it too.
    const { k, m } = manifest.segments[4]!.params;
    const changed = [0, ...Array.from({ length: m }, (_, i) => k + i)].join(', ');
    expect(byUri.get('seg_004.m4s')!.reason).toBe(
      `segment hash differs; shard hash differs for shard(s) ${changed}`,
    );
    expect(byUri.get('seg_007.m4s')!.reason).toBe(`shard hash differs for shard(s) ${target.params.k}`);
    expect(byUri.get('seg_012.m4s')!.reason).toMatch(/not-found/);
    expect(byUri.get('seg_004.m4s')!.sequence).toBe(4);
  });

  it('reports a playlist segment the manifest lacks, and a broken manifest', async () => {
    const stream = join(dir, 'vod-ts-360p');
    await packStream(stream);
    const playlistPath = join(stream, 'index.m3u8');
    const playlist = await readFile(playlistPath, 'utf8');
    await writeFile(
      playlistPath,
      playlist.replace('#EXT-X-ENDLIST', '#EXTINF:2.0,\nseg_000.ts\n#EXT-X-ENDLIST'),
    );
    let report = await verifyStream(stream);
    expect(report.problems).toEqual([
      { rendition: 'index.m3u8', uri: 'seg_000.ts', sequence: 20, reason: 'not in the manifest' },
    ]);
    await writeFile(join(stream, 'index.shoal.json'), '{"version": 1}');
    report = await verifyStream(stream);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.reason).toMatch(/missing-field/);
  });

  it('packs a single-file stream addressed by byte ranges, with the same hashes as separate files', async () => {
    const source = join(dir, 'vod-fmp4-360p');
    const separate = (await packStream(source, { write: false }))[0]!.manifest;
    const parts = [await readFile(join(source, 'init.mp4'))];
    const lines = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:2',
      `#EXT-X-MAP:URI="all.mp4",BYTERANGE="${parts[0]!.length}@0"`,
    ];
    let offset = parts[0]!.length;
    for (const entry of separate.segments.slice(0, 5)) {
      const bytes = await readFile(join(source, entry.uri));
      parts.push(bytes);
      lines.push(
        '#EXTINF:2.0,',
        `#EXT-X-BYTERANGE:${bytes.length}${entry.sequence === 0 ? `@${offset}` : ''}`,
        'all.mp4',
      );
      offset += bytes.length;
    }
    lines.push('#EXT-X-ENDLIST');
    await writeFile(join(dir, 'single.m3u8'), `${lines.join('\n')}\n`);
    await writeFile(join(dir, 'all.mp4'), Buffer.concat(parts));

    const [packed] = await packStream(join(dir, 'single.m3u8'));
    const m = packed!.manifest;
    expect(m.inits[0]!.byteRange).toEqual({ offset: 0, length: parts[0]!.length });
    expect(m.inits[0]!.hash).toBe(separate.inits[0]!.hash);
    expect(m.segments.map((e) => e.hash)).toEqual(separate.segments.slice(0, 5).map((e) => e.hash));
    expect(m.segments[1]!.byteRange!.offset).toBe(parts[0]!.length + parts[1]!.length);
    expect((await verifyStream(join(dir, 'single.m3u8'))).ok).toBe(true);
  });
});
