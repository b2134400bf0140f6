// The demo page's swarm view: status line, charts, shard map, peers table and savings, fed by
// the engine's events and `stats()` only. Models are pure (and unit-tested); this file wires them.

import type { EngineEvents, EngineStats } from '../../core/engine/types.ts';
import type { Emitter } from '../../core/events.ts';
import { BufferSeries, type PlaybackSample } from './buffer-series.ts';
import { createChartsView } from './charts-view.ts';
import { el, setText } from './dom.ts';
import { PeerColours } from './peer-colours.ts';
import { PeerTable } from './peer-rows.ts';
import { createPeersTableView } from './peers-table-view.ts';
import { byteSource, RateSeries } from './rate-series.ts';
import { DEFAULT_PRICE_PER_GB, savings } from './savings.ts';
import { createSavingsView } from './savings-view.ts';
import { createShardMapView } from './shard-map-view.ts';
import { ShardRows } from './shard-rows.ts';
import { statusWords } from './status-words.ts';
import { swarmSavings } from './swarm-savings.ts';
import './swarm.css';

export interface SwarmSource {
  events: Emitter<EngineEvents>;
  stats(): EngineStats;
}

export interface SwarmViewOptions {
  /** CDN price used for the savings, dollars per GB (editable on the page). */
  pricePerGB?: number;
  /** Buffer level and stall count, sampled for the buffer chart (the page's PlaybackMonitor). */
  playback?: () => PlaybackSample;
  /** Whether the page lets tabs of this browser meet over BroadcastChannel (tailors the advice). */
  tabs?: boolean;
}

/** Redraws at most twice a second, whatever the event rate. */
const REFRESH_MS = 500;
const SHARD_ROWS = 20;

export function mountSwarmView(
  root: HTMLElement,
  source: SwarmSource,
  options: SwarmViewOptions = {},
): { destroy(): void } {
  const now = () => Date.now();
  const rates = new RateSeries(120);
  const buffer = options.playback ? new BufferSeries(120) : null;
  const colours = new PeerColours();
  const shardRows = new ShardRows(SHARD_ROWS);
  const peers = new PeerTable(60_000);

  const statusText = el('span');
  const statusAdvice = el('span', { class: 'swarm-advice' });
  const status = el(
    'p',
    { class: 'swarm-status', role: 'status', 'aria-live': 'polite' },
    statusText,
    statusAdvice,
  );
  const charts = createChartsView(buffer !== null);
  const shardMap = createShardMapView(SHARD_ROWS, colours);
  const peersTable = createPeersTableView(colours);
  const savingsView = createSavingsView(options.pricePerGB ?? DEFAULT_PRICE_PER_GB, () => renderSavings());
  const container = el(
    'div',
    { class: 'swarm-view' },
    status,
    charts.element,
    shardMap.element,
    peersTable.element,
    savingsView.element,
  );
  root.append(container);

  let latest: EngineStats = source.stats();
  let p2p = latest.p2p;
  let network = latest.network;
  let shardsDirty = false;

  const unsubscribe = [
    source.events.on('bytes', (e) => rates.add(byteSource(e.via), e.bytes, now())),
    source.events.on('segment', (outcome) => {
      shardRows.add(outcome);
      // Colours follow first sight in the map, so they are assigned in arrival order.
      for (const s of outcome.shards) if (s.peerId) colours.mark(s.peerId);
      shardsDirty = true;
    }),
    source.events.on('peer', (e) => {
      if (e.change === 'joined') colours.mark(e.peerId);
      else peers.left(e.peerId, e.reason, now());
    }),
    source.events.on('ban', (e) => peers.banned(e.peerId, e.reason, now())),
    source.events.on('p2p-state', (e) => {
      p2p = { ...p2p, ...e };
      renderStatus();
    }),
    source.events.on('network', (status) => {
      network = status;
      renderStatus();
    }),
  ];

  function renderStatus(): void {
    const words = statusWords(p2p, network, latest.peers.length, options.tabs);
    status.dataset.tone = words.tone;
    setText(statusText, words.text);
    setText(statusAdvice, words.advice ? ` ${words.advice}` : '');
  }

  function renderSavings(): void {
    const price = savingsView.price();
    savingsView.render(savings(latest.bytes, price), swarmSavings(latest, price));
  }

  function tick(): void {
    const t = now();
    latest = source.stats();
    // stats() is the truth for the current state; events only fill in between ticks.
    p2p = latest.p2p;
    network = latest.network ?? network;
    if (buffer && options.playback) buffer.sample(t, options.playback());
    peers.update(latest.peers, t);
    charts.update(rates.window(t), buffer ? buffer.window(t) : null);
    if (shardsDirty) {
      shardMap.render(shardRows.rows(), shardRows.columns());
      shardsDirty = false;
    }
    peersTable.render(peers.rows(t), t);
    renderSavings();
    renderStatus();
  }

  shardMap.render([], 0);
  tick();
  const timer = setInterval(tick, REFRESH_MS);

  return {
    destroy() {
      clearInterval(timer);
      for (const off of unsubscribe) off();
      charts.destroy();
      container.remove();
    },
  };
}
