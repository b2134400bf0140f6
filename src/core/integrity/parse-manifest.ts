// Strict, bounded parsing of a manifest. Whatever the input, the only thing thrown is a
// ManifestError naming the bad field: the manifest is the root of trust for every shard.

import type { CodingParams } from '../coding/params.ts';
import { base64UrlLength, fromBase64Url } from './base64url.ts';
import { ManifestError } from './errors.ts';
import {
  HASH_ALGORITHMS,
  type HashAlgorithm,
  type HashSpec,
  MAX_DIGEST_BYTES,
  MIN_DIGEST_BYTES,
} from './hash.ts';
import {
  MANIFEST_LIMITS as L,
  MANIFEST_VERSION,
  type Manifest,
  type MediaSegmentEntry,
  type SegmentEntry,
} from './types.ts';
import {
  expectArray,
  expectBoolean,
  expectInteger,
  expectObject,
  expectText,
  field,
  isObject,
  type JsonObject,
} from './validate.ts';

const ROOT_FIELDS = ['version', 'contentId', 'rendition', 'hash', 'complete', 'inits', 'segments'];
const ENTRY_FIELDS = ['uri', 'byteRange', 'length', 'params', 'hash', 'shards'];
const MEDIA_FIELDS = [...ENTRY_FIELDS, 'sequence', 'init'];

export function parseManifest(text: string): Manifest {
  if (typeof text !== 'string') throw new ManifestError('wrong-type', '', 'manifest text must be a string');
  if (text.length > L.maxTextLength) {
    throw new ManifestError('too-large', '', `${text.length} characters, limit ${L.maxTextLength}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // SyntaxError, or RangeError from absurd nesting: either way, not a manifest.
    throw new ManifestError(
      'not-json',
      '',
      err instanceof Error ? err.message.slice(0, 200) : 'invalid JSON',
    );
  }
  return validateManifest(json);
}

/** Validates an already-parsed JSON value (e.g. from a structured clone). */
export function validateManifest(json: unknown): Manifest {
  if (!isObject(json)) throw new ManifestError('wrong-type', '', 'expected a JSON object');
  const version = field(json, 'version', '');
  if (version !== MANIFEST_VERSION) {
    throw new ManifestError('unsupported-version', 'version', `expected ${MANIFEST_VERSION}`);
  }
  const root = expectObject(json, '', ROOT_FIELDS);
  const contentId = expectId(field(root, 'contentId', ''), 'contentId');
  const rendition = expectText(field(root, 'rendition', ''), 'rendition', L.maxUriLength);
  const hash = parseHashSpec(field(root, 'hash', ''));
  const complete = expectBoolean(field(root, 'complete', ''), 'complete');

  const rawInits = expectArray(field(root, 'inits', ''), 'inits', L.maxInits);
  const inits = rawInits.map((raw, i) =>
    parseEntry(expectObject(raw, `inits[${i}]`, ENTRY_FIELDS), `inits[${i}]`, hash),
  );
  const initKeys = new Set<string>();
  inits.forEach((init, i) => {
    const key = entryKey(init);
    if (initKeys.has(key)) throw new ManifestError('inconsistent', `inits[${i}]`, 'duplicate init segment');
    initKeys.add(key);
  });

  const rawSegments = expectArray(field(root, 'segments', ''), 'segments', L.maxSegments);
  const segments: MediaSegmentEntry[] = [];
  for (let i = 0; i < rawSegments.length; i++) {
    const path = `segments[${i}]`;
    const obj = expectObject(rawSegments[i], path, MEDIA_FIELDS);
    const entry = parseEntry(obj, path, hash);
    const sequence = expectInteger(
      field(obj, 'sequence', path),
      `${path}.sequence`,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    const previous = segments[i - 1];
    if (previous && sequence <= previous.sequence) {
      throw new ManifestError('inconsistent', `${path}.sequence`, 'sequences must strictly increase');
    }
    let init: number | null = null;
    if (Object.hasOwn(obj, 'init')) {
      // An index into `inits`: unambiguous even when several inits share a URI with byte ranges.
      init = expectInteger(obj.init, `${path}.init`, 0, L.maxInits);
      if (init >= inits.length)
        throw new ManifestError('inconsistent', `${path}.init`, 'no such init segment');
    }
    segments.push({ ...entry, sequence, init });
  }
  return { version: MANIFEST_VERSION, contentId, rendition, hash, complete, inits, segments };
}

function parseHashSpec(value: unknown): HashSpec {
  const obj = expectObject(value, 'hash', ['algorithm', 'bytes']);
  const algorithm = field(obj, 'algorithm', 'hash');
  if (typeof algorithm !== 'string' || !HASH_ALGORITHMS.includes(algorithm as HashAlgorithm)) {
    throw new ManifestError(
      'out-of-range',
      'hash.algorithm',
      `expected one of ${HASH_ALGORITHMS.join(', ')}`,
    );
  }
  const bytes = expectInteger(field(obj, 'bytes', 'hash'), 'hash.bytes', MIN_DIGEST_BYTES, MAX_DIGEST_BYTES);
  return { algorithm: algorithm as HashAlgorithm, bytes };
}

function parseEntry(obj: JsonObject, path: string, spec: HashSpec): SegmentEntry {
  const uri = expectText(field(obj, 'uri', path), `${path}.uri`, L.maxUriLength);
  const length = expectInteger(field(obj, 'length', path), `${path}.length`, 1, L.maxSegmentLength);
  const params = parseParams(field(obj, 'params', path), `${path}.params`, length);
  let byteRange: SegmentEntry['byteRange'] = null;
  if (Object.hasOwn(obj, 'byteRange')) {
    const rangePath = `${path}.byteRange`;
    const range = expectObject(obj.byteRange, rangePath, ['offset', 'length']);
    const offset = expectInteger(
      field(range, 'offset', rangePath),
      `${rangePath}.offset`,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    const rangeLength = expectInteger(
      field(range, 'length', rangePath),
      `${rangePath}.length`,
      1,
      L.maxSegmentLength,
    );
    if (rangeLength !== length) {
      throw new ManifestError('inconsistent', `${rangePath}.length`, 'must equal the entry length');
    }
    byteRange = { offset, length: rangeLength };
  }
  const hash = expectDigest(field(obj, 'hash', path), `${path}.hash`, spec);
  const total = params.k + params.m;
  const rawShards = expectArray(field(obj, 'shards', path), `${path}.shards`, L.maxShards);
  if (rawShards.length !== total) {
    throw new ManifestError('inconsistent', `${path}.shards`, `expected k + m = ${total} digests`);
  }
  const shards = rawShards.map((s, i) => expectDigest(s, `${path}.shards[${i}]`, spec));
  return { uri, byteRange, length, params, hash, shards };
}

function parseParams(value: unknown, path: string, length: number): CodingParams {
  const obj = expectObject(value, path, ['k', 'm', 'shardSize']);
  const k = expectInteger(field(obj, 'k', path), `${path}.k`, 1, L.maxShards);
  const m = expectInteger(field(obj, 'm', path), `${path}.m`, 0, L.maxShards - k);
  const shardSize = expectInteger(field(obj, 'shardSize', path), `${path}.shardSize`, 1, L.maxShardSize);
  if (k * shardSize < length) {
    throw new ManifestError('inconsistent', path, `k * shardSize = ${k * shardSize} < length ${length}`);
  }
  if ((k - 1) * shardSize >= length && k > 1) {
    // An all-padding data shard would let the origin's Range requests run past the end.
    throw new ManifestError('inconsistent', path, 'the last data shard would be empty');
  }
  return { k, m, shardSize };
}

function expectDigest(value: unknown, path: string, spec: HashSpec): string {
  if (typeof value !== 'string' || value.length !== base64UrlLength(spec.bytes) || !fromBase64Url(value)) {
    throw new ManifestError('bad-hash', path, `expected ${spec.bytes} bytes of base64url`);
  }
  return value;
}

function expectId(value: unknown, path: string): string {
  const id = expectText(value, path, L.maxIdLength);
  if (!/^[A-Za-z0-9._~:-]+$/.test(id)) {
    throw new ManifestError('out-of-range', path, 'only letters, digits and ._~:- are allowed');
  }
  return id;
}

/** Identity of a resource within a playlist: URI plus byte range. */
export function entryKey(entry: Pick<SegmentEntry, 'uri' | 'byteRange'>): string {
  return entry.byteRange ? `${entry.uri}#${entry.byteRange.offset}+${entry.byteRange.length}` : entry.uri;
}
