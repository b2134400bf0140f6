// `shoal pack`: the manifests of every rendition of a stream, written as sidecars
// (index.m3u8 -> index.shoal.json) or returned in memory for the dev origin.

import { type ChooseParamsOptions, createErasureCoder } from '../../src/core/coding/index.ts';
import {
  DEFAULT_HASH_SPEC,
  type HashSpec,
  type Manifest,
  serializeManifest,
} from '../../src/core/integrity/index.ts';
import { findRenditions, type Rendition } from './discover.ts';
import { writeFileAtomic } from './files.ts';
import { newPackState, type PackContext, packMedia } from './pack-media.ts';

export interface PackOptions {
  /** Write `*.shoal.json` next to each media playlist (default true). */
  write?: boolean;
  hash?: HashSpec;
  /** Passed to chooseParams, as the client would (default: its defaults). */
  coding?: ChooseParamsOptions;
  /** Replaces the derived content id (same for all renditions). */
  contentId?: string;
  /** Live only: segments kept before the playlist's first one (default 10). */
  history?: number;
}

export interface PackedRendition extends Rendition {
  manifest: Manifest;
  /** The manifest as written (or as it would be). */
  text: string;
  /** Listed URIs not hashed (only in watch mode). */
  pending: string[];
}

export const DEFAULT_HISTORY = 10;

export async function makePackContext(
  options: PackOptions,
  waitForStableSize: boolean,
): Promise<PackContext> {
  return {
    coder: await createErasureCoder(),
    hash: options.hash ?? DEFAULT_HASH_SPEC,
    coding: options.coding ?? {},
    history: options.history ?? DEFAULT_HISTORY,
    waitForStableSize,
  };
}

/** Packs a stream (directory, master or media playlist) once; every listed segment must exist. */
export async function packStream(path: string, options: PackOptions = {}): Promise<PackedRendition[]> {
  const renditions = await findRenditions(path, options.contentId);
  const ctx = await makePackContext(options, false);
  const out: PackedRendition[] = [];
  for (const r of renditions) out.push(await packWithContext(r, ctx, options));
  return out;
}

/**
 * Packs one rendition found by `findRenditions` (the dev origin packs only the one asked for,
 * with the identity its master gives it, so the text equals what `packStream` would write).
 */
export async function packRendition(r: Rendition, options: PackOptions = {}): Promise<PackedRendition> {
  return packWithContext(r, await makePackContext(options, false), options);
}

async function packWithContext(
  r: Rendition,
  ctx: PackContext,
  options: PackOptions,
): Promise<PackedRendition> {
  const { manifest, pending } = await packMedia(r, ctx, newPackState());
  const text = serializeManifest(manifest);
  if (options.write !== false) await writeFileAtomic(r.manifestPath, text);
  return { ...r, manifest, text, pending };
}
