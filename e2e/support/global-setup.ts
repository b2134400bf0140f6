// The page specs run against the production build, as users get it: build once per run.
import { resolve } from 'node:path';
import { build } from 'vite';

export default async function globalSetup(): Promise<void> {
  const root = resolve(import.meta.dirname, '../..');
  await build({ root, configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
}
