/**
 * The report as one self-contained HTML file that mail clients render: table layout, inline styles, inline
 * SVG, no scripts, no external assets. Every text from the store goes through escapeHtml. Pure.
 */
import { escapeHtml as e } from './escape.js';
import { formatCount, formatMs, formatRatio, formatShare, formatSpan, formatTime } from './format.js';
import { otherColour, palette, renderSparkline, renderStackedChart } from './svg-charts.js';
import { headlineSentence, renderSubject, windowSentence } from './summary.js';
import type { ReportData } from './types.js';

const font = 'font-family:Helvetica,Arial,sans-serif;';
const th = `style="${font}font-size:12px;text-align:left;padding:6px 8px;border-bottom:2px solid #ccc;color:#333;white-space:nowrap"`;
const thR = th.replace('text-align:left', 'text-align:right');
const td = `style="${font}font-size:13px;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top"`;
const tdR = `style="${font}font-size:13px;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top;text-align:right;white-space:nowrap"`;
const code = 'style="font-family:Menlo,Consolas,monospace;font-size:12px;color:#222;word-break:break-all"';
const h2 = `style="${font}font-size:17px;color:#222;margin:28px 0 8px 0"`;
const p = `style="${font}font-size:13px;color:#444;margin:4px 0"`;

/** Statement text: escaped, cut at `max` characters with the full text (escaped) in the tooltip. */
function query(text: string, max = 300): string {
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `<code ${code} title="${e(text.slice(0, 2000))}">${e(short)}</code>`;
}

function table(header: readonly string[], right: readonly boolean[], rows: readonly (readonly string[])[]): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse">`
    + `<tr>${header.map((h, i) => `<th ${right[i] ? thR : th}>${e(h)}</th>`).join('')}</tr>`
    + rows.map((r) => `<tr>${r.map((c, i) => `<td ${right[i] ? tdR : td}>${c}</td>`).join('')}</tr>`).join('')
    + '</table>';
}

const swatch = (colour: string) => `<span style="display:inline-block;width:10px;height:10px;background:${colour};margin-right:4px"></span>`;

export function renderHtml(data: ReportData): string {
  const body: string[] = [];
  body.push(`<h1 style="${font}font-size:22px;color:#111;margin:0 0 4px 0">qprof report: ${e(windowSentence(data))}</h1>`);
  body.push(`<p ${p}>Window ${e(formatTime(data.window.startMs))} to ${e(formatTime(data.window.endMs))}, generated ${e(formatTime(data.generatedMs))}.</p>`);
  body.push(`<p style="${font}font-size:16px;color:#111;margin:12px 0"><strong>${e(headlineSentence(data.headline))}</strong></p>`);
  if (data.targets.length) {
    body.push(table(['target', 'engine', 'source', 'total', 'calls', 'shapes', 'errors'], [false, false, false, true, true, true, true],
      data.targets.map((t) => [e(t.target ?? ''), e(t.engine ?? ''), e(t.sources.join('+')), e(formatMs(t.totalMs)), e(formatCount(t.calls)),
        e(formatCount(t.distinctShapes)), e(formatCount(t.errors))])));
  }

  body.push(`<h2 ${h2}>Time per ${data.chart.stepMs === 3600_000 ? 'hour' : e(formatSpan(data.chart.stepMs))} by shape</h2>`);
  body.push(`<div>${renderStackedChart(data.chart)}</div>`);
  body.push(`<p ${p}>${[...data.chart.series.map((s, i) => `${swatch(palette[i % palette.length]!)}${e(s.label)}`), `${swatch(otherColour)}other`]
    .join(' &nbsp; ')}</p>`);

  body.push(`<h2 ${h2}>Top shapes by total time</h2>`);
  body.push(data.top.length === 0 ? `<p ${p}>No statements in this window.</p>` : table(
    ['#', 'target', 'total', 'share', 'calls', 'mean', 'p95', 'rows', 'trend', 'query'],
    [true, false, true, true, true, true, true, true, false, false],
    data.top.map((s, i) => [String(s.rank), e(s.target), e(formatMs(s.totalMs)), e(formatShare(s.share)), e(formatCount(s.calls)),
      e(formatMs(s.meanMs)), s.p95Ms === null ? '–' : e(formatMs(s.p95Ms)), e(formatCount(s.rows)),
      renderSparkline(s.hourlyMs, i < data.chart.series.length ? palette[i % palette.length]! : '#666'), query(s.query)])));

  body.push(`<h2 ${h2}>Regressions against the previous ${e(formatSpan(data.previousWindow.endMs - data.previousWindow.startMs))}</h2>`);
  body.push(data.regressions.length === 0 ? `<p ${p}>None.</p>` : table(
    ['what', 'target', 'mean now', 'mean before', 'total', 'rank', 'query'], [false, false, true, true, true, false, false],
    data.regressions.map((r) => [r.kind === 'slower' ? `<strong style="color:#B00020;white-space:nowrap">slower ${e(formatRatio(r.ratio))}</strong>` : '<span style="white-space:nowrap">new in top</span>',
      e(r.target), e(formatMs(r.meanMs)), r.previousMeanMs === null ? '–' : e(formatMs(r.previousMeanMs)), e(formatMs(r.totalMs)),
      `<span style="white-space:nowrap">${r.rank}${r.previousRank === null ? ' (new)' : ` (was ${r.previousRank})`}</span>`, query(r.query)])));

  body.push(`<h2 ${h2}>New shapes</h2>`);
  body.push(data.newShapes.length === 0 ? `<p ${p}>None.</p>` : table(['target', 'total', 'calls', 'mean', 'query'], [false, true, true, true, false],
    data.newShapes.map((n) => [e(n.target), e(formatMs(n.totalMs)), e(formatCount(n.calls)), e(formatMs(n.meanMs)), query(n.query)])));

  for (const section of Object.values(data.advice)) {
    if (!section) continue;
    body.push(`<h2 ${h2}>${e(section.title)}</h2>`);
    body.push(`<ul style="${font}font-size:13px;color:#222;margin:4px 0;padding-left:20px">${section.items
      .map((item) => `<li style="margin:4px 0">${e(item.summary)}${item.detail ? `<br><span style="color:#555">${e(item.detail)}</span>` : ''}</li>`).join('')}</ul>`);
    body.push(`<p ${p}>${section.items.length} of ${e(formatCount(section.total))}; all of them: <code ${code}>${e(section.command)}</code></p>`);
  }

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(renderSubject(data))}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="background:#f4f4f4"><tr><td align="center" style="padding:16px">
<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="960" style="max-width:960px;width:100%;background:#ffffff"><tr><td style="padding:24px">
${body.join('\n')}
<p style="${font}font-size:11px;color:#888;margin:24px 0 0 0">Made by qprof from the statement statistics and logs in its store.</p>
</td></tr></table>
</td></tr></table>
</body></html>
`;
}
