import { describe, expect, it } from 'vitest';
import { createErasureCoder } from '../coding/index.ts';
import { ManifestError } from '../integrity/errors.ts';
import { serializeManifest } from '../integrity/serialize-manifest.ts';
import { makeTestStream } from '../testing/test-stream.ts';
import { ManifestCache } from './manifest-cache.ts';

describe('ManifestCache', async () => {
  const coder = await createErasureCoder({ prefer: 'ts' });
  const url = 'https://origin.test/stream/index.shoal.json';
  const first = serializeManifest(makeTestStream(coder, { count: 3, size: 4000, live: true }).manifest);
  const next = serializeManifest(
    makeTestStream(coder, { count: 3, size: 4000, live: true, firstSequence: 1 }).manifest,
  );

  it('parses a text once: the same text (even another string of it) gives the same manifest', () => {
    const cache = new ManifestCache();
    const manifest = cache.parse(url, first);
    expect(cache.parse(url, `${first} `.slice(0, -1))).toBe(manifest);
    expect(manifest.segments.map((s) => s.sequence)).toEqual([0, 1, 2]);
  });

  it('parses a changed text again, and keys texts by URL', () => {
    const cache = new ManifestCache();
    const a = cache.parse(url, first);
    const b = cache.parse(url, next);
    expect(b).not.toBe(a);
    expect(b.segments.map((s) => s.sequence)).toEqual([1, 2, 3]);
    expect(cache.parse(`${url}?other`, next)).not.toBe(b);
  });

  it('throws for an invalid text every time, and keeps the last valid one', () => {
    const cache = new ManifestCache();
    const a = cache.parse(url, first);
    expect(() => cache.parse(url, '{"version":1}')).toThrow(ManifestError);
    expect(() => cache.parse(url, '{"version":1}')).toThrow(ManifestError);
    expect(cache.parse(url, first)).toBe(a);
  });
});
