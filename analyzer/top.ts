/**
 * Top query shapes for a window: per-source totals → one row per (target, shape), ranked. Pure.
 *
 * Sources overlap (pg_stat_statements / performance_schema digests and logs see the same statements), so
 * they are never added up: for a shape that has a statistics source, calls, time and rows come from it, and
 * the logs only contribute the latency percentiles (p50/p95/p99 from their histograms). A shape seen only in
 * logs is counted from the logs.
 */
import type { Engine } from '../agent/events.js';
import { quantileMs, type Histogram } from '../agent/aggregate/histogram.js';
import type { ShapeTotals } from '../storage/stats-repo.js';

export type TopOrder = 'total' | 'mean' | 'calls' | 'rows' | 'p95';

/** One line of `qprof top` (SPEC.md §3 fields plus percentiles, target and source). */
export interface TopRow {
  readonly shape: string;
  readonly engine: Engine;
  readonly query: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly rows: number;
  /** Fraction of the total time of all shapes in the window. */
  readonly share: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly errors: number;
  readonly target: string;
  /** Where calls and time come from: 'log', 'pgss' or 'digest'. */
  readonly source: string;
}

export interface TopOptions {
  readonly by: TopOrder;
  readonly limit: number;
}

/** Combine sources per (target, shape) and rank. */
export function rankTopShapes(totals: readonly ShapeTotals[], options: TopOptions): TopRow[] {
  const byShape = new Map<string, { stats: ShapeTotals[]; log: ShapeTotals | null }>();
  for (const t of totals) {
    const key = `${t.targetId}\u0000${t.shapeId}`;
    let entry = byShape.get(key);
    if (!entry) byShape.set(key, entry = { stats: [], log: null });
    if (t.source === 'log') entry.log = t;
    else entry.stats.push(t);
  }
  const merged: Omit<TopRow, 'share'>[] = [];
  for (const { stats, log } of byShape.values()) {
    const primary = stats.length ? sumSources(stats) : log!;
    const hist: Histogram | null = log?.hist ?? null;
    const calls = primary.calls;
    merged.push({
      shape: primary.shapeId, engine: primary.engine, query: primary.normalized, calls, totalMs: primary.totalMs,
      meanMs: calls > 0 ? primary.totalMs / calls : 0, rows: primary.rows,
      p50Ms: clamp(hist ? quantileMs(hist, 0.5) : null, log), p95Ms: clamp(hist ? quantileMs(hist, 0.95) : null, log),
      p99Ms: clamp(hist ? quantileMs(hist, 0.99) : null, log),
      minMs: log?.minMs ?? primary.minMs, maxMs: log?.maxMs ?? primary.maxMs,
      errors: log?.errors ?? 0, target: primary.target, source: primary.source,
    });
  }
  const allMs = merged.reduce((sum, r) => sum + r.totalMs, 0);
  const key = sortKey(options.by);
  return merged
    .sort((a, b) => key(b) - key(a) || b.totalMs - a.totalMs || (a.shape < b.shape ? -1 : a.shape > b.shape ? 1 : 0))
    .slice(0, options.limit)
    .map((r) => ({ ...r, share: allMs > 0 ? r.totalMs / allMs : 0 }));
}

function sortKey(by: TopOrder): (r: Omit<TopRow, 'share'>) => number {
  switch (by) {
    case 'total': return (r) => r.totalMs;
    case 'mean': return (r) => r.meanMs;
    case 'calls': return (r) => r.calls;
    case 'rows': return (r) => r.rows;
    case 'p95': return (r) => r.p95Ms ?? -1;
  }
}

function sumSources(rows: readonly ShapeTotals[]): ShapeTotals {
  if (rows.length === 1) return rows[0]!;
  return rows.reduce((a, b) => ({ ...a, calls: a.calls + b.calls, totalMs: a.totalMs + b.totalMs, rows: a.rows + b.rows }));
}

/** A histogram bucket midpoint can fall outside what was observed: keep percentiles within [min, max]. */
function clamp(value: number | null, log: ShapeTotals | null): number | null {
  if (value === null || !log) return value;
  let v = value;
  if (log.maxMs !== null && v > log.maxMs) v = log.maxMs;
  if (log.minMs !== null && v < log.minMs) v = log.minMs;
  return v;
}

/** Human units: 850 µs, 12.3 ms, 4.56 s, 3.2 min, 1.5 h. */
export function renderDurationMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function renderCount(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(1)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)}M`;
  return `${(n / 1e9).toFixed(1)}G`;
}

/** An aligned table, worst first; the query is cut to `queryWidth` characters. */
export function renderTopTable(rows: readonly TopRow[], queryWidth = 90): string {
  if (rows.length === 0) return 'No query shapes in this window.\n';
  const showTarget = new Set(rows.map((r) => r.target)).size > 1;
  const header = ['#', 'total', 'share', 'calls', 'mean', 'p95', 'rows', ...(showTarget ? ['target'] : []), 'shape', 'query'];
  const body = rows.map((r, i) => [
    String(i + 1), renderDurationMs(r.totalMs), `${(r.share * 100).toFixed(1)}%`, renderCount(r.calls), renderDurationMs(r.meanMs),
    renderDurationMs(r.p95Ms), renderCount(r.rows), ...(showTarget ? [r.target] : []), r.shape,
    r.query.length > queryWidth ? `${r.query.slice(0, queryWidth - 1)}…` : r.query,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const leftAligned = new Set([header.length - 1, header.length - 2, ...(showTarget ? [header.length - 3] : [])]);
  const line = (cells: readonly string[]) => cells
    .map((cell, c) => (c === cells.length - 1 ? cell : leftAligned.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
    .join('  ');
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}
