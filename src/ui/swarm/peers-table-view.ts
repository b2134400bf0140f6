// The peers table: one row per connected peer, plus greyed rows for peers that left or were banned.

import { el, setText } from './dom.ts';
import { formatAge, formatBytes, formatRate, shortId } from './format.ts';
import type { PeerColours } from './peer-colours.ts';
import type { PeerRow } from './peer-rows.ts';
import { isChoked, peerStateWords } from './peer-state-words.ts';

export interface PeersTableView {
  readonly element: HTMLElement;
  render(rows: readonly PeerRow[], nowMs: number): void;
}

const COLUMNS = [
  'Peer',
  'State',
  'Connected',
  'RTT',
  'Down',
  'Up',
  'Uplink',
  'Shards received',
  'Shards sent',
  'Segments held',
];

export function createPeersTableView(colours: PeerColours): PeersTableView {
  const body = el('tbody');
  const empty = el('p', { class: 'swarm-empty' }, 'No peers yet: open another viewer of the same stream.');
  const table = el(
    'table',
    { class: 'peers-table' },
    el('caption', {}, 'Peers of this viewer: rates and shards traded'),
    el('thead', {}, el('tr', {}, ...COLUMNS.map((c) => el('th', { scope: 'col' }, c)))),
    body,
  );
  // The note sits inside the fixed-height scroller, so showing or hiding it moves nothing.
  const scroller = el(
    'div',
    { class: 'peers-scroll', tabindex: '0', 'aria-label': 'Peers table' },
    table,
    empty,
  );
  const element = el(
    'section',
    { class: 'swarm-panel', 'aria-label': 'Peers' },
    el('h2', {}, 'Peers'),
    el(
      'p',
      { class: 'peers-note muted' },
      'Choked: one side refuses, for now, to send the other shards. Uplink: how fast the peer measured its ' +
        'own uplink emptying, as it told us.',
    ),
    scroller,
  );
  const rowsById = new Map<string, HTMLTableRowElement>();

  return {
    element,
    render(rows, nowMs) {
      empty.hidden = rows.length > 0;
      const lines = rows.map((row) => {
        let tr = rowsById.get(row.id);
        if (!tr) {
          const mark = colours.mark(row.id);
          const swatch = el(
            'span',
            { class: 'shard peer', style: `background:${mark.colour}`, 'aria-hidden': 'true' },
            mark.letter,
          );
          tr = el(
            'tr',
            { 'data-peer': row.id },
            el('th', { scope: 'row', title: row.id }, swatch, ` ${shortId(row.id)}`),
            ...COLUMNS.slice(1).map(() => el('td')),
          );
          rowsById.set(row.id, tr);
        }
        tr.className = `peer-${row.state}${isChoked(row) ? ' peer-choked' : ''}`;
        const values = [
          peerStateWords(row, nowMs),
          row.state === 'connected' ? formatAge(row.connectedMs) : '—',
          row.state === 'connected' ? `${row.rttMs} ms` : '—',
          formatRate(row.downRate),
          formatRate(row.upRate),
          row.uplink === null ? '—' : formatRate(row.uplink),
          `${row.shardsTaken} (${formatBytes(row.bytesDown)})`,
          `${row.shardsGiven} (${formatBytes(row.bytesUp)})`,
          String(row.segmentsHeld),
        ];
        values.forEach((v, i) => {
          setText(tr!.cells[i + 1]!, v);
        });
        return tr;
      });
      const keep = new Set(rows.map((r) => r.id));
      for (const id of rowsById.keys()) if (!keep.has(id)) rowsById.delete(id);
      // Only reorder when the order changed, so focus and selection inside the table survive updates.
      const current = [...body.rows];
      if (current.length !== lines.length || current.some((r, i) => r !== lines[i]))
        body.replaceChildren(...lines);
    },
  };
}
