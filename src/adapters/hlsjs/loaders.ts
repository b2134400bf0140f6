// hls.js loaders built in a closure over the engine. Fragments the engine knows come from
// the swarm/origin through it; everything else goes through hls.js's own loader untouched.
// Playlists pass through too, and each one loaded tells the engine to refresh its manifest.

import type {
  FragmentLoaderConstructor,
  FragmentLoaderContext,
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderStats,
  PlaylistLoaderConstructor,
  PlaylistLoaderContext,
} from 'hls.js';
import type { Engine } from '../../core/engine/engine.ts';
import { DeadlineClock } from './deadline.ts';
import { emptyStats } from './loader-stats.ts';

type AnyLoaderClass = new (config: HlsConfig) => Loader<LoaderContext>;

export interface LoaderHost {
  engine: Engine;
  /** The media element hls.js plays into, for deadlines. */
  media(): HTMLMediaElement | null;
  /** The loader hls.js would use without Shoal. */
  defaultLoader: AnyLoaderClass;
}

/** Named, so the library's declarations need not spell out the classes' private members. */
export interface ShoalLoaders {
  pLoader: PlaylistLoaderConstructor;
  fLoader: FragmentLoaderConstructor;
}

export function createLoaders(host: LoaderHost): ShoalLoaders {
  const seenPlaylists = new Set<string>();
  const deadlines = new DeadlineClock();

  class ShoalPlaylistLoader implements Loader<PlaylistLoaderContext> {
    context: PlaylistLoaderContext | null = null;
    private readonly inner: Loader<LoaderContext>;

    constructor(config: HlsConfig) {
      this.inner = new host.defaultLoader(config);
    }

    get stats(): LoaderStats {
      return this.inner.stats;
    }

    load(
      context: PlaylistLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<PlaylistLoaderContext>,
    ) {
      this.context = context;
      if (!seenPlaylists.has(context.url)) {
        seenPlaylists.add(context.url);
        host.engine.expectPlaylist(context.url);
      }
      const onSuccess = callbacks.onSuccess;
      this.inner.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, ctx, details) => {
          // The manifest was asked for alongside (expectPlaylist); hls.js is not kept waiting
          // for it: segments needed before it arrives load as they would without Shoal.
          if (typeof response.data === 'string')
            void host.engine.onPlaylist(response.url || context.url, response.data).catch(() => undefined);
          onSuccess(response, stats, ctx as PlaylistLoaderContext, details);
        },
      } as LoaderCallbacks<LoaderContext>);
    }

    abort(): void {
      this.inner.abort();
    }

    destroy(): void {
      this.context = null;
      this.inner.destroy();
    }
  }

  class ShoalFragmentLoader implements Loader<FragmentLoaderContext> {
    context: FragmentLoaderContext | null = null;
    stats: LoaderStats = emptyStats();
    private inner: Loader<LoaderContext> | null = null;
    private withdraw: (() => void) | null = null;
    private callbacks: LoaderCallbacks<FragmentLoaderContext> | null = null;

    constructor(private readonly config: HlsConfig) {}

    load(
      context: FragmentLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<FragmentLoaderContext>,
    ) {
      this.context = context;
      this.callbacks = callbacks;
      this.stats = emptyStats();
      this.stats.loading.start = performance.now();
      const frag = context.frag;
      // Init segments and LL-HLS parts are small: hls.js loads them itself. Byte-range segments
      // are fine: the manifest describes their slice.
      if (typeof frag.sn !== 'number' || context.part) {
        return this.passThrough(context, config, callbacks);
      }
      const request = {
        playlistUrl: frag.baseurl,
        sequence: frag.sn,
        uri: frag.relurl ?? frag.url,
        deadlineMs: deadlines.deadlineMs(frag.start, host.media()),
      };
      host.engine
        .loadSegment(request, (withdraw) => {
          this.withdraw = withdraw;
        })
        .then(
          (load) => {
            if (this.context !== context) return;
            if (!load) return this.passThrough(context, config, callbacks);
            // hls.js transfers the buffer to its transmuxer: hand it a copy of its own.
            const data = load.data.slice().buffer;
            const s = this.stats;
            s.loading = { start: load.timing.start, first: load.timing.first, end: load.timing.end };
            s.loaded = s.total = data.byteLength;
            s.chunkCount = 1;
            const seconds = Math.max(load.timing.end - load.timing.start, 1) / 1000;
            s.bwEstimate = (data.byteLength * 8) / seconds;
            this.withdraw = null;
            callbacks.onSuccess({ url: context.url, data }, s, context, null);
          },
          (error: unknown) => {
            if (this.context !== context) return;
            this.withdraw = null;
            const status =
              typeof (error as { status?: unknown }).status === 'number'
                ? (error as { status: number }).status
                : 0;
            callbacks.onError(
              { code: status, text: error instanceof Error ? error.message : String(error) },
              context,
              null,
              this.stats,
            );
          },
        );
    }

    abort(): void {
      this.withdraw?.();
      this.withdraw = null;
      this.inner?.abort();
      const context = this.context;
      this.context = null;
      if (context && !this.stats.aborted) {
        this.stats.aborted = true;
        this.callbacks?.onAbort?.(this.stats, context, null);
      }
    }

    destroy(): void {
      this.withdraw?.();
      this.withdraw = null;
      this.context = null;
      this.inner?.destroy();
      this.inner = null;
    }

    private passThrough(
      context: FragmentLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<FragmentLoaderContext>,
    ): void {
      const inner = new host.defaultLoader(this.config);
      this.inner = inner;
      inner.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, ctx, details) => {
          this.stats = stats;
          const bytes = response.data instanceof ArrayBuffer ? response.data.byteLength : 0;
          host.engine.recordPassThrough(bytes);
          callbacks.onSuccess(response, stats, ctx as FragmentLoaderContext, details);
        },
      } as LoaderCallbacks<LoaderContext>);
    }
  }

  return { pLoader: ShoalPlaylistLoader, fLoader: ShoalFragmentLoader };
}
