// `shoal pack --watch`: keeps a live stream's manifests current. Polls each media playlist,
// hashes a segment once it is listed and its size is stable, rewrites a manifest atomically
// only when it changed. A failed poll (say, a playlist caught mid-write) is reported and retried.

import { serializeManifest } from '../../src/core/integrity/index.ts';
import { findRenditions } from './discover.ts';
import { writeFileAtomic } from './files.ts';
import { newPackState, packMedia } from './pack-media.ts';
import { makePackContext, type PackedRendition, type PackOptions } from './pack-stream.ts';

export interface WatchOptions extends PackOptions {
  /** Poll period in milliseconds (default 500). */
  intervalMs?: number;
  /** After each manifest write. */
  onUpdate?: (packed: PackedRendition) => void;
  /** A poll failed; the watcher keeps going. */
  onError?: (error: unknown) => void;
}

export interface Watcher {
  /** Stops polling; resolves once the poll in progress (if any) has finished. */
  stop(): Promise<void>;
}

export async function watchStream(path: string, options: WatchOptions = {}): Promise<Watcher> {
  const renditions = await findRenditions(path, options.contentId);
  const ctx = await makePackContext(options, true);
  const states = renditions.map(() => newPackState());
  const written = renditions.map((): string | null => null);
  const intervalMs = options.intervalMs ?? 500;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();

  const poll = async () => {
    for (let i = 0; i < renditions.length && !stopped; i++) {
      const r = renditions[i]!;
      try {
        const { manifest, pending } = await packMedia(r, ctx, states[i]!);
        const text = serializeManifest(manifest);
        if (text === written[i]) continue;
        await writeFileAtomic(r.manifestPath, text);
        written[i] = text;
        options.onUpdate?.({ ...r, manifest, text, pending });
      } catch (err) {
        options.onError?.(err);
      }
    }
  };
  const loop = () => {
    if (stopped) return;
    current = poll().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
