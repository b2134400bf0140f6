// The coding worker in real Chromium: Vite bundles the module worker, the WASM SIMD kernel runs
// in it, and a 2 MiB segment survives the loss of m shards.

import { expect, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';

let server: ViteDevServer;
let baseUrl: string;

test.beforeAll(async () => {
  server = await createServer({
    root: new URL('..', import.meta.url).pathname,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not report a port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

test.afterAll(async () => {
  await server?.close();
});

test('encodes, loses m shards and decodes a 2 MiB segment in the worker', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/e2e/pages/coding-worker.html`);
  await page.waitForFunction(() => window.__codingResult !== undefined, null, { timeout: 60_000 });
  const result = await page.evaluate(() => window.__codingResult);
  console.log(`coding worker round trip: ${JSON.stringify(result)}`);
  expect(errors).toEqual([]);
  expect(result).toMatchObject({
    equal: true,
    kernel: 'wasm-simd',
    where: 'worker',
    sha256Matches: true,
    segmentIntact: true,
    parityInOneBuffer: true,
    warmEqual: true,
    warmResizable: true,
    warmExactLength: true,
  });
});
