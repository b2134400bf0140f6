export { Engine, type EnginePorts } from './engine.ts';
export type * from './types.ts';
