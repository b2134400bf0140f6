import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Chromium flags for headless runs on a closed, 2-core machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

/** CHROMIUM_PATH, then Playwright's own browser, then Debian's. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, safeBundledPath(), '/usr/bin/chromium'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  throw new Error(
    'No Chromium found: set CHROMIUM_PATH or install Debian chromium (apt-get install -y chromium)',
  );
}

function safeBundledPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
