// Opens the bench's viewers: each in its own browser context (its own storage, like a separate
// person) or, with --processes, its own browser process. Also watches each viewer's requests to
// the origin, so the report can say who drew from it and when.

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/support/browser.ts';
import { KEEP_NAMES_SHIM, probeInitScript } from './probe.ts';

export interface OriginRequest {
  /** ms since the run started. */
  t: number;
  path: string;
  ranged: boolean;
  bytes: number;
}

export interface Viewer {
  index: number;
  page: Page;
  originRequests: OriginRequest[];
  pageErrors: string[];
  close(): Promise<void>;
}

export interface ViewerLauncher {
  open(index: number, url: string, runStart: number): Promise<Viewer>;
  close(): Promise<void>;
}

const launch = () =>
  chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });

/** `isSegment` picks the origin's segment requests out of everything the page loads. */
export async function createLauncher(
  processes: boolean,
  isSegment: (url: URL) => boolean,
): Promise<ViewerLauncher> {
  const shared: Browser | null = processes ? null : await launch();
  const owned: Browser[] = [];
  return {
    async open(index, url, runStart) {
      let context: BrowserContext;
      if (shared) context = await shared.newContext();
      else {
        const browser = await launch();
        owned.push(browser);
        context = await browser.newContext();
      }
      await context.addInitScript({ content: KEEP_NAMES_SHIM });
      await context.addInitScript(probeInitScript);
      const page = await context.newPage();
      const viewer: Viewer = {
        index,
        page,
        originRequests: [],
        pageErrors: [],
        close: () => context.close().catch(() => undefined),
      };
      page.on('pageerror', (error) => viewer.pageErrors.push(error.message.split('\n')[0]!));
      page.on('requestfinished', (request) => {
        const target = new URL(request.url());
        if (!isSegment(target)) return;
        const t = Date.now() - runStart;
        const ranged = request.headers().range !== undefined;
        request.sizes().then(
          (sizes) =>
            viewer.originRequests.push({ t, path: target.pathname, ranged, bytes: sizes.responseBodySize }),
          () => undefined,
        );
      });
      await page.goto(url, { timeout: 30_000, waitUntil: 'domcontentloaded' });
      return viewer;
    },
    async close() {
      await Promise.allSettled([shared?.close(), ...owned.map((b) => b.close())]);
    },
  };
}
