import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenWithRetry } from '../listen.ts';
import { DEFAULT_STREAMS_DIR } from '../paths.ts';
import { typeOf } from './content-types.ts';
import { FaultError, Faults, type FaultsInput, parseFaults } from './faults.ts';
import {
  answerPreflight,
  BodyTooLargeError,
  readBody,
  sendDocument,
  sendJson,
  sendText,
  setCorsHeaders,
} from './http-util.ts';
import { liveManifestFromVod } from './live-manifest.ts';
import { LIVE_PREFIX, type LiveContext, type LiveManifestHook, serveLiveDocument } from './live-routes.ts';
import { ByteMeter, type MeterSnapshot } from './meter.ts';
import { AutoPackError, PackedManifests } from './packed-manifests.ts';
import { resolveInside, serveFile } from './static-file.ts';

export type { FaultsInput } from './faults.ts';
export type { LiveManifestHook } from './live-routes.ts';
export type { MeterSnapshot } from './meter.ts';

export interface OriginOptions {
  /** Folder of HLS streams; defaults to the package's `public/streams`. */
  dir?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** When the port is taken, try the next ones (for `shoal dev`); 1 means fail at once. */
  portAttempts?: number;
  latencyMs?: number;
  /** Segments answer 503 from `startMs` after server start, for `durationMs`. */
  outage?: { startMs: number; durationMs: number } | null;
  /** Segments per live window (default 6). */
  liveWindow?: number;
  /** When the live streams start: at the first `/live/` request (default) or at server start. */
  liveStart?: 'first-request' | 'server-start';
  /** Wall-clock ms; tests inject one to move live windows and outages without sleeping. */
  clock?: () => number;
  /** Builds live window manifests; default: `liveManifestFromVod`, null turns them off (404). */
  liveManifest?: LiveManifestHook | null;
}

export interface OriginHandle {
  url: string;
  port: number;
  close(): Promise<void>;
  meter(): MeterSnapshot;
  resetMeter(): void;
  setFaults(faults: FaultsInput): void;
}

export async function startOrigin(options: OriginOptions = {}): Promise<OriginHandle> {
  const root = resolve(options.dir ?? DEFAULT_STREAMS_DIR);
  const now = options.clock ?? Date.now;
  const meter = new ByteMeter(now);
  const faults = new Faults(now);
  faults.apply({
    latencyMs: options.latencyMs ?? 0,
    outage: options.outage
      ? { startInMs: options.outage.startMs, durationMs: options.outage.durationMs }
      : null,
  });
  const manifests = new PackedManifests(root);
  let liveEpoch: number | null = options.liveStart === 'server-start' ? now() : null;
  const live: LiveContext = {
    now,
    epoch: () => {
      liveEpoch ??= now();
      return liveEpoch;
    },
    windowSize: options.liveWindow ?? 6,
    meter,
    liveManifest: options.liveManifest === undefined ? liveManifestFromVod : options.liveManifest,
    vodManifest: (path) => manifests.read(path),
  };
  const server = createServer((req, res) => {
    handle(req, res, { root, meter, faults, live, manifests }).catch((error: Error) => {
      if (!res.headersSent) sendText(res, 500, `origin error: ${error.message}`);
      else res.destroy(error);
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listenWithRetry(server, host, options.port ?? 0, options.portAttempts ?? 1);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    close: () => closeServer(server),
    meter: () => meter.snapshot(),
    resetMeter: () => meter.reset(),
    setFaults: (input) => faults.apply(input),
  };
}

interface Context {
  root: string;
  meter: ByteMeter;
  faults: Faults;
  live: LiveContext;
  manifests: PackedManifests;
}

async function handle(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  setCorsHeaders(res);
  const url = new URL(req.url ?? '/', 'http://origin.invalid');
  if (url.pathname.startsWith('/__')) return handleControl(req, res, url.pathname, context);
  if (context.faults.latencyMs > 0) await sleep(context.faults.latencyMs);
  if (req.method === 'OPTIONS') return answerPreflight(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendText(res, 405, `method ${req.method} not allowed`, { Allow: 'GET, HEAD, OPTIONS' });
  }
  const method = req.method;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return sendText(res, 400, 'bad percent-encoding in path');
  }
  const isLive = path.startsWith(`${LIVE_PREFIX}/`);
  const vodPath = isLive ? path.slice(LIVE_PREFIX.length) : path;
  const file = resolveInside(context.root, vodPath);
  if (file === null) return sendText(res, 403, 'path outside the streams folder');
  const remaining = context.faults.outageRemainingMs();
  if (remaining > 0 && typeOf(file).resourceClass === 'segments') {
    return sendText(res, 503, 'simulated origin outage', {
      'Retry-After': String(Math.ceil(remaining / 1000)),
    });
  }
  if (isLive && (file.endsWith('.m3u8') || file.endsWith('.shoal.json'))) {
    return serveLiveDocument(res, file, method, context.live);
  }
  if (file.endsWith('.shoal.json') && !(await isFile(file))) {
    return servePackedManifest(res, file, method, context);
  }
  // Live segment URIs are the VOD ones plus `?seq=N`, so the same file answers both.
  return serveFile(res, { path: file, method, rangeHeader: req.headers.range, meter: context.meter });
}

/** A sidecar with no file: packed in memory from its playlist (404 with the reason if it fails). */
async function servePackedManifest(
  res: ServerResponse,
  file: string,
  method: 'GET' | 'HEAD',
  context: Context,
): Promise<void> {
  let text: string | null;
  try {
    text = await context.manifests.packed(file);
  } catch (error) {
    if (error instanceof AutoPackError) return sendText(res, 404, error.message);
    throw error;
  }
  if (text === null) return sendText(res, 404, 'not found');
  sendDocument(res, method, context.meter, 'manifests', text, 'no-cache');
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, context: Context) {
  if (req.method === 'OPTIONS') return answerPreflight(res);
  if (path === '/__meter' && req.method === 'GET') return sendJson(res, 200, context.meter.snapshot());
  if (path === '/__meter/reset' && req.method === 'POST') {
    context.meter.reset();
    return sendJson(res, 200, context.meter.snapshot());
  }
  if (path === '/__faults' && req.method === 'GET') return sendJson(res, 200, context.faults.describe());
  if (path === '/__faults' && req.method === 'POST') {
    try {
      context.faults.apply(parseFaults(JSON.parse(await readBody(req))));
    } catch (error) {
      const known =
        error instanceof FaultError || error instanceof SyntaxError || error instanceof BodyTooLargeError;
      if (!known) throw error;
      return sendJson(res, 400, { error: (error as Error).message });
    }
    return sendJson(res, 200, context.faults.describe());
  }
  return sendText(res, 404, 'control endpoints: GET /__meter, POST /__meter/reset, GET|POST /__faults');
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done, fail) => {
    server.close((error) => (error ? fail(error) : done()));
    // Keep-alive sockets would hold close() open until they time out.
    server.closeAllConnections();
  });
}
