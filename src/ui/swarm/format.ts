// Plain-words formatting for the swarm view: sizes, rates, ages, ids. Pure, so it is unit-tested.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units (1 KB = 1000 B), the units CDN bills and network rates use. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "45 s", "3 min 05 s", "1 h 02 min". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** Enough of a peer id to tell peers apart on screen. */
export function shortId(id: string): string {
  return id.length <= 8 ? id : id.slice(0, 8);
}

/** Dollars with enough digits that a viewer's first cents of savings are visible. */
export function formatMoney(dollars: number): string {
  if (!Number.isFinite(dollars) || dollars <= 0) return '$0.00';
  if (dollars >= 1) return `$${dollars.toFixed(2)}`;
  if (dollars >= 0.01) return `$${dollars.toFixed(3)}`;
  return `$${dollars.toFixed(5)}`;
}

export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}
