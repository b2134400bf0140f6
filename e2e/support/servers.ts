// The servers an e2e run needs, each on a free loopback port, always closed after.

import { resolve } from 'node:path';
import { test } from '@playwright/test';
import { createServer, preview, type ViteDevServer } from 'vite';
import { type OriginHandle, type OriginOptions, startOrigin } from '../../tools/origin/server.ts';
import { startTracker, type TrackerHandle } from '../../tools/tracker/server.ts';

export interface Stack {
  origin: OriginHandle;
  tracker: TrackerHandle;
  pageUrl: string;
  /** The demo page for `src` (a path on the origin) with the given query additions. */
  page(src: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

export async function startVite(): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(import.meta.dirname, '../..');
  const server: ViteDevServer = await createServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'error',
    cacheDir: resolve(root, 'node_modules/.vite-e2e-page'),
    // Pre-bundle only what vite.config.ts lists: no mid-test "optimized dependencies" reload.
    optimizeDeps: { noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** The built demo page (`dist/`, made by the global setup) on a free port. */
export async function startPage(): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(import.meta.dirname, '../..');
  const server = await preview({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'error',
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('the page server did not listen');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

export async function startStack(originOptions: OriginOptions = {}): Promise<Stack> {
  const [origin, tracker, site] = await Promise.all([
    startOrigin({ port: 0, host: '127.0.0.1', ...originOptions }),
    startTracker({ port: 0, host: '127.0.0.1', announceIntervalS: 10 }),
    startPage(),
  ]);
  const pageFor = (src: string, query: Record<string, string> = {}) => {
    const params = new URLSearchParams({
      src: new URL(src, `${origin.url}/`).href,
      tracker: tracker.url,
      ...query,
    });
    return `${site.url}?${params}`;
  };
  return {
    origin,
    tracker,
    pageUrl: site.url,
    page: pageFor,
    close: async () => {
      await Promise.allSettled([origin.close(), tracker.close(), site.close()]);
    },
  };
}

/**
 * One stack for a spec file: started before its tests, closed after them, its origin meter
 * reset before each. The returned object reads through to the running stack.
 */
export function stackForFile<S extends Stack>(start: () => Promise<S>): S {
  let current: S | undefined;
  test.beforeAll(async () => {
    current = await start();
  });
  test.afterAll(async () => {
    await current?.close();
  });
  test.beforeEach(() => current?.origin.resetMeter());
  return new Proxy({} as S, {
    get: (_target, key) => {
      if (!current) throw new Error('the stack is used before beforeAll started it');
      return Reflect.get(current, key);
    },
  });
}
