// File access for the packager: playlist URIs to local paths, whole-or-ranged reads, atomic writes.

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PackError } from './errors.ts';

/** Local path of a relative URI written in the playlist at `playlistPath`. */
export function localPath(playlistPath: string, uri: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) {
    throw new PackError(
      'unsupported-uri',
      playlistPath,
      `"${uri}" is not relative: only local streams can be packed`,
    );
  }
  const path = uri.replace(/[?#].*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new PackError('unsupported-uri', playlistPath, `"${uri}" has bad percent-encoding`);
  }
  return resolve(dirname(playlistPath), decoded);
}

export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PackError(code === 'ENOENT' ? 'not-found' : 'read', path, (err as Error).message);
  }
}

export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path));
}

/** The bytes of a resource, or of its byte range. */
export function sliceRange(file: Uint8Array, path: string, range: { offset: number; length: number } | null) {
  if (!range) return file;
  if (range.offset + range.length > file.length) {
    throw new PackError(
      'read',
      path,
      `byte range ${range.length}@${range.offset} runs past the end (${file.length})`,
    );
  }
  return file.subarray(range.offset, range.offset + range.length);
}

/** Writes via a temp file and rename, so a reader never sees half a manifest. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
