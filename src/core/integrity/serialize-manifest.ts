// The wire form mirrors the Manifest type; optional fields are omitted when null so that
// a long live manifest stays small. One segment per line keeps diffs and `less` readable.

import type { Manifest, MediaSegmentEntry, SegmentEntry } from './types.ts';

function entryJson(entry: SegmentEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { uri: entry.uri };
  if (entry.byteRange) out.byteRange = { offset: entry.byteRange.offset, length: entry.byteRange.length };
  out.length = entry.length;
  out.params = { k: entry.params.k, m: entry.params.m, shardSize: entry.params.shardSize };
  out.hash = entry.hash;
  out.shards = entry.shards;
  return out;
}

function mediaJson(entry: MediaSegmentEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { sequence: entry.sequence, ...entryJson(entry) };
  if (entry.init !== null) out.init = entry.init;
  return out;
}

function list(items: Record<string, unknown>[]): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
}

export function serializeManifest(manifest: Manifest): string {
  const head = [
    `"version": ${JSON.stringify(manifest.version)}`,
    `"contentId": ${JSON.stringify(manifest.contentId)}`,
    `"rendition": ${JSON.stringify(manifest.rendition)}`,
    `"hash": ${JSON.stringify({ algorithm: manifest.hash.algorithm, bytes: manifest.hash.bytes })}`,
    `"complete": ${JSON.stringify(manifest.complete)}`,
    `"inits": ${list(manifest.inits.map(entryJson))}`,
    `"segments": ${list(manifest.segments.map(mediaJson))}`,
  ];
  return `{\n  ${head.join(',\n  ')}\n}\n`;
}
