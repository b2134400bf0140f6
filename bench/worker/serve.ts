// Builds bench:worker's page with the project's Vite config (as users get the coding worker) and
// serves it on 127.0.0.1 from a free port. The page is cross-origin isolated (COOP + COEP):
// Chromium then times with 5 µs resolution instead of 100 µs, which sub-millisecond calls need.

import { resolve } from 'node:path';
import { build, preview } from 'vite';

export const PAGE_PATH = 'bench/pages/worker-bench.html';

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

export async function buildAndServe(root: string, outDir: string): Promise<ServedPage> {
  const configFile = resolve(root, 'vite.config.ts');
  await build({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: resolve(root, PAGE_PATH) } },
  });
  const server = await preview({
    root,
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false, headers: ISOLATION },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('Vite preview did not report a port');
  return {
    url: `http://127.0.0.1:${address.port}/${PAGE_PATH}`,
    close: () => server.close(),
  };
}
