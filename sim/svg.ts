// A small SVG line chart (log x axis), written by hand: origin egress and stall rate against
// swarm size, one line per strategy.

export interface Series {
  label: string;
  color: string;
  points: Array<[number, number]>;
}

export interface ChartOptions {
  title: string;
  yLabel: string;
  x: number;
  y: number;
  width: number;
  height: number;
  yMax: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One chart as an SVG group at (x, y); x is log10 from 10 to 10,000. */
export function chart(series: Series[], o: ChartOptions): string {
  const left = o.x + 60;
  const top = o.y + 30;
  const w = o.width - 80;
  const h = o.height - 70;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const xMin = Math.log10(Math.min(10, ...xs));
  const xMax = Math.log10(Math.max(10_000, ...xs));
  const px = (v: number) => left + ((Math.log10(v) - xMin) / (xMax - xMin)) * w;
  const py = (v: number) => top + h - (Math.min(v, o.yMax) / o.yMax) * h;
  const out: string[] = [];
  out.push(
    `<text x="${o.x + o.width / 2}" y="${o.y + 18}" text-anchor="middle" font-size="14">${escapeXml(o.title)}</text>`,
  );
  out.push(`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  for (let e = Math.ceil(xMin); e <= xMax; e++) {
    const x = px(10 ** e);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + h}" stroke="#eee"/>`);
    out.push(
      `<text x="${x}" y="${top + h + 16}" text-anchor="middle" font-size="11">${(10 ** e).toLocaleString('en')}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const v = (o.yMax * i) / 4;
    const y = py(v);
    out.push(`<line x1="${left}" y1="${y}" x2="${left + w}" y2="${y}" stroke="#eee"/>`);
    out.push(
      `<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11">${+v.toPrecision(3)}</text>`,
    );
  }
  out.push(
    `<text x="${left + w / 2}" y="${top + h + 34}" text-anchor="middle" font-size="12">viewers</text>`,
  );
  out.push(
    `<text x="${o.x + 14}" y="${top + h / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${o.x + 14} ${top + h / 2})">${escapeXml(o.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    const d = pts
      .map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`)
      .join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [x, y] of pts)
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    const ly = top + 14 + i * 16;
    out.push(
      `<line x1="${left + w - 150}" y1="${ly - 4}" x2="${left + w - 130}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/>`,
    );
    out.push(`<text x="${left + w - 124}" y="${ly}" font-size="11">${escapeXml(s.label)}</text>`);
  });
  return `<g>${out.join('')}</g>`;
}

export function svgDocument(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`;
}
