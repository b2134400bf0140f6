// Shard storage in real Chromium: IndexedDB persistence across reloads, the byte quota,
// and graceful degradation to memory when IndexedDB fails. Serves e2e/pages/storage.html
// from its own Vite dev server on a free port.

import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';

const KIB = 1024;
let server: ViteDevServer;
let pageUrl: string;

test.beforeAll(async () => {
  const root = resolve(import.meta.dirname, '..');
  server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    cacheDir: resolve(root, 'node_modules/.vite-e2e-storage'),
    // idb-keyval is plain ESM: no pre-bundling, so no mid-test "optimized dependencies" reload.
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  pageUrl = `http://127.0.0.1:${port}/e2e/pages/storage.html`;
});

test.afterAll(async () => {
  await server?.close();
});

async function openPage(page: Page): Promise<void> {
  await page.goto(pageUrl);
  await expect(page.locator('#state')).toHaveText('ready');
}

function shardKeys(contentId: string, segments: number, shards: number): string[] {
  const keys: string[] = [];
  for (let seq = 0; seq < segments; seq++) {
    for (let i = 0; i < shards; i++) keys.push(`${contentId}/360p/${seq}/${i}`);
  }
  return keys;
}

test('shards put in one page are read back after a reload', async ({ page }) => {
  const options = {
    dbName: 'shoal-e2e-reload',
    memoryBytes: 4 * 1024 * KIB,
    persistentBytes: 16 * 1024 * KIB,
  };
  const keys = shardKeys('vod', 5, 6);
  await openPage(page);
  await page.evaluate(
    async ({ options, keys }) => {
      await window.storageTest.open(options);
      await window.storageTest.putMany(keys, 20 * 1024);
      await window.storageTest.flush();
    },
    { options, keys },
  );

  await page.reload();
  await expect(page.locator('#state')).toHaveText('ready');
  const after = await page.evaluate(
    async ({ options, keys }) => {
      await window.storageTest.open(options);
      return {
        keys: await window.storageTest.keys(),
        check: await window.storageTest.check(keys, 20 * 1024),
        state: window.storageTest.state(),
      };
    },
    { options, keys },
  );
  expect(after.keys).toEqual([...keys].sort());
  expect(after.check.every((c) => c === 'ok')).toBe(true);
  expect(after.state.persistence).toBe('on');
  expect(after.state.errors).toEqual([]);
});

test('the IndexedDB quota keeps stored bytes at or under it, evicting the oldest', async ({ page }) => {
  const dbName = 'shoal-e2e-quota';
  const quota = 200 * KIB;
  const size = 16 * KIB;
  const options = { dbName, memoryBytes: 64 * KIB, persistentBytes: quota };
  const keys = shardKeys('q', 10, 5); // 50 × 16 KiB = 800 KiB into a 200 KiB quota
  await openPage(page);
  const before = await page.evaluate(
    async ({ options, keys, size, dbName }) => {
      await window.storageTest.open(options);
      await window.storageTest.putMany(keys, size);
      await window.storageTest.flush();
      return {
        raw: await window.storageTest.rawShardBytes(dbName),
        state: window.storageTest.state(),
      };
    },
    { options, keys, size, dbName },
  );
  expect(before.raw.bytes).toBeLessThanOrEqual(quota);
  expect(before.raw.count).toBe(Math.floor(quota / size));
  expect(before.state.memoryBytes).toBeLessThanOrEqual(64 * KIB);

  await page.reload();
  await expect(page.locator('#state')).toHaveText('ready');
  const kept = Math.floor(quota / size);
  const newest = keys.slice(-kept);
  const after = await page.evaluate(
    async ({ options, newest, size, dbName }) => {
      await window.storageTest.open(options);
      // Writing more after the reload must still respect the quota.
      await window.storageTest.putMany(['q/360p/99/0', 'q/360p/99/1'], size);
      await window.storageTest.flush();
      return {
        keys: await window.storageTest.keys(),
        check: await window.storageTest.check(newest.slice(2), size),
        raw: await window.storageTest.rawShardBytes(dbName),
      };
    },
    { options, newest, size, dbName },
  );
  expect(after.raw.bytes).toBeLessThanOrEqual(quota);
  expect(after.keys).toEqual([...newest.slice(2), 'q/360p/99/0', 'q/360p/99/1'].sort());
  expect(after.check.every((c) => c === 'ok')).toBe(true);
});

test('when IndexedDB cannot open, the store runs from memory and reports degraded', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('IndexedDB disabled by the test', 'InvalidStateError');
    };
  });
  await openPage(page);
  const result = await page.evaluate(async () => {
    await window.storageTest.open({ dbName: 'shoal-e2e-broken', memoryBytes: 256 * 1024 });
    await window.storageTest.putMany(['x/360p/0/0', 'x/360p/0/1'], 4096);
    await window.storageTest.flush();
    return {
      check: await window.storageTest.check(['x/360p/0/0', 'x/360p/0/1'], 4096),
      keys: await window.storageTest.keys(),
      state: window.storageTest.state(),
    };
  });
  expect(result.check).toEqual(['ok', 'ok']);
  expect(result.keys).toEqual(['x/360p/0/0', 'x/360p/0/1']);
  expect(result.state.degraded).toBe(true);
  expect(result.state.persistence).toBe('degraded');
  expect(result.state.reason?.kind).toBe('unavailable');
  expect(result.state.degradedBy).toBe('unavailable');
});

test('when the open request fails asynchronously, the store degrades the same way', async ({ page }) => {
  await page.addInitScript(() => {
    const realOpen = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory) {
      // A real request that then fails, as in a private window refusing storage.
      const request = realOpen.call(this, '\u0000bad-but-valid-name', 1);
      queueMicrotask(() => {
        Object.defineProperty(request, 'error', { value: new DOMException('refused', 'UnknownError') });
        request.onerror?.(new Event('error'));
      });
      return request;
    };
  });
  await openPage(page);
  const result = await page.evaluate(async () => {
    await window.storageTest.open({ dbName: 'shoal-e2e-broken-async', memoryBytes: 256 * 1024 });
    await window.storageTest.putMany(['y/360p/0/0'], 4096);
    return { check: await window.storageTest.check(['y/360p/0/0'], 4096), state: window.storageTest.state() };
  });
  expect(result.check).toEqual(['ok']);
  expect(result.state.degraded).toBe(true);
  expect(result.state.reason?.kind).toBe('unavailable');
});

test('a QuotaExceededError on write disables persistence but keeps shards in memory', async ({ page }) => {
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('disk full (test)', 'QuotaExceededError');
    };
  });
  await openPage(page);
  const result = await page.evaluate(async () => {
    await window.storageTest.open({ dbName: 'shoal-e2e-full', memoryBytes: 256 * 1024 });
    await window.storageTest.putMany(['z/360p/0/0', 'z/360p/0/1'], 4096);
    await window.storageTest.flush();
    return {
      check: await window.storageTest.check(['z/360p/0/0', 'z/360p/0/1'], 4096),
      state: window.storageTest.state(),
    };
  });
  expect(result.check).toEqual(['ok', 'ok']);
  expect(result.state.degraded).toBe(true);
  expect(result.state.reason?.kind).toBe('quota');
  expect(result.state.errors.map((e) => e.kind)).toContain('quota');
});

test('a corrupted entry reads as a miss, is reported and dropped', async ({ page }) => {
  const dbName = 'shoal-e2e-corrupt';
  await openPage(page);
  const result = await page.evaluate(async (dbName) => {
    const t = window.storageTest;
    await t.rawSet(dbName, 'd|c/360p/0/0', 'not bytes');
    await t.rawSet(dbName, 'm|c/360p/0/0', { size: 9, at: 1 });
    await t.rawSet(dbName, 'd|c/360p/0/1', new Uint8Array(4));
    await t.rawSet(dbName, 'm|c/360p/0/1', 'garbage metadata');
    await t.open({ dbName, memoryBytes: 256 * 1024 });
    const keysBefore = await t.keys();
    const check = await t.check(['c/360p/0/0', 'c/360p/0/1'], 9);
    await t.flush();
    return { keysBefore, check, keysAfter: await t.keys(), state: t.state() };
  }, dbName);
  expect(result.keysBefore).toEqual(['c/360p/0/0']); // the other was dropped on open
  expect(result.check).toEqual(['missing', 'missing']);
  expect(result.keysAfter).toEqual([]);
  expect(result.state.degraded).toBe(false);
  expect(result.state.errors.map((e) => e.kind)).toEqual(['corrupt', 'corrupt']);
});

test('a burst of puts is written in one transaction', async ({ page }) => {
  await page.addInitScript(() => {
    const counts = { readwrite: 0 };
    (window as unknown as { txCounts: typeof counts }).txCounts = counts;
    const real = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof real>) {
      if (args[1] === 'readwrite') counts.readwrite++;
      return real.apply(this, args);
    } as typeof real;
  });
  await openPage(page);
  const keys = shardKeys('burst', 10, 6);
  const result = await page.evaluate(async (keys) => {
    await window.storageTest.open({ dbName: 'shoal-e2e-burst', persistentBytes: 8 * 1024 * 1024 });
    await window.storageTest.putMany(keys, 16 * 1024);
    await window.storageTest.flush();
    const counts = (window as unknown as { txCounts: { readwrite: number } }).txCounts;
    return { readwrite: counts.readwrite, raw: await window.storageTest.rawShardBytes('shoal-e2e-burst') };
  }, keys);
  expect(result.raw.count).toBe(keys.length);
  expect(result.readwrite).toBe(1);
});

test('a QuotaExceededError after some writes lowers the quota instead of disabling', async ({ page }) => {
  await page.addInitScript(() => {
    const real = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof real>) {
      if ((window as unknown as { diskFull?: boolean }).diskFull) {
        throw new DOMException('disk full (test)', 'QuotaExceededError');
      }
      return real.apply(this, args);
    } as typeof real;
  });
  await openPage(page);
  const dbName = 'shoal-e2e-partial-quota';
  const size = 10 * KIB;
  const first = shardKeys('p', 2, 5); // 100 KiB that fit on disk
  const more = shardKeys('p2', 1, 5); // 50 KiB the disk refuses
  const result = await page.evaluate(
    async ({ dbName, first, more, size }) => {
      const t = window.storageTest;
      await t.open({ dbName, memoryBytes: 1024 * 1024, persistentBytes: 1024 * 1024 });
      await t.putMany(first, size);
      await t.flush();
      (window as unknown as { diskFull?: boolean }).diskFull = true;
      await t.putMany(more, size);
      await t.flush(); // fails with QuotaExceededError
      await t.flush(); // the evictions the lower quota asked for
      return {
        state: t.state(),
        raw: await t.rawShardBytes(dbName),
        check: await t.check([...first, ...more], size),
      };
    },
    { dbName, first, more, size },
  );
  expect(result.state.degraded).toBe(false);
  expect(result.state.persistence).toBe('on');
  expect(result.state.errors.map((e) => e.kind)).toEqual(['quota']);
  expect(result.raw.bytes).toBeLessThanOrEqual(Math.floor(100 * KIB * 0.9));
  expect(result.raw.count).toBe(9); // the oldest shard made room under the lowered quota
  expect(result.check.every((c) => c === 'ok')).toBe(true); // memory still has everything
});

test('a shard whose buffer the caller transferred away reads as a miss, without failing the batch', async ({
  page,
}) => {
  await openPage(page);
  const dbName = 'shoal-e2e-detach';
  const result = await page.evaluate(async (dbName) => {
    const t = window.storageTest;
    await t.open({ dbName });
    await t.putMany(['d/360p/0/0'], 4096);
    await t.putThenDetach('d/360p/0/1', 4096);
    await t.flush();
    return {
      check: await t.check(['d/360p/0/0', 'd/360p/0/1'], 4096),
      raw: await t.rawShardBytes(dbName),
      state: t.state(),
    };
  }, dbName);
  expect(result.check).toEqual(['ok', 'missing']);
  expect(result.raw.count).toBe(1);
  expect(result.state.errors).toEqual([]);
  expect(result.state.degraded).toBe(false);
});
