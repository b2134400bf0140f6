// Three uPlot charts: bytes per second by source, P2P share, buffer level with stalls.
// Fixed heights (the space is reserved before data arrives) and a redraw only when asked.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BufferWindow } from './buffer-series.ts';
import { el } from './dom.ts';
import { formatBytes } from './format.ts';
import type { RateWindow } from './rate-series.ts';

const HEIGHT = 150;
const COLOURS = { origin: '#f0883e', peers: '#3fb950', upload: '#58a6ff', axis: '#8b949e', grid: '#2a313c' };

export interface ChartsView {
  readonly element: HTMLElement;
  update(rates: RateWindow, buffer: BufferWindow | null): void;
  destroy(): void;
}

function axes(values: (u: uPlot, splits: number[]) => string[]): uPlot.Axis[] {
  const common = {
    stroke: COLOURS.axis,
    grid: { stroke: COLOURS.grid, width: 1 },
    ticks: { stroke: COLOURS.grid },
  };
  // Clock times without the date: the window is two minutes long.
  const clock = (_u: uPlot, splits: number[]) =>
    splits.map((t) =>
      new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    );
  return [
    { ...common, space: 80, values: clock },
    { ...common, size: 84, values },
  ];
}

function chart(
  key: string,
  title: string,
  description: string,
  series: uPlot.Series[],
  yValues: (splits: number[]) => string[],
  yRange: uPlot.Scale['range'],
): { figure: HTMLElement; mount(width: number): uPlot } {
  const box = el('div', { class: 'swarm-chart-plot' });
  const figure = el(
    'figure',
    { class: 'swarm-chart', 'data-chart': key, role: 'img', 'aria-label': `${title}: ${description}` },
    el('figcaption', {}, title),
    box,
  );
  return {
    figure,
    mount: (width) =>
      new uPlot(
        {
          width,
          height: HEIGHT,
          scales: { x: { time: true }, y: { range: yRange } },
          axes: axes((_u, splits) => yValues(splits)),
          series: [{}, ...series],
          cursor: { drag: { x: false, y: false } },
          legend: { live: false },
        },
        [[], ...series.map(() => [])],
        box,
      ),
  };
}

const rateSeries = (label: string, colour: string): uPlot.Series => ({
  label,
  stroke: colour,
  width: 1.5,
  fill: `${colour}22`,
});

export function createChartsView(withBuffer: boolean): ChartsView {
  const specs = [
    chart(
      'rates',
      'Bytes per second',
      'download from the origin and from peers, and upload to peers, over the last two minutes',
      [
        rateSeries('Origin', COLOURS.origin),
        rateSeries('Peers', COLOURS.peers),
        { ...rateSeries('Upload', COLOURS.upload), dash: [5, 3], fill: undefined },
      ],
      (splits) => splits.map((v) => `${formatBytes(v)}/s`),
      (_u, _min, max) => [0, Math.max(max, 1000)],
    ),
    chart(
      'share',
      'P2P share',
      'percentage of delivered bytes that came from peers, since the start and per second',
      [
        { label: 'Since start', stroke: COLOURS.peers, width: 2 },
        { label: 'Per second', stroke: COLOURS.upload, width: 1, dash: [2, 3] },
      ],
      (splits) => splits.map((v) => `${v} %`),
      [0, 100],
    ),
  ];
  if (withBuffer) {
    specs.push(
      chart(
        'buffer',
        'Buffer ahead',
        'seconds of video buffered ahead of the playhead; red marks show where playback stalled',
        [
          { label: 'Buffer (s)', stroke: COLOURS.upload, width: 1.5, fill: `${COLOURS.upload}22` },
          {
            label: 'Stall',
            stroke: '#f85149',
            paths: () => null,
            points: { show: true, size: 10, space: 0, fill: '#f85149', stroke: '#f85149' },
          },
        ],
        (splits) => splits.map((v) => `${v} s`),
        (_u, _min, max) => [0, Math.max(Math.ceil(max), 10)],
      ),
    );
  }
  const element = el('div', { class: 'swarm-charts' }, ...specs.map((s) => s.figure));
  let plots: uPlot[] | null = null;
  let width = 0;
  const observer = new ResizeObserver(() => {
    const next = plotWidth();
    if (plots && next !== width) {
      width = next;
      for (const p of plots) p.setSize({ width, height: HEIGHT });
    }
  });
  observer.observe(element);

  function plotWidth(): number {
    return Math.max(240, Math.floor(element.clientWidth));
  }

  const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

  return {
    element,
    update(rates, buffer) {
      // Charts are built on the first update, when the element is in the page and has a width.
      if (!plots) {
        width = plotWidth();
        plots = specs.map((s) => s.mount(width));
      }
      // Window totals as data attributes: what the rate chart shows, readable by e2e tests.
      const sum = (xs: number[]) => String(xs.reduce((a, b) => a + b, 0));
      Object.assign(specs[0]!.figure.dataset, {
        sumOrigin: sum(rates.origin),
        sumPeers: sum(rates.peers),
        sumUpload: sum(rates.upload),
      });
      const x = rates.seconds;
      plots[0]!.setData([x, rates.origin, rates.peers, rates.upload]);
      plots[1]!.setData([
        x,
        rates.cumulativeShare.map(percent),
        rates.share.map(percent),
      ] as uPlot.AlignedData);
      if (plots[2] && buffer) {
        plots[2].setData([buffer.seconds, buffer.buffer, buffer.stallMarks] as uPlot.AlignedData);
      }
    },
    destroy() {
      observer.disconnect();
      for (const p of plots ?? []) p.destroy();
      plots = null;
    },
  };
}
