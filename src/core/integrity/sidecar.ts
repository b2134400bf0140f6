// Where a client finds the manifest of a media playlist: the sidecar `index.m3u8` ->
// `index.shoal.json` in the same directory, unless the playlist names one with
// `#EXT-X-SHOAL-MANIFEST:URI="..."`. Query and fragment are kept (signed CDN URLs).

const PLAYLIST_EXTENSION = /\.m3u8?$/i;

/** The sidecar manifest URI (or path) for a playlist URI (or path). */
export function sidecarUri(playlistUri: string): string {
  const cut = playlistUri.search(/[?#]/);
  const path = cut < 0 ? playlistUri : playlistUri.slice(0, cut);
  const rest = cut < 0 ? '' : playlistUri.slice(cut);
  const base = PLAYLIST_EXTENSION.test(path) ? path.replace(PLAYLIST_EXTENSION, '') : path;
  return `${base}.shoal.json${rest}`;
}
