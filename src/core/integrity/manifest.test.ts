import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Url } from './base64url.ts';
import { ManifestError } from './errors.ts';
import { hashToString } from './hash.ts';
import { parseManifest } from './parse-manifest.ts';
import { serializeManifest } from './serialize-manifest.ts';
import { MANIFEST_LIMITS, type Manifest, type MediaSegmentEntry, type SegmentEntry } from './types.ts';

const spec = { algorithm: 'sha256' as const, bytes: 16 };
const digestOf = (n: number) => hashToString(spec, new Uint8Array([n & 255, n >> 8]));

function entry(uri: string, length: number, k: number, m: number): SegmentEntry {
  const shardSize = Math.ceil(length / k);
  return {
    uri,
    byteRange: null,
    length,
    params: { k, m, shardSize },
    hash: digestOf(length),
    shards: Array.from({ length: k + m }, (_, i) => digestOf(i)),
  };
}

function sample(): Manifest {
  return {
    version: 1,
    contentId: 'abc_DEF-123',
    rendition: '360p/index.m3u8',
    hash: spec,
    complete: true,
    inits: [entry('init.mp4', 1367, 1, 1)],
    segments: [0, 1, 2].map((i) => ({
      ...entry(`seg_${i}.m4s`, 150_000 + i, 8, 4),
      sequence: 10 + i,
      init: 0,
    })),
  };
}

/** An independent statement of what a valid manifest is, to check whatever the parser accepts. */
function assertWellFormed(m: Manifest): void {
  const digestLength = Math.ceil((m.hash.bytes * 4) / 3);
  const checkEntry = (e: SegmentEntry) => {
    expect(e.uri.length).toBeGreaterThan(0);
    expect(Number.isSafeInteger(e.length) && e.length >= 1).toBe(true);
    expect(e.params.k * e.params.shardSize).toBeGreaterThanOrEqual(e.length);
    expect(e.params.k + e.params.m).toBeLessThanOrEqual(MANIFEST_LIMITS.maxShards);
    expect(e.shards).toHaveLength(e.params.k + e.params.m);
    for (const h of [e.hash, ...e.shards]) {
      expect(h).toHaveLength(digestLength);
      expect(fromBase64Url(h)).not.toBeNull();
    }
  };
  m.inits.forEach(checkEntry);
  m.segments.forEach((s: MediaSegmentEntry, i) => {
    checkEntry(s);
    if (i > 0) expect(s.sequence).toBeGreaterThan(m.segments[i - 1]!.sequence);
    if (s.init !== null) expect(m.inits[s.init]).toBeDefined();
  });
}

function errorOf(text: string): ManifestError {
  try {
    parseManifest(text);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw err;
  }
  throw new Error('accepted');
}

function mutate(json: Record<string, unknown>, path: (string | number)[], value: unknown): string {
  const copy = structuredClone(json);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return JSON.stringify(copy);
}

describe('manifest', () => {
  it('round-trips through serialize and parse', () => {
    const m = sample();
    expect(parseManifest(serializeManifest(m))).toEqual(m);
  });

  it('round-trips arbitrary valid manifests', () => {
    const digest = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => hashToString(spec, b));
    const entryArb = fc
      .record({
        uri: fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((u) => [...u].every((c) => c >= ' ' && c !== '\x7f')),
        length: fc.integer({ min: 1, max: 3_000_000 }),
        k: fc.integer({ min: 1, max: 16 }),
        m: fc.integer({ min: 0, max: 8 }),
        range: fc.option(fc.nat(1_000_000), { nil: null }),
      })
      .filter(({ length, k }) => k === 1 || (k - 1) * Math.ceil(length / k) < length)
      .chain(({ uri, length, k, m, range }) =>
        fc.record({ hash: digest, shards: fc.array(digest, { minLength: k + m, maxLength: k + m }) }).map(
          ({ hash, shards }): SegmentEntry => ({
            uri,
            byteRange: range === null ? null : { offset: range, length },
            length,
            params: { k, m, shardSize: Math.ceil(length / k) },
            hash,
            shards,
          }),
        ),
      );
    const manifestArb = fc
      .record({
        inits: fc.array(entryArb, { maxLength: 2 }),
        segments: fc.array(fc.tuple(entryArb, fc.integer({ min: 1, max: 5 })), { maxLength: 8 }),
        start: fc.nat(1_000_000),
        complete: fc.boolean(),
        useInit: fc.boolean(),
      })
      .filter(
        ({ inits }) => new Set(inits.map((e) => `${e.uri}#${e.byteRange?.offset}`)).size === inits.length,
      )
      .map(({ inits, segments, start, complete, useInit }): Manifest => {
        let sequence = start;
        return {
          ...sample(),
          complete,
          inits,
          segments: segments.map(([e, gap]) => {
            sequence += gap;
            return { ...e, sequence, init: useInit && inits.length > 0 ? inits.length - 1 : null };
          }),
        };
      });
    fc.assert(
      fc.property(manifestArb, (m) => {
        expect(parseManifest(serializeManifest(m))).toEqual(m);
      }),
    );
  });

  it('names the bad field', () => {
    const json = JSON.parse(serializeManifest(sample()));
    const cases: [(string | number)[], unknown, string, string][] = [
      [['version'], 2, 'unsupported-version', 'version'],
      [['contentId'], 'a b', 'out-of-range', 'contentId'],
      [['hash', 'algorithm'], 'md5', 'out-of-range', 'hash.algorithm'],
      [['hash', 'bytes'], 8, 'out-of-range', 'hash.bytes'],
      [['segments', 1, 'sequence'], 10, 'inconsistent', 'segments[1].sequence'],
      [['segments', 2, 'shards', 3], 'x', 'bad-hash', 'segments[2].shards[3]'],
      [['segments', 2, 'shards'], [], 'inconsistent', 'segments[2].shards'],
      [['segments', 0, 'params', 'k'], 1, 'inconsistent', 'segments[0].params'],
      [['segments', 0, 'params', 'k'], 0, 'out-of-range', 'segments[0].params.k'],
      [['segments', 0, 'params', 'm'], 300, 'out-of-range', 'segments[0].params.m'],
      [['segments', 0, 'init'], 1, 'inconsistent', 'segments[0].init'],
      [['segments', 0, 'uri'], 'a\nb', 'out-of-range', 'segments[0].uri'],
      [['segments', 0, 'extra'], 1, 'unknown-field', 'segments[0].extra'],
      [['inits', 0, 'hash'], undefined, 'missing-field', 'inits[0].hash'],
      [['complete'], 'yes', 'wrong-type', 'complete'],
      [['inits', 0, 'byteRange'], { offset: 0, length: 5 }, 'inconsistent', 'inits[0].byteRange.length'],
    ];
    for (const [path, value, kind, where] of cases) {
      const err = errorOf(mutate(json, path, value));
      expect([err.kind, err.path]).toEqual([kind, where]);
    }
    expect(errorOf('{').kind).toBe('not-json');
    expect(errorOf('[]').kind).toBe('wrong-type');
    expect(errorOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).kind).toMatch(/not-json|wrong-type/);
    expect(errorOf(' '.repeat(MANIFEST_LIMITS.maxTextLength + 1)).kind).toBe('too-large');
  });

  it('random text throws only ManifestError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            assertWellFormed(parseManifest(text));
          } catch (err) {
            expect(err).toBeInstanceOf(ManifestError);
          }
        },
      ),
    );
  });

  it('mutated manifests are rejected with ManifestError or are still well-formed', () => {
    const base = JSON.parse(serializeManifest(sample()));
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (node && typeof node === 'object') {
        for (const [key, child] of Object.entries(node))
          walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
      }
    };
    walk(base, []);
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.integer({ min: -3, max: 1_000_000 }),
      fc.constantFrom(undefined, null, '', 0, -1, 1e300, 'AAAAAAAAAAAAAAAAAAAAAA', [], {}),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), replacement, (path, value) => {
        let parsed: Manifest;
        try {
          parsed = parseManifest(mutate(base, path, value));
        } catch (err) {
          expect(err).toBeInstanceOf(ManifestError);
          return;
        }
        assertWellFormed(parsed);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a truncated serialization at every cut point', () => {
    const text = serializeManifest(sample());
    for (let cut = 0; cut < text.length - 2; cut += 7) {
      expect(() => parseManifest(text.slice(0, cut))).toThrow(ManifestError);
    }
  });
});
