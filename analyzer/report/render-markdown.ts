/** The report as GitHub-flavoured Markdown (for a wiki page, a ticket, a chat). Pure. */
import { formatCount, formatMs, formatRatio, formatShare, formatSpan, formatTime, oneLine } from './format.js';
import { headlineSentence, windowSentence } from './summary.js';
import type { ReportData } from './types.js';

/**
 * Statement text as an inline code span: HTML and Markdown inside a code span are shown, never interpreted.
 * The fence is one backtick longer than any run inside; `|` is escaped because GFM splits table cells first.
 */
export function mdCode(text: string): string {
  const flat = oneLine(text, 120).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence} ${flat} ${fence}`;
}

/** Plain text in a Markdown table cell: entities for HTML, backslashes for Markdown punctuation. */
export function mdText(text: string): string {
  return oneLine(text, 200)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()#|!~])/g, '\\$1');
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (header: readonly string[], right: readonly boolean[], rows: readonly (readonly string[])[]) =>
  [row(header), row(right.map((r) => (r ? '---:' : '---'))), ...rows.map(row)].join('\n');

export function renderMarkdown(data: ReportData): string {
  const out: string[] = [];
  out.push(`# qprof report: ${mdText(windowSentence(data))}`);
  out.push('');
  out.push(`Window ${formatTime(data.window.startMs)} to ${formatTime(data.window.endMs)}, generated ${formatTime(data.generatedMs)}.`);
  out.push('');
  out.push(`**${mdText(headlineSentence(data.headline))}**`);
  if (data.targets.length) {
    out.push('');
    out.push(table(['target', 'engine', 'source', 'total', 'calls', 'shapes', 'errors'], [false, false, false, true, true, true, true],
      data.targets.map((t) => [mdText(t.target ?? ''), t.engine ?? '', t.sources.join('+'), formatMs(t.totalMs), formatCount(t.calls),
        formatCount(t.distinctShapes), formatCount(t.errors)])));
  }
  out.push('');
  out.push('## Top shapes by total time');
  out.push('');
  out.push(data.top.length === 0 ? 'No statements in this window.' : table(
    ['#', 'target', 'total', 'share', 'calls', 'mean', 'p95', 'rows', 'query'], [true, false, true, true, true, true, true, true, false],
    data.top.map((s) => [String(s.rank), mdText(s.target), formatMs(s.totalMs), formatShare(s.share), formatCount(s.calls), formatMs(s.meanMs),
      s.p95Ms === null ? '–' : formatMs(s.p95Ms), formatCount(s.rows), mdCode(s.query)])));
  out.push('');
  out.push(`## Regressions against the previous ${formatSpan(data.previousWindow.endMs - data.previousWindow.startMs)}`);
  out.push('');
  out.push(data.regressions.length === 0 ? 'None.' : table(
    ['what', 'target', 'mean now', 'mean before', 'total', 'rank', 'query'], [false, false, true, true, true, false, false],
    data.regressions.map((r) => [r.kind === 'slower' ? `slower ${formatRatio(r.ratio)}` : 'new in top', mdText(r.target), formatMs(r.meanMs),
      r.previousMeanMs === null ? '–' : formatMs(r.previousMeanMs), formatMs(r.totalMs),
      `${r.rank}${r.previousRank === null ? ' (new)' : ` (was ${r.previousRank})`}`, mdCode(r.query)])));
  out.push('');
  out.push('## New shapes');
  out.push('');
  out.push(data.newShapes.length === 0 ? 'None.' : table(['target', 'total', 'calls', 'mean', 'query'], [false, true, true, true, false],
    data.newShapes.map((n) => [mdText(n.target), formatMs(n.totalMs), formatCount(n.calls), formatMs(n.meanMs), mdCode(n.query)])));
  for (const section of Object.values(data.advice)) {
    if (!section) continue;
    out.push('');
    out.push(`## ${mdText(section.title)}`);
    out.push('');
    for (const item of section.items) out.push(`- ${mdText(item.summary)}${item.detail ? `: ${mdText(item.detail)}` : ''}`);
    out.push('');
    out.push(`${section.items.length} of ${formatCount(section.total)}; all of them: ${mdCode(section.command)}`);
  }
  return `${out.join('\n')}\n`;
}
