// How shards sit in the IndexedDB object store, and how the index is rebuilt from it.
// Each shard is two records written in one transaction:
//   `d|<key>` → the Uint8Array itself,   `m|<key>` → { size, at }   (at: write order)
// The metadata lives apart from the bytes so that opening the store rebuilds its
// key → size index and write order from small records, without reading every shard.

export const DATA_PREFIX = 'd|';
export const META_PREFIX = 'm|';

export interface ShardMeta {
  size: number;
  at: number;
}

export interface StoredLayout {
  /** Intact shards, oldest write first. */
  entries: Array<{ key: string; meta: ShardMeta }>;
  /** Shard keys with undecodable metadata, or data without metadata (or the reverse). */
  broken: string[];
  /** One past the largest write order seen. */
  nextAt: number;
}

/** Metadata keys to fetch (with getMany) once all keys of the store are known. */
export function metaKeysOf(allKeys: readonly IDBValidKey[]): string[] {
  return allKeys.filter((k): k is string => typeof k === 'string' && k.startsWith(META_PREFIX));
}

/** `metas[i]` is the value stored under `metaKeys[i]`. Other applications' keys are ignored. */
export function readLayout(
  allKeys: readonly IDBValidKey[],
  metaKeys: readonly string[],
  metas: readonly unknown[],
): StoredLayout {
  const dataKeys = new Set<string>();
  for (const k of allKeys) {
    if (typeof k === 'string' && k.startsWith(DATA_PREFIX)) dataKeys.add(k.slice(DATA_PREFIX.length));
  }
  const entries: StoredLayout['entries'] = [];
  const broken = new Set<string>();
  metaKeys.forEach((metaKey, i) => {
    const key = metaKey.slice(META_PREFIX.length);
    const meta = metas[i];
    if (isShardMeta(meta) && dataKeys.has(key)) entries.push({ key, meta });
    else broken.add(key);
  });
  const intact = new Set(entries.map((e) => e.key));
  for (const key of dataKeys) if (!intact.has(key)) broken.add(key);
  entries.sort((a, b) => a.meta.at - b.meta.at);
  const nextAt = entries.reduce((max, e) => Math.max(max, e.meta.at + 1), 0);
  return { entries, broken: [...broken], nextAt };
}

export function isShardMeta(value: unknown): value is ShardMeta {
  if (!value || typeof value !== 'object') return false;
  const { size, at } = value as Partial<ShardMeta>;
  return Number.isSafeInteger(size) && (size as number) >= 0 && Number.isSafeInteger(at);
}
