/** The report for a terminal: aligned columns, units, worst first. Pure. */
import { formatCount, formatMs, formatRatio, formatShare, formatSpan, formatTime, oneLine } from './format.js';
import { headlineSentence, windowSentence } from './summary.js';
import type { ReportData } from './types.js';

export interface TextOptions {
  /** Characters of statement text per row. Default 80. */
  readonly queryWidth?: number;
}

/** Columns padded to their widest cell; `right` marks numeric columns. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells
    .map((c, i) => (right[i] ? c.padStart(widths[i]!) : i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
    .join('  ').trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

export function renderText(data: ReportData, options: TextOptions = {}): string {
  const width = options.queryWidth ?? 80;
  const q = (text: string) => oneLine(text, width);
  const name = (text: string) => oneLine(text, 40);
  const out: string[] = [];
  out.push(`qprof report: ${windowSentence(data)} (from ${formatTime(data.window.startMs)}), generated ${formatTime(data.generatedMs)}`);
  out.push('');
  out.push(`Headline: ${headlineSentence(data.headline)}`);
  if (data.targets.length > 1 || (data.targets[0] && data.targets[0].target)) {
    out.push(renderTable(['target', 'engine', 'source', 'total', 'calls', 'shapes', 'errors'],
      data.targets.map((t) => [name(t.target ?? ''), t.engine ?? '', t.sources.join('+'), formatMs(t.totalMs), formatCount(t.calls),
        formatCount(t.distinctShapes), formatCount(t.errors)]),
      [false, false, false, true, true, true, true]));
  }
  out.push('');
  if (data.top.length === 0) {
    out.push('No statements in this window.');
  } else {
    out.push(`Top ${data.top.length} shapes by total time`);
    out.push(renderTable(['#', 'target', 'total', 'share', 'calls', 'mean', 'p95', 'rows', 'shape', 'query'],
      data.top.map((s) => [String(s.rank), name(s.target), formatMs(s.totalMs), formatShare(s.share), formatCount(s.calls), formatMs(s.meanMs),
        s.p95Ms === null ? '–' : formatMs(s.p95Ms), formatCount(s.rows), s.shape, q(s.query)]),
      [true, false, true, true, true, true, true, true, false, false]));
  }
  out.push('');
  const previous = `previous ${formatSpan(data.previousWindow.endMs - data.previousWindow.startMs)} from ${formatTime(data.previousWindow.startMs)}`;
  if (data.regressions.length === 0) {
    out.push(`Regressions: none against the ${previous}.`);
  } else {
    out.push(`Regressions against the ${previous}`);
    out.push(renderTable(['what', 'target', 'mean now', 'mean before', 'total', 'rank', 'query'],
      data.regressions.map((r) => [r.kind === 'slower' ? `slower ${formatRatio(r.ratio)}` : 'new in top', name(r.target), formatMs(r.meanMs),
        r.previousMeanMs === null ? '–' : formatMs(r.previousMeanMs), formatMs(r.totalMs),
        `${r.rank}${r.previousRank === null ? ' (new)' : ` (was ${r.previousRank})`}`, q(r.query)]),
      [false, false, true, true, true, false, false]));
  }
  out.push('');
  if (data.newShapes.length === 0) {
    out.push('New shapes: none.');
  } else {
    out.push('New shapes (never seen before this window)');
    out.push(renderTable(['target', 'total', 'calls', 'mean', 'shape', 'query'],
      data.newShapes.map((n) => [name(n.target), formatMs(n.totalMs), formatCount(n.calls), formatMs(n.meanMs), n.shape, q(n.query)]),
      [false, true, true, true, false, false]));
  }
  for (const section of Object.values(data.advice)) {
    if (!section) continue;
    out.push('');
    out.push(`${section.title} (${section.items.length} of ${formatCount(section.total)}; all: ${section.command})`);
    // advice is copied from here (DDL, rules): cut only what no terminal shows anyway
    for (const item of section.items) out.push(`  - ${oneLine(item.summary, 200)}${item.detail ? `\n    ${oneLine(item.detail, 200)}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
