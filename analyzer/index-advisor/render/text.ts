/** The readable table of `qprof advise indexes`: one row per recommendation, its DDL and reason below. Pure. */
import type { IndexAdvice } from '../types.js';

function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u += 1; }
  return `${v.toFixed(v >= 10 || u === 0 ? 0 : 1)} ${units[u]}`;
}

function pad(cells: readonly string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}

function benefitText(a: IndexAdvice): string {
  if (a.action === 'drop') return `frees ${bytes(a.benefit.sizeBytes)}`;
  const cost = a.benefit.costBefore !== undefined && a.benefit.costAfter !== undefined
    ? `, cost ${Math.round(a.benefit.costBefore)}→${Math.round(a.benefit.costAfter)}` : '';
  return `${(a.benefit.timeShare * 100).toFixed(1)}% of time${cost}, ~${bytes(a.benefit.estimatedSizeBytes)}`;
}

export function renderAdviceText(advice: readonly IndexAdvice[], notes: readonly string[]): string {
  const out: string[] = [];
  for (const note of notes) out.push(`note: ${note}`);
  if (advice.length === 0) {
    // With notes (no catalog, nothing to validate against) the notes say why; don't claim shapes were analysed.
    out.push(notes.length > 0 ? 'no index advice (see the notes above)'
      : 'no index advice: every analysed shape is served, tiny, or not selective enough (see --explain SHAPE)');
    return `${out.join('\n')}\n`;
  }
  const rows = [['#', 'action', 'table', 'columns', 'benefit', 'validated']];
  advice.forEach((a, i) => rows.push([String(i + 1), a.action, a.table, a.expression ?? a.columns.join(', ') + (a.where ? ` WHERE ${a.where}` : ''), benefitText(a), a.validated]));
  out.push(...pad(rows));
  out.push('');
  advice.forEach((a, i) => {
    out.push(`${i + 1}. ${a.statement};`);
    out.push(`   ${a.reason}`);
    if (a.benefit.planChange) out.push(`   plan: ${a.benefit.planChange}`);
    if (a.shapes.length > 0) out.push(`   shapes: ${a.shapes.slice(0, 5).join(', ')}${a.shapes.length > 5 ? ` (+${a.shapes.length - 5})` : ''}`);
  });
  return `${out.join('\n')}\n`;
}
