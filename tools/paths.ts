import { resolve } from 'node:path';

/** The package root, found from this file so commands work from any working directory. */
export const PACKAGE_DIR = resolve(import.meta.dirname, '..');

/** The sample streams shipped with the package. */
export const DEFAULT_STREAMS_DIR = resolve(PACKAGE_DIR, 'public/streams');
