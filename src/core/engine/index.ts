export { Engine, type EnginePorts } from './engine.ts';
export { ManifestCache } from './manifest-cache.ts';
export type * from './types.ts';
