// The peers table's State column in plain words: connected (and who is choking whom, and why),
// or when and why the peer left or was banned.

import type { ChokeReason, PeerChoke } from '../../core/engine/types.ts';
import { formatAge } from './format.ts';
import type { PeerRow } from './peer-rows.ts';

const PEER_CHOKES: Record<ChokeReason, string> = {
  busy: 'choked by peer (its upload is full)',
  'not-uploading': 'choked by peer (it does not upload)',
};
const WE_CHOKE: Record<ChokeReason, string> = {
  busy: 'choked by us (our upload is full)',
  'not-uploading': 'choked by us (uploading is off here)',
};

export function chokeWords(choked: PeerChoke): string[] {
  const words: string[] = [];
  if (choked.byPeer) words.push(PEER_CHOKES[choked.byPeer]);
  if (choked.byUs) words.push(WE_CHOKE[choked.byUs]);
  return words;
}

export function peerStateWords(row: PeerRow, nowMs: number): string {
  if (row.state === 'connected') return ['connected', ...chokeWords(row.choked)].join(' · ');
  const ago = row.goneAtMs === null ? '' : ` ${formatAge(nowMs - row.goneAtMs)} ago`;
  const why = row.reason ? ` (${row.reason})` : '';
  return `${row.state}${ago}${why}`;
}

/** Whether either side refuses the other's requests just now. */
export function isChoked(row: PeerRow): boolean {
  return row.state === 'connected' && (row.choked.byPeer !== null || row.choked.byUs !== null);
}
