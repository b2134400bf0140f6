// Origin bytes avoided and their price at an editable CDN price per GB; upload given to others.

import { el, setText } from './dom.ts';
import { formatBytes, formatMoney, formatPercent } from './format.ts';
import { parsePrice, type Savings } from './savings.ts';

export interface SavingsView {
  readonly element: HTMLElement;
  render(savings: Savings): void;
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
  };
  const item = (label: string, dd: HTMLElement) => el('div', {}, el('dt', {}, label), dd);
  const element = el(
    'section',
    { class: 'swarm-panel', 'aria-label': 'Savings' },
    el('h2', {}, 'Savings for this viewer'),
    el(
      'dl',
      { class: 'state savings' },
      item('Origin bytes avoided', figures.avoided),
      item('Saved at this price', figures.saved),
      item('From peers', figures.share),
      item('Uploaded to others', figures.upload),
    ),
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
    render(s) {
      figures.avoided.dataset.value = String(s.originBytesAvoided);
      figures.saved.dataset.value = String(s.dollarsSaved);
      figures.upload.dataset.value = String(s.uploadBytes);
      setText(figures.avoided, formatBytes(s.originBytesAvoided));
      setText(figures.saved, formatMoney(s.dollarsSaved));
      setText(figures.share, formatPercent(s.p2pShare));
      setText(figures.upload, `${formatBytes(s.uploadBytes)} (${formatMoney(s.dollarsGiven)} of egress)`);
    },
  };
}
