// Sidecar manifests the dev origin packs itself: a folder of plain HLS streams gets Shoal
// manifests without a `shoal pack` step. Each rendition is packed once in memory and re-packed
// only when one of its files (playlist, master, segments, inits) changes size or mtime.

import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import {
  findRenditions,
  localPath,
  PackError,
  packRendition,
  type Rendition,
  readPlaylist,
} from '../pack/index.ts';

/** The packer could not make a manifest of the playlist; the origin answers 404 with the message. */
export class AutoPackError extends Error {
  readonly kind = 'pack-failed';

  constructor(
    /** The playlist, relative to the streams folder. */
    readonly playlist: string,
    reason: string,
  ) {
    super(`cannot pack ${playlist}: ${reason}`);
    this.name = 'AutoPackError';
  }
}

/** Masters above a playlist that may name it: as deep as `shoal pack` looks for streams. */
const MAX_LEVELS_UP = 4;

interface CacheEntry {
  /** Sizes and mtimes of every file the manifest depends on, when it was packed. */
  stamp: string;
  text: Promise<string>;
}

export class PackedManifests {
  private readonly cache = new Map<string, CacheEntry>();

  /** `pack` is replaceable so tests can count packings. */
  constructor(
    private readonly root: string,
    private readonly pack: (rendition: Rendition) => Promise<string> = packInMemory,
  ) {}

  /**
   * The VOD manifest at `manifestPath`: the file on disk when there is one, else packed in
   * memory from its playlist; null when neither exists. Throws AutoPackError.
   */
  async read(manifestPath: string): Promise<string | null> {
    try {
      return await readFile(manifestPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return this.packed(manifestPath);
  }

  /** The manifest packed from the playlist whose sidecar is `manifestPath`; null without one. */
  async packed(manifestPath: string): Promise<string | null> {
    const playlistPath = await playlistFor(manifestPath);
    if (playlistPath === null) return null;
    try {
      const rendition = await this.locate(playlistPath);
      const stamp = await stampOf(await filesOf(rendition));
      const cached = this.cache.get(playlistPath);
      if (cached?.stamp === stamp) return await cached.text;
      const text = this.pack(rendition.rendition);
      const entry = { stamp, text };
      this.cache.set(playlistPath, entry);
      // A failure is not kept: the next request tries again (the files may be mid-copy).
      text.catch(() => {
        if (this.cache.get(playlistPath) === entry) this.cache.delete(playlistPath);
      });
      return await text;
    } catch (error) {
      throw new AutoPackError(this.relative(playlistPath), this.reason(error));
    }
  }

  /**
   * The rendition as `shoal pack <streams folder>` sees it: named by a master in its folder or
   * above when one lists it (its content id and rendition name come from that master).
   */
  private async locate(playlistPath: string): Promise<LocatedRendition> {
    let dir = dirname(playlistPath);
    for (let level = 0; level <= MAX_LEVELS_UP && this.inside(dir); level++) {
      for (const master of await mastersIn(dir)) {
        const renditions = await findRenditions(master).catch(() => []);
        const found = renditions.find((r) => r.playlistPath === playlistPath);
        if (found) return { rendition: found, master };
      }
      dir = dirname(dir);
    }
    const [own] = await findRenditions(playlistPath);
    if (!own) throw new PackError('no-playlist', playlistPath, 'not a media playlist');
    return { rendition: own, master: null };
  }

  private inside(dir: string): boolean {
    return dir === this.root || dir.startsWith(this.root + sep);
  }

  private relative(path: string): string {
    return path.startsWith(this.root + sep) ? path.slice(this.root.length + 1) : path;
  }

  /** The error's message with the streams folder's absolute path taken out. */
  private reason(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return message.split(this.root + sep).join('');
  }
}

async function packInMemory(rendition: Rendition): Promise<string> {
  return (await packRendition(rendition, { write: false })).text;
}

interface LocatedRendition {
  rendition: Rendition;
  master: string | null;
}

/** `x.shoal.json` -> the `x.m3u8` (or `x.m3u`) it is the sidecar of, if that file exists. */
async function playlistFor(manifestPath: string): Promise<string | null> {
  const base = manifestPath.replace(/\.shoal\.json$/, '');
  if (base === manifestPath) return null;
  for (const candidate of [`${base}.m3u8`, `${base}.m3u`]) {
    if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
  }
  return null;
}

async function mastersIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  const masters: string[] = [];
  for (const name of names.filter((n) => /\.m3u8?$/i.test(n))) {
    const path = `${dir}${sep}${name}`;
    const playlist = await readPlaylist(path).catch(() => null);
    if (playlist?.kind === 'master') masters.push(path);
  }
  return masters;
}

/** Every file the rendition's manifest is computed from. */
async function filesOf({ rendition, master }: LocatedRendition): Promise<string[]> {
  const playlist = await readPlaylist(rendition.playlistPath);
  const files = [rendition.playlistPath];
  if (master) files.push(master);
  if (playlist.kind !== 'media') return files;
  for (const segment of playlist.segments) {
    files.push(localPath(rendition.playlistPath, segment.uri));
    if (segment.map) files.push(localPath(rendition.playlistPath, segment.map.uri));
  }
  return [...new Set(files)];
}

async function stampOf(files: string[]): Promise<string> {
  const stamps = await Promise.all(
    files.map(async (file) => {
      const info = await stat(file).catch(() => null);
      return info ? `${file}:${info.size}:${info.mtimeMs}` : `${file}:missing`;
    }),
  );
  return stamps.join('\n');
}
