// The shard map as a table: rows are the latest segments, columns are shard indices (data, then
// parity). Each cell has a colour and a letter: O origin, S local store, a peer's letter, ✕ bad.

import { el } from './dom.ts';
import { shortId } from './format.ts';
import type { PeerColours } from './peer-colours.ts';
import { describeRow, type ShardCell, type ShardRow } from './shard-rows.ts';

export interface ShardMapView {
  readonly element: HTMLElement;
  render(rows: readonly ShardRow[], columns: number): void;
}

function cellText(
  cell: ShardCell,
  colours: PeerColours,
): { text: string; title: string; colour: string | null } {
  const name = `Shard ${cell.index} (${cell.parity ? 'parity' : 'data'})`;
  const bad = cell.rejectedFrom.length
    ? `; bad copy rejected from ${cell.rejectedFrom.map((p) => `peer ${colours.mark(p).letter}`).join(', ')}`
    : '';
  switch (cell.kind) {
    case 'origin':
      return { text: 'O', title: `${name} from the origin${bad}`, colour: null };
    case 'store':
      return { text: 'S', title: `${name} from the local store${bad}`, colour: null };
    case 'peer': {
      const mark = colours.mark(cell.peerId!);
      return {
        text: mark.letter,
        title: `${name} from peer ${mark.letter} (${shortId(cell.peerId!)})${bad}`,
        colour: mark.colour,
      };
    }
    case 'rejected':
      return { text: '✕', title: `${name} rejected as bad${bad}`, colour: null };
    case 'unused':
      return { text: '', title: `${name} not needed`, colour: null };
  }
}

export function createShardMapView(limit: number, colours: PeerColours): ShardMapView {
  const head = el('thead');
  const body = el('tbody');
  const legend = el('ul', { class: 'shard-legend', tabindex: '0', 'aria-label': 'Shard map legend' });
  const table = el(
    'table',
    { class: 'shard-map' },
    el('caption', {}, `How each shard of the last ${limit} segments arrived (newest on top)`),
    head,
    body,
  );
  const scroller = el('div', { class: 'shard-map-scroll', tabindex: '0', 'aria-label': 'Shard map' }, table);
  const element = el(
    'section',
    { class: 'swarm-panel', 'aria-label': 'Shard map' },
    el('h2', {}, 'Shard map'),
    legend,
    scroller,
  );
  let shownHead = '';

  function renderHead(columns: number, k: number): void {
    const cells = [el('th', { scope: 'col' }, 'Segment')];
    for (let i = 0; i < columns; i++) {
      const parity = i >= k;
      cells.push(
        el(
          'th',
          { scope: 'col', class: parity ? 'parity' : 'data', title: parity ? 'parity shard' : 'data shard' },
          `${parity ? 'p' : 'd'}${parity ? i - k : i}`,
        ),
      );
    }
    head.replaceChildren(el('tr', {}, ...cells));
  }

  function renderLegend(rows: readonly ShardRow[]): void {
    const peers = new Set(rows.flatMap((r) => r.cells.flatMap((c) => (c.peerId ? [c.peerId] : []))));
    const item = (cls: string, text: string, label: string, colour?: string) =>
      el(
        'li',
        {},
        el('span', { class: `shard ${cls}`, ...(colour ? { style: `background:${colour}` } : {}) }, text),
        label,
      );
    legend.replaceChildren(
      item('origin', 'O', 'origin'),
      item('store', 'S', 'local store'),
      item('rejected', '✕', 'rejected as bad'),
      item('rebuilt-key', '⟲', 'rebuilt from parity'),
      ...colours
        .all()
        .filter(([id]) => peers.has(id))
        .map(([id, mark]) => item('peer', mark.letter, `peer ${shortId(id)}`, mark.colour)),
    );
  }

  return {
    element,
    render(rows, columns) {
      const k = rows[0]?.k ?? 0;
      if (`${columns}/${k}` !== shownHead) {
        renderHead(columns, k);
        shownHead = `${columns}/${k}`;
      }
      const lines = rows.map((row) => {
        const label = describeRow(row, (id) => colours.mark(id).letter);
        const header = el(
          'th',
          { scope: 'row', title: label },
          `#${row.sequence}`,
          row.rebuilt
            ? el(
                'span',
                { class: 'rebuilt', title: 'rebuilt from parity', 'aria-label': 'rebuilt from parity' },
                ' ⟲',
              )
            : '',
        );
        const cells = row.cells.map((cell) => {
          const { text, title, colour } = cellText(cell, colours);
          const td = el(
            'td',
            {
              class: `shard ${cell.kind}${cell.parity ? ' parity' : ''}${cell.rejectedFrom.length ? ' had-bad' : ''}`,
              title,
            },
            text,
          );
          if (colour) td.style.background = colour;
          return td;
        });
        while (cells.length < columns) cells.push(el('td', { class: 'shard none' }));
        return el('tr', { 'aria-label': label }, header, ...cells);
      });
      body.replaceChildren(...lines);
      renderLegend(rows);
    },
  };
}
