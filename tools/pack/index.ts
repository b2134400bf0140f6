// The packager's Node API: used by `shoal pack` / `shoal verify` and by the dev origin.

export { type LiveWindowOptions, liveWindowManifest } from '../../src/core/integrity/index.ts';
export { findRenditions, type Rendition, readPlaylist } from './discover.ts';
export { PackError, type PackErrorKind } from './errors.ts';
export { localPath } from './files.ts';
export {
  DEFAULT_HISTORY,
  type PackedRendition,
  type PackOptions,
  packRendition,
  packStream,
} from './pack-stream.ts';
export { type VerifyProblem, type VerifyReport, verifyStream } from './verify-stream.ts';
export { type Watcher, type WatchOptions, watchStream } from './watch-stream.ts';
