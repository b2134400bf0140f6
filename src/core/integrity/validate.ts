// Small typed readers over untrusted JSON values. Each failure names the exact path.

import { ManifestError } from './errors.ts';

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string, allowed: readonly string[]): JsonObject {
  if (!isObject(value)) throw new ManifestError('wrong-type', path, 'expected an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ManifestError('unknown-field', joinPath(path, key), `unexpected field "${key.slice(0, 64)}"`);
    }
  }
  return value;
}

export function field(obj: JsonObject, key: string, path: string): unknown {
  if (!Object.hasOwn(obj, key)) throw new ManifestError('missing-field', joinPath(path, key), 'required');
  return obj[key];
}

export function expectInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ManifestError('wrong-type', path, 'expected an integer');
  }
  if (value < min || value > max) {
    throw new ManifestError('out-of-range', path, `${value} is outside [${min}, ${max}]`);
  }
  return value;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ManifestError('wrong-type', path, 'expected a boolean');
  return value;
}

/** A non-empty string of at most `maxLength` characters without control characters. */
export function expectText(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string') throw new ManifestError('wrong-type', path, 'expected a string');
  if (value.length === 0 || value.length > maxLength) {
    throw new ManifestError('out-of-range', path, `length must be 1..${maxLength}`);
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) throw new ManifestError('out-of-range', path, 'control character');
  }
  return value;
}

export function expectArray(value: unknown, path: string, maxLength: number): unknown[] {
  if (!Array.isArray(value)) throw new ManifestError('wrong-type', path, 'expected an array');
  if (value.length > maxLength) {
    throw new ManifestError('out-of-range', path, `at most ${maxLength} items, got ${value.length}`);
  }
  return value;
}

export function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
