import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceClass } from './content-types.ts';
import type { ByteMeter } from './meter.ts';

/** CORS for every response: pages on other origins (Vite, e2e) fetch segments with Range. */
export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges');
  // Lets the page's Resource Timing see real transfer sizes and timings of origin fetches.
  res.setHeader('Timing-Allow-Origin', '*');
}

export function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Range, Content-Type',
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  });
  res.end();
}

/** A short plain-text answer for errors and refusals; never cached. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  const body = `${text}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

export class BodyTooLargeError extends Error {
  readonly kind = 'body-too-large';
}

/** Reads a small request body (control endpoints only). */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new BodyTooLargeError(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A document made in memory (live window, packed manifest), counted by the meter like a file. */
export function sendDocument(
  res: ServerResponse,
  method: 'GET' | 'HEAD',
  meter: ByteMeter,
  resourceClass: ResourceClass,
  body: string,
  cacheControl: string,
): void {
  const bytes = Buffer.from(body, 'utf8');
  const contentType = resourceClass === 'playlists' ? 'application/vnd.apple.mpegurl' : 'application/json';
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    'Cache-Control': cacheControl,
  });
  meter.addRequest(resourceClass);
  if (method === 'HEAD') {
    res.end();
    return;
  }
  res.end(bytes, () => meter.addBytes(resourceClass, bytes.length));
}
