import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { ResourceClass } from './content-types.ts';
import { sendDocument, sendText } from './http-util.ts';
import { liveWindow, renderLivePlaylist } from './live.ts';
import { isMasterPlaylist, PlaylistError, parseVodPlaylist, rewriteMasterForLive } from './m3u8.ts';
import type { ByteMeter } from './meter.ts';
import { AutoPackError } from './packed-manifests.ts';

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
  /** The VOD manifest at a path (the file, else packed in memory); null when there is none. */
  vodManifest: (manifestPath: string) => Promise<string | null>;
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
    const manifestText = await context.vodManifest(vodFile);
    if (manifestText === null) return sendText(res, 404, 'not found');
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
    if (error instanceof AutoPackError) return sendText(res, 404, error.message);
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
  // The window moves every segment: never reuse an old one.
  sendDocument(res, method, meter, resourceClass, body, 'no-store');
}
