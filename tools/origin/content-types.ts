import { extname } from 'node:path';

/** What the byte meter counts a response as. */
export type ResourceClass = 'segments' | 'playlists' | 'manifests' | 'other';

interface TypeInfo {
  contentType: string;
  resourceClass: ResourceClass;
}

const TYPES: Record<string, TypeInfo> = {
  '.m3u8': { contentType: 'application/vnd.apple.mpegurl', resourceClass: 'playlists' },
  '.ts': { contentType: 'video/mp2t', resourceClass: 'segments' },
  '.m4s': { contentType: 'video/iso.segment', resourceClass: 'segments' },
  '.mp4': { contentType: 'video/mp4', resourceClass: 'segments' },
  '.m4v': { contentType: 'video/mp4', resourceClass: 'segments' },
  '.m4a': { contentType: 'audio/mp4', resourceClass: 'segments' },
  '.aac': { contentType: 'audio/aac', resourceClass: 'segments' },
  '.mp3': { contentType: 'audio/mpeg', resourceClass: 'segments' },
  '.ac3': { contentType: 'audio/ac3', resourceClass: 'segments' },
  '.ec3': { contentType: 'audio/eac3', resourceClass: 'segments' },
  // Shoal manifests are JSON sidecars; the meter reports them apart from other JSON-free files.
  '.json': { contentType: 'application/json', resourceClass: 'manifests' },
  '.vtt': { contentType: 'text/vtt; charset=utf-8', resourceClass: 'other' },
  '.html': { contentType: 'text/html; charset=utf-8', resourceClass: 'other' },
  '.js': { contentType: 'text/javascript; charset=utf-8', resourceClass: 'other' },
  '.mjs': { contentType: 'text/javascript; charset=utf-8', resourceClass: 'other' },
  '.css': { contentType: 'text/css; charset=utf-8', resourceClass: 'other' },
  '.txt': { contentType: 'text/plain; charset=utf-8', resourceClass: 'other' },
};

const FALLBACK: TypeInfo = { contentType: 'application/octet-stream', resourceClass: 'other' };

export function typeOf(path: string): TypeInfo {
  return TYPES[extname(path).toLowerCase()] ?? FALLBACK;
}
