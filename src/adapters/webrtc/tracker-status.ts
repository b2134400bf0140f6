// One NetworkStatus from the states of several trackers.

import type { NetworkStatus } from '../../core/ports.ts';
import type { TrackerState } from './tracker-client.ts';

/** Online when every tracker is, degraded when some are, connecting while one may still come up,
 *  offline when all have failed (their retries stay 'failed' until one succeeds). */
export function summarise(states: Map<string, TrackerState>): NetworkStatus {
  const all = [...states.values()];
  const online = all.filter((s) => s.kind === 'online').length;
  const failures = all.flatMap((s) => (s.kind === 'failed' ? [s.detail] : []));
  if (online === all.length) return { kind: 'online', detail: `${online} tracker(s)` };
  if (online > 0)
    return { kind: 'degraded', detail: `${online}/${all.length} trackers online; ${failures.join('; ')}` };
  if (all.some((s) => s.kind === 'connecting')) return { kind: 'connecting' };
  return { kind: 'offline', detail: failures.join('; ') };
}
