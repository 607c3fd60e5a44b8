/** Inline SVG for the HTML report: a stacked bar chart of time per hour and one sparkline per shape. Pure. */
import { escapeHtml } from './escape.js';
import { formatMs } from './format.js';
import type { HourlyChart } from './types.js';

/** Series colours (colour-blind safe, Okabe–Ito); "other" is grey. */
export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442'] as const;
export const otherColour = '#B0B0B0';

const round = (n: number) => Math.round(n * 10) / 10;

/** `06:00`, or `11-26` at midnight (UTC) so a day change shows. */
function tickLabel(ms: number, stepMs: number): string {
  const iso = new Date(ms).toISOString();
  return stepMs >= 86_400_000 || iso.slice(11, 16) === '00:00' ? iso.slice(5, 10) : iso.slice(11, 16);
}

export function renderStackedChart(chart: HourlyChart, width = 720, height = 220): string {
  const left = 64, bottom = 24, top = 10, right = 8;
  const plotW = width - left - right, plotH = height - top - bottom;
  const n = chart.bucketsMs.length;
  const stacks = chart.bucketsMs.map((_, i) => chart.series.reduce((s, x) => s + x.valuesMs[i]!, 0) + chart.otherMs[i]!);
  const maxMs = Math.max(...stacks, 0);
  const barW = plotW / n;
  const gap = barW > 4 ? 1 : 0;
  const y = (ms: number) => (maxMs > 0 ? (ms / maxMs) * plotH : 0);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="time per hour by shape" style="font-family:Helvetica,Arial,sans-serif;font-size:10px">`);
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#888" stroke-width="1"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left + plotW}" y2="${top}" stroke="#eee" stroke-width="1"/>`);
  parts.push(`<text x="${left - 4}" y="${top + 4}" text-anchor="end" fill="#555">${escapeHtml(formatMs(maxMs))}</text>`);
  parts.push(`<text x="${left - 4}" y="${top + plotH}" text-anchor="end" fill="#555">0</text>`);
  for (let i = 0; i < n; i++) {
    const x = round(left + i * barW);
    let base = top + plotH;
    const layers = [...chart.series.map((s, k) => ({ ms: s.valuesMs[i]!, colour: palette[k % palette.length]!, label: s.label })),
      { ms: chart.otherMs[i]!, colour: otherColour, label: 'other' }];
    for (const layer of layers) {
      const h = y(layer.ms);
      if (h <= 0) continue;
      base -= h;
      parts.push(`<rect x="${x}" y="${round(base)}" width="${round(Math.max(barW - gap, 0.5))}" height="${round(h)}" fill="${layer.colour}"><title>${escapeHtml(`${tickLabel(chart.bucketsMs[i]!, chart.stepMs)} ${layer.label}: ${formatMs(layer.ms)}`)}</title></rect>`);
    }
  }
  const every = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += every) {
    parts.push(`<text x="${round(left + i * barW + barW / 2)}" y="${height - 8}" text-anchor="middle" fill="#555">${tickLabel(chart.bucketsMs[i]!, chart.stepMs)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A 120×24 line of time per bucket; flat when the shape ran in one bucket only. */
export function renderSparkline(valuesMs: readonly number[], colour: string, width = 120, height = 24): string {
  const maxMs = Math.max(...valuesMs, 0);
  const stepX = valuesMs.length > 1 ? width / (valuesMs.length - 1) : 0;
  const points = valuesMs.map((v, i) => `${round(i * stepX)},${round(height - 2 - (maxMs > 0 ? (v / maxMs) * (height - 4) : 0))}`);
  if (points.length === 1) points.push(`${width},${points[0]!.split(',')[1]}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="time per hour">`
    + `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.5"/></svg>`;
}
