// Which media playlists make up a stream, and the identity (content id, rendition) of each.
// A path may be a playlist (master or media) or a directory: the directory's master playlists,
// else its media playlists, else (for a folder of streams) each subdirectory in turn.

import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  contentIdForMaster,
  contentIdForMedia,
  type Playlist,
  PlaylistError,
  parsePlaylist,
  sidecarUri,
} from '../../src/core/integrity/index.ts';
import { PackError } from './errors.ts';
import { localPath, readText } from './files.ts';

export interface Rendition {
  /** Absolute path of the media playlist. */
  playlistPath: string;
  /** Absolute path of its sidecar manifest. */
  manifestPath: string;
  rendition: string;
  contentId: string;
}

const MAX_DEPTH = 4;

export async function findRenditions(path: string, contentIdOverride?: string): Promise<Rendition[]> {
  const found = await discover(resolve(path), 0);
  if (found.length === 0) throw new PackError('no-playlist', path, 'no .m3u8 playlist found');
  return contentIdOverride ? found.map((r) => ({ ...r, contentId: contentIdOverride })) : found;
}

export async function readPlaylist(path: string): Promise<Playlist> {
  const text = await readText(path);
  try {
    return parsePlaylist(text);
  } catch (err) {
    if (err instanceof PlaylistError) throw new PackError('bad-playlist', path, err.message);
    throw err;
  }
}

async function discover(path: string, depth: number): Promise<Rendition[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new PackError('not-found', path, 'no such file or directory');
  }
  if (info.isFile()) return fromPlaylist(path);
  const names = (await readdir(path)).sort();
  const playlists = names.filter((n) => /\.m3u8?$/i.test(n)).map((n) => join(path, n));
  if (playlists.length > 0) {
    const parsed = await Promise.all(
      playlists.map(async (p) => ({ path: p, playlist: await readPlaylist(p) })),
    );
    const masters = parsed.filter((p) => p.playlist.kind === 'master');
    const chosen = masters.length > 0 ? masters : parsed;
    return (await Promise.all(chosen.map((p) => fromParsed(p.path, p.playlist)))).flat();
  }
  if (depth >= MAX_DEPTH) return [];
  const out: Rendition[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const child = join(path, name);
    if ((await stat(child)).isDirectory()) out.push(...(await discover(child, depth + 1)));
  }
  return out;
}

async function fromPlaylist(path: string): Promise<Rendition[]> {
  return fromParsed(path, await readPlaylist(path));
}

function fromParsed(path: string, playlist: Playlist): Rendition[] {
  const streamName = basename(dirname(path));
  if (playlist.kind === 'media') {
    const name = basename(path);
    return [rendition(path, name, contentIdForMedia(streamName, name))];
  }
  const uris = [...playlist.variants.map((v) => v.uri), ...playlist.renditionUris];
  const contentId = contentIdForMaster(streamName, uris);
  const unique = [...new Set(uris)];
  return unique.map((uri) => rendition(localPath(path, uri), uri, contentId));
}

function rendition(playlistPath: string, id: string, contentId: string): Rendition {
  return { playlistPath, manifestPath: sidecarUri(playlistPath), rendition: id, contentId };
}
