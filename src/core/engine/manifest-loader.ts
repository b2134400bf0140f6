// Fetches and validates a media playlist's manifest; remembers failures so a stream without
// one is not asked again on every playlist refresh.

import {
  type ContentCatalog,
  manifestUrlFor,
  type RenditionState,
  type ResolveUrl,
} from '../content/catalog.ts';
import { ManifestError, PlaylistError } from '../integrity/errors.ts';
import { parsePlaylist } from '../integrity/playlist.ts';
import type { Clock, Origin } from '../ports.ts';
import { ManifestCache } from './manifest-cache.ts';

export type ManifestResult =
  | { kind: 'ok'; state: RenditionState; fresh: boolean }
  | { kind: 'master' }
  | { kind: 'unavailable'; reason: string };

export class ManifestLoader {
  private readonly inflight = new Map<string, Promise<ManifestResult>>();
  private readonly failed = new Map<string, { reason: string; at: number }>();
  /** Sidecar texts asked for while the playlist itself was still loading (startup). */
  private readonly early = new Map<string, Promise<string>>();

  constructor(
    private readonly origin: Origin,
    private readonly catalog: ContentCatalog,
    private readonly resolve: ResolveUrl,
    private readonly clock: Clock,
    private readonly parsed = new ManifestCache(),
  ) {}

  /** Called with each media or master playlist the player loads. */
  onPlaylist(playlistUrl: string, text: string): Promise<ManifestResult> {
    let tag: string | null;
    let newest = -1;
    try {
      const playlist = parsePlaylist(text);
      if (playlist.kind === 'master') return Promise.resolve({ kind: 'master' });
      tag = playlist.shoalManifest;
      newest = playlist.segments.at(-1)?.sequence ?? -1;
    } catch (error) {
      const reason = error instanceof PlaylistError ? error.message : String(error);
      return Promise.resolve({ kind: 'unavailable', reason: `playlist not understood: ${reason}` });
    }
    const known = this.catalog.forPlaylist(playlistUrl);
    if (known && newest <= lastSequence(known))
      return Promise.resolve({ kind: 'ok', state: known, fresh: false });
    return this.refresh(playlistUrl, manifestUrlFor(playlistUrl, tag, this.resolve));
  }

  /**
   * A playlist is about to load for the first time: fetch its sidecar manifest alongside, so
   * startup does not wait for two round trips. (A playlist tag may still name another one.)
   */
  prefetch(playlistUrl: string): void {
    if (this.catalog.forPlaylist(playlistUrl)) return;
    const manifestUrl = manifestUrlFor(playlistUrl, null, this.resolve);
    if (this.early.has(manifestUrl)) return;
    const text = this.origin.fetchText(manifestUrl, null);
    text.catch(() => undefined);
    this.early.set(manifestUrl, text);
  }

  /** Fetches the manifest again (a peer named a segment we have not seen yet). */
  refreshKnown(playlistUrl: string): Promise<ManifestResult> {
    const known = this.catalog.forPlaylist(playlistUrl);
    if (!known) return Promise.resolve({ kind: 'unavailable', reason: 'unknown playlist' });
    return this.refresh(playlistUrl, known.manifestUrl);
  }

  private refresh(playlistUrl: string, manifestUrl: string): Promise<ManifestResult> {
    const failure = this.failed.get(manifestUrl);
    // A missing manifest stays missing for a while; a live stream's may appear later.
    if (failure && this.clock.now() - failure.at < 30_000)
      return Promise.resolve({ kind: 'unavailable', reason: failure.reason });
    let promise = this.inflight.get(manifestUrl);
    if (!promise) {
      promise = this.load(playlistUrl, manifestUrl).finally(() => this.inflight.delete(manifestUrl));
      this.inflight.set(manifestUrl, promise);
    }
    return promise;
  }

  private async load(playlistUrl: string, manifestUrl: string): Promise<ManifestResult> {
    let text: string;
    const early = this.early.get(manifestUrl);
    this.early.delete(manifestUrl);
    try {
      text = await (early ?? this.origin.fetchText(manifestUrl, null));
    } catch (error) {
      return this.fail(manifestUrl, `no Shoal manifest at ${manifestUrl} (${errorText(error)})`);
    }
    try {
      const manifest = this.parsed.parse(manifestUrl, text);
      return { kind: 'ok', state: this.catalog.update(playlistUrl, manifestUrl, manifest), fresh: true };
    } catch (error) {
      const reason = error instanceof ManifestError ? error.message : errorText(error);
      return this.fail(manifestUrl, `the Shoal manifest at ${manifestUrl} is invalid: ${reason}`);
    }
  }

  private fail(manifestUrl: string, reason: string): ManifestResult {
    this.failed.set(manifestUrl, { reason, at: this.clock.now() });
    return { kind: 'unavailable', reason };
  }
}

function lastSequence(state: RenditionState): number {
  return state.manifest.segments.at(-1)?.sequence ?? -1;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
