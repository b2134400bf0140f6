import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { ResourceClass } from './content-types.ts';
import { sendText } from './http-util.ts';
import { liveWindow, renderLivePlaylist } from './live.ts';
import { isMasterPlaylist, PlaylistError, parseVodPlaylist, rewriteMasterForLive } from './m3u8.ts';
import type { ByteMeter } from './meter.ts';

/** URL prefix of the live simulation: `/live/<VOD path>`. */
export const LIVE_PREFIX = '/live';

/**
 * Builds the Shoal manifest of a live window from the VOD manifest text and the window's media
 * sequences (sequence s plays VOD segment s mod n). The default is `liveManifestFromVod`;
 * with none, `/live/.../*.shoal.json` answers 404.
 */
export type LiveManifestHook = (vodManifestText: string, windowSequences: readonly number[]) => string;

export interface LiveContext {
  /** Wall-clock ms (injectable so tests move time by hand). */
  now: () => number;
  /** Wall-clock ms of the live epoch; fixed by the first live request unless set at start. */
  epoch: () => number;
  windowSize: number;
  meter: ByteMeter;
  liveManifest: LiveManifestHook | null;
}

/** Answers a live playlist (`.m3u8`) or live manifest (`.shoal.json`) from its VOD files. */
export async function serveLiveDocument(
  res: ServerResponse,
  vodFile: string,
  method: 'GET' | 'HEAD',
  context: LiveContext,
): Promise<void> {
  try {
    if (vodFile.endsWith('.m3u8')) {
      const text = await readFile(vodFile, 'utf8');
      return sendGenerated(res, method, context.meter, 'playlists', livePlaylistText(text, context));
    }
    const manifestText = await readFile(vodFile, 'utf8');
    if (!context.liveManifest) {
      return sendText(
        res,
        404,
        'live manifests are not available: this origin runs without a liveManifest hook',
      );
    }
    const playlistText = await readFile(vodFile.replace(/\.shoal\.json$/, '.m3u8'), 'utf8');
    const window = currentWindow(playlistText, context);
    const sequences = window.entries.map((entry) => entry.sequence);
    return sendGenerated(
      res,
      method,
      context.meter,
      'manifests',
      context.liveManifest(manifestText, sequences),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return sendText(res, 404, 'not found');
    if (error instanceof PlaylistError)
      return sendText(res, 500, `cannot loop this playlist: ${error.message}`);
    throw error;
  }
}

function livePlaylistText(vodText: string, context: LiveContext): string {
  if (isMasterPlaylist(vodText)) return rewriteMasterForLive(vodText, LIVE_PREFIX);
  const playlist = parseVodPlaylist(vodText);
  const epoch = context.epoch();
  return renderLivePlaylist(playlist, liveWindow(playlist, context.now() - epoch, context.windowSize), epoch);
}

function currentWindow(vodText: string, context: LiveContext) {
  const playlist = parseVodPlaylist(vodText);
  return liveWindow(playlist, context.now() - context.epoch(), context.windowSize);
}

function sendGenerated(
  res: ServerResponse,
  method: 'GET' | 'HEAD',
  meter: ByteMeter,
  resourceClass: ResourceClass,
  body: string,
): void {
  const bytes = Buffer.from(body, 'utf8');
  const contentType = resourceClass === 'playlists' ? 'application/vnd.apple.mpegurl' : 'application/json';
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    // The window moves every segment: never reuse an old one.
    'Cache-Control': 'no-store',
  });
  meter.addRequest(resourceClass);
  if (method === 'HEAD') {
    res.end();
    return;
  }
  res.end(bytes, () => meter.addBytes(resourceClass, bytes.length));
}
