// One engine's run of the scenario: fresh origin and tracker, N staggered viewers for the
// given duration, then every viewer's figures and the origin's own byte meter.

import { type OriginHandle, startOrigin } from '../../tools/origin/server.ts';
import { startTracker, type TrackerHandle } from '../../tools/tracker/server.ts';
import type { Engine, SwarmArgs } from './args.ts';
import { readFigures, type ViewerFigures } from './probe.ts';
import { childrenCpuSeconds } from './process-cpu.ts';
import { createLauncher, type OriginRequest, type Viewer } from './viewers.ts';

export interface ViewerResult extends ViewerFigures {
  index: number;
  joinedAtMs: number;
  originRequests: OriginRequest[];
  pageErrors: string[];
}

export interface EngineRun {
  engine: Engine;
  /** Segment bytes the origin served (its meter), or what the browsers counted for a URL stream. */
  originSegmentBytes: number;
  originSegmentRequests: number;
  /** CPU seconds the run's browsers used (Linux /proc, all their processes), or null elsewhere. */
  browserCpuS: number | null;
  viewers: ViewerResult[];
}

export interface PageSites {
  /** The built demo page's URL (ends with '/'). */
  demo: string;
  /** The rival page's URL, or null when it could not be prepared. */
  rival: string | null;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function pageUrl(engine: Engine, sites: PageSites, src: string, tracker: string): string {
  if (engine === 'none') return `${sites.demo}?${new URLSearchParams({ src, p2p: '0', bc: '0' })}`;
  // views=0: no swarm charts, so Shoal's page draws no more than plain hls.js's (the charts
  // cost real CPU on a 2-core machine running every viewer, and 'none' has none).
  if (engine === 'shoal')
    return `${sites.demo}?${new URLSearchParams({ src, tracker, p2p: '1', bc: '0', views: '0' })}`;
  if (!sites.rival) throw new Error('the rival page is not available');
  const tuned = engine === 'pml-tuned' ? '1' : '0';
  return `${sites.rival}?${new URLSearchParams({ src, tracker, tuned })}`;
}

export async function runEngine(engine: Engine, args: SwarmArgs, sites: PageSites): Promise<EngineRun> {
  const stream = args.stream;
  let origin: OriginHandle | null = null;
  let tracker: TrackerHandle | null = null;
  const viewers: Viewer[] = [];
  const joinedAt: number[] = [];
  let launcher: Awaited<ReturnType<typeof createLauncher>> | null = null;
  try {
    [origin, tracker] = await Promise.all([
      stream.kind === 'folder' ? startOrigin({ dir: stream.root, port: 0, host: '127.0.0.1' }) : null,
      startTracker({ port: 0, host: '127.0.0.1', announceIntervalS: 10 }),
    ]);
    const src =
      stream.kind === 'url' ? stream.url : `${origin!.url}/${args.live ? 'live/' : ''}${stream.playlistPath}`;
    const streamHost = new URL(src).host;
    const isSegment = (url: URL) => url.host === streamHost && !/\.(m3u8|json)$/.test(url.pathname);
    const cpuBefore = childrenCpuSeconds();
    launcher = await createLauncher(args.processes, isSegment);
    const url = pageUrl(engine, sites, src, tracker!.url);
    origin?.resetMeter();
    const runStart = Date.now();
    // Joins are scheduled from the start and not awaited one by one, so a slow page load
    // (a loaded machine) does not push the later joins.
    const opening: Array<Promise<Viewer>> = [];
    for (let i = 0; i < args.viewers; i++) {
      await sleep(Math.max(0, runStart + i * args.staggerMs - Date.now()));
      joinedAt.push(Date.now() - runStart);
      opening.push(withTimeout(launcher.open(i, url, runStart), 45_000, `opening viewer ${i}`));
    }
    const opened = await Promise.allSettled(opening);
    for (const result of opened) if (result.status === 'fulfilled') viewers.push(result.value);
    const failed = opened.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await sleep(Math.max(0, runStart + args.durationS * 1000 - Date.now()));
    const figures = await Promise.all(
      viewers.map((v) => withTimeout(readFigures(v.page), 15_000, `reading viewer ${v.index}`)),
    );
    // Read the meter and the CPU before closing, so nothing done during shutdown counts.
    const meter = origin?.meter();
    const cpuAfter = childrenCpuSeconds();
    const results: ViewerResult[] = viewers.map((v, i) => ({
      ...figures[i]!,
      index: v.index,
      joinedAtMs: joinedAt[i]!,
      originRequests: [...v.originRequests],
      pageErrors: [...v.pageErrors],
    }));
    const browserCounted = results.flatMap((r) => r.originRequests);
    return {
      engine,
      originSegmentBytes: meter ? meter.segments.bytes : browserCounted.reduce((n, r) => n + r.bytes, 0),
      originSegmentRequests: meter ? meter.segments.requests : browserCounted.length,
      browserCpuS: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      viewers: results,
    };
  } finally {
    await withTimeout(Promise.allSettled(viewers.map((v) => v.close())), 20_000, 'closing viewers').catch(
      () => undefined,
    );
    await withTimeout(launcher?.close() ?? Promise.resolve(), 20_000, 'closing browsers').catch(
      () => undefined,
    );
    await Promise.allSettled([origin?.close(), tracker?.close()]);
  }
}
