// One NetworkStatus from the states of several trackers.

import type { NetworkStatus } from '../../core/ports.ts';
import type { TrackerState } from './tracker-client.ts';

/** Online when every tracker is, degraded when some are, offline when none is and all have failed. */
export function summarise(states: Map<string, TrackerState>): NetworkStatus {
  const all = [...states.values()];
  const online = all.filter((s) => s.kind === 'online').length;
  const failures = all.flatMap((s) => (s.kind === 'failed' ? [s.detail] : []));
  if (online === all.length) return { kind: 'online', detail: `${online} tracker(s)` };
  if (online > 0)
    return { kind: 'degraded', detail: `${online}/${all.length} trackers online; ${failures.join('; ')}` };
  if (failures.length === 0) return { kind: 'connecting' };
  return { kind: 'offline', detail: failures.join('; ') };
}
