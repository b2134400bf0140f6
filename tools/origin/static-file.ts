import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { typeOf } from './content-types.ts';
import { sendText } from './http-util.ts';
import type { ByteMeter } from './meter.ts';
import { parseRange } from './range.ts';

/**
 * Maps a decoded URL path to a file under `root`, or null if it would escape it
 * (`..`, encoded slashes, NUL bytes). The caller answers null with 404.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  if (urlPath.includes('\0') || urlPath.includes('\\')) return null;
  const path = resolve(root, `.${urlPath.startsWith('/') ? '' : '/'}${urlPath}`);
  return path === root || path.startsWith(root + sep) ? path : null;
}

/** Cache policy: media files never change under one name; playlists and manifests may. */
export function cacheControlFor(path: string): string {
  return typeOf(path).resourceClass === 'segments' ? 'public, max-age=3600' : 'no-cache';
}

export interface FileRequest {
  path: string;
  method: 'GET' | 'HEAD';
  rangeHeader: string | undefined;
  meter: ByteMeter;
}

/** Serves one file with single-range support (206/416); multi-range requests get the whole file. */
export async function serveFile(res: ServerResponse, request: FileRequest): Promise<void> {
  const info = await stat(request.path).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, 'not found');
  const { contentType, resourceClass } = typeOf(request.path);
  const size = info.size;
  const range = parseRange(request.rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return sendText(res, 416, `range not satisfiable: ${range.reason}`, {
      'Content-Range': `bytes */${size}`,
    });
  }
  const start = range.kind === 'single' ? range.start : 0;
  const end = range.kind === 'single' ? range.end : size - 1;
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(end - start + 1),
    'Accept-Ranges': 'bytes',
    'Cache-Control': cacheControlFor(request.path),
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (range.kind === 'single') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range.kind === 'single' ? 206 : 200, headers);
  request.meter.addRequest(resourceClass);
  if (request.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await streamRange(res, request.path, start, end, (bytes) => request.meter.addBytes(resourceClass, bytes));
}

/** Streams [start, end] of a file, reporting bytes only once the socket has accepted them. */
function streamRange(
  res: ServerResponse,
  path: string,
  start: number,
  end: number,
  onWritten: (bytes: number) => void,
): Promise<void> {
  return new Promise((done) => {
    const stream = createReadStream(path, { start, end });
    res.once('close', () => {
      stream.destroy();
      done();
    });
    stream.on('error', (error) => res.destroy(error));
    stream.on('data', (chunk) => {
      const length = chunk.length;
      const accepted = res.write(chunk, (error) => {
        if (!error) onWritten(length);
      });
      if (!accepted) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => res.end());
  });
}
