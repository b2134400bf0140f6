// Origin bytes avoided and their price at an editable CDN price per GB, for this viewer (with the
// upload it gave others) and for it with its connected peers, as they report (swarm-savings.ts).

import { el, setText } from './dom.ts';
import { formatBytes, formatMoney, formatPercent } from './format.ts';
import { parsePrice, type Savings } from './savings.ts';
import { reportersWords, type SwarmSavings, swarmSizeWords } from './swarm-savings.ts';

export interface SavingsView {
  readonly element: HTMLElement;
  render(savings: Savings, swarm: SwarmSavings): void;
  price(): number;
}

export function createSavingsView(initialPrice: number, onPrice: () => void): SavingsView {
  let price = initialPrice;
  const input = el('input', {
    id: 'swarm-price',
    type: 'number',
    min: '0',
    step: '0.005',
    inputmode: 'decimal',
    value: String(initialPrice),
    'aria-describedby': 'swarm-price-note',
  });
  input.addEventListener('input', () => {
    const next = parsePrice(input.value);
    input.setAttribute('aria-invalid', String(next === null));
    if (next === null) return;
    price = next;
    onPrice();
  });
  const figures = {
    avoided: el('dd', { 'data-figure': 'avoided' }),
    saved: el('dd', { 'data-figure': 'saved' }),
    share: el('dd', { 'data-figure': 'share' }),
    upload: el('dd', { 'data-figure': 'upload' }),
    swarmAvoided: el('dd', { 'data-figure': 'swarm-avoided' }),
    swarmSaved: el('dd', { 'data-figure': 'swarm-saved' }),
    swarmShare: el('dd', { 'data-figure': 'swarm-share' }),
    swarmSize: el('dd', { 'data-figure': 'swarm-size' }),
  };
  const reporters = el('p', { class: 'savings-note muted', 'data-figure': 'reporters' });
  const item = (label: string, dd: HTMLElement) => el('div', {}, el('dt', {}, label), dd);
  const element = el(
    'section',
    { class: 'swarm-panel', 'aria-label': 'Savings' },
    el('h2', {}, 'Savings'),
    el('h3', {}, 'This viewer'),
    el(
      'dl',
      { class: 'state savings' },
      item('Origin bytes avoided', figures.avoided),
      item('Saved at this price', figures.saved),
      item('From peers', figures.share),
      item('Uploaded to others', figures.upload),
    ),
    el('h3', {}, 'With its peers'),
    el(
      'dl',
      { class: 'state savings' },
      item('Origin bytes avoided', figures.swarmAvoided),
      item('Saved at this price', figures.swarmSaved),
      item('From peers', figures.swarmShare),
      item('Viewers in this swarm', figures.swarmSize),
    ),
    reporters,
    el(
      'p',
      { class: 'price' },
      el('label', { for: 'swarm-price' }, 'CDN price, $ per GB '),
      input,
      el(
        'span',
        { id: 'swarm-price-note', class: 'muted' },
        ' (default $0.05, a typical CDN list price; 1 GB = 10⁹ bytes)',
      ),
    ),
  );
  return {
    element,
    price: () => price,
    render(s, swarm) {
      figures.avoided.dataset.value = String(s.originBytesAvoided);
      figures.saved.dataset.value = String(s.dollarsSaved);
      figures.upload.dataset.value = String(s.uploadBytes);
      setText(figures.avoided, formatBytes(s.originBytesAvoided));
      setText(figures.saved, formatMoney(s.dollarsSaved));
      setText(figures.share, formatPercent(s.p2pShare));
      setText(figures.upload, `${formatBytes(s.uploadBytes)} (${formatMoney(s.dollarsGiven)} of egress)`);
      figures.swarmAvoided.dataset.value = String(swarm.originBytesAvoided);
      figures.swarmSize.dataset.value = String(swarm.swarmSize ?? '');
      reporters.dataset.value = String(swarm.reporters);
      setText(figures.swarmAvoided, formatBytes(swarm.originBytesAvoided));
      setText(figures.swarmSaved, formatMoney(swarm.dollarsSaved));
      setText(figures.swarmShare, formatPercent(swarm.p2pShare));
      setText(figures.swarmSize, swarmSizeWords(swarm.swarmSize));
      setText(reporters, reportersWords(swarm));
    },
  };
}
