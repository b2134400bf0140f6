// Parsed manifests by URL and text. A refreshed manifest whose text has not changed is not
// parsed again; engines that share one cache (the simulator's viewers, which all fetch the same
// text) parse each text once. Parsing is a pure function of the text and a parsed manifest is
// never changed afterwards (the catalog replaces, never edits, a manifest), so sharing is safe.

import { parseManifest } from '../integrity/parse-manifest.ts';
import type { Manifest } from '../integrity/types.ts';

export class ManifestCache {
  /** The last text parsed for each manifest URL, and its manifest. */
  private readonly byUrl = new Map<string, { text: string; manifest: Manifest }>();

  /** `parseManifest(text)`, or the manifest parsed from the same text at this URL before. */
  parse(url: string, text: string): Manifest {
    const last = this.byUrl.get(url);
    if (last?.text === text) return last.manifest;
    const manifest = parseManifest(text);
    this.byUrl.set(url, { text, manifest });
    return manifest;
  }
}
