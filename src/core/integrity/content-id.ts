// The content id groups all renditions of one stream into one swarm. It must be the same for
// every viewer and stable while a live stream runs, so it is derived from names, not bytes.

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { toBase64Url } from './base64url.ts';

function derive(parts: readonly string[]): string {
  // Length-prefixed parts: ["ab","c"] and ["a","bc"] must not collide.
  const text = ['shoal-content/1', ...parts].map((p) => `${p.length}:${p}`).join('\n');
  return toBase64Url(sha256(utf8ToBytes(text)).subarray(0, 16));
}

/** For a master playlist: its stream name (e.g. the directory) and its variant URIs in order. */
export function contentIdForMaster(streamName: string, variantUris: readonly string[]): string {
  return derive(['master', streamName, ...variantUris]);
}

/** For a media playlist packed on its own: its stream name and its file name. */
export function contentIdForMedia(streamName: string, playlistName: string): string {
  return derive(['media', streamName, playlistName]);
}
