/**
 * The readable table of `qprof advise replicas`: lag and stick window, load that would move, then one line
 * per shape (replica candidates by time first) with its route and first reason. Pure.
 */
import type { RoutingReport } from './types.js';

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function lagLine(report: RoutingReport): string {
  const l = report.lag;
  if (l.source === 'assumed') return `replica lag: not measured, assumed ${l.boundSeconds} s`;
  return `replica lag: p50 ${l.p50Seconds} s, p99 ${l.p99Seconds} s, max ${l.maxSeconds} s over ${l.samples} samples (${l.from.join(', ')})`;
}

export function renderRoutingText(report: RoutingReport, limit = 50): string {
  const { load } = report;
  const out = [
    `== ${report.target} (${report.engine})`,
    `${lagLine(report)}; stick window ${(report.stickMs / 1000).toFixed(1)} s after a write`,
    `replica-safe: ${pct(load.replicaShare)} of primary time (${load.replicaMs.toFixed(0)} of ${load.totalMs.toFixed(0)} ms); conditional: ${pct(load.conditionalShare)}`,
  ];
  if (load.byTable.length > 0) {
    out.push(`by table: ${load.byTable.slice(0, 8).map((t) => `${t.table} ${pct(t.share)}`).join(', ')}`);
  }
  out.push('', `${'route'.padEnd(11)} ${'share'.padStart(6)} ${'calls'.padStart(8)}  ${'shape'.padEnd(16)}  query / reason`);
  for (const a of report.advice.slice(0, limit)) {
    out.push(`${a.route.padEnd(11)} ${pct(a.loadShare).padStart(6)} ${String(a.calls).padStart(8)}  ${a.shape.padEnd(16)}  ${cut(a.query, 90)}`);
    out.push(`${' '.repeat(47)}${cut(a.condition ? `${a.condition} — ${a.reasons[0]}` : a.reasons.join('; '), 110)}`);
  }
  if (report.advice.length > limit) out.push(`… ${report.advice.length - limit} more shapes (--limit, or --json for all)`);
  for (const note of report.notes) out.push(`note: ${note}`);
  return `${out.join('\n')}\n`;
}
