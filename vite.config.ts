import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// simple-peer 9 is CommonJS written for browserify: it wants `global`, `process`,
// `Buffer` and the `events` module. `src/adapters/webrtc/node-shims.ts` installs
// Buffer/process on globalThis; the rest is wiring here.
const nodeShims = {
  define: { global: 'globalThis' },
  // Exact matches: a plain `process` key would also rewrite `process/browser.js` itself.
  resolve: {
    alias: [
      { find: /^events$/, replacement: 'events' },
      { find: /^buffer$/, replacement: 'buffer' },
      { find: /^process$/, replacement: 'process/browser.js' },
    ],
  },
  optimizeDeps: {
    include: ['simple-peer', 'events', 'buffer', 'process/browser.js'],
    // Only our pages: bench/pages import a rival installed on demand, outside node_modules.
    entries: ['index.html', 'e2e/pages/**/*.html'],
  },
};

export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    return {
      ...nodeShims,
      // The worker's URL is then relative to shoal.js (not the page's root), and the sample
      // streams in public/ stay out of the package.
      base: './',
      publicDir: false as const,
      build: {
        outDir: 'dist-lib',
        sourcemap: true,
        lib: {
          entry: resolve(import.meta.dirname, 'src/index.ts'),
          formats: ['es'],
          fileName: () => 'shoal.js',
        },
        rollupOptions: { external: ['hls.js'] },
      },
      worker: { format: 'es' as const },
    };
  }
  return {
    ...nodeShims,
    base: './',
    server: { host: '127.0.0.1', port: 5173, strictPort: false },
    preview: { host: '127.0.0.1' },
    build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
    worker: { format: 'es' as const },
  };
});
