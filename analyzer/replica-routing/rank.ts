/**
 * Load share: the primary time each shape, each table and all replica-routable shapes would move. Pure.
 */
import type { LoadSummary, RouteAdvice } from './types.js';

export function mapLoadSummary(advice: readonly RouteAdvice[], totalMs: number): LoadSummary {
  const share = (ms: number) => (totalMs > 0 ? ms / totalMs : 0);
  let replicaMs = 0;
  let conditionalMs = 0;
  const byTable = new Map<string, number>();
  for (const a of advice) {
    if (a.route === 'conditional') conditionalMs += a.totalMs;
    if (a.route !== 'replica') continue;
    replicaMs += a.totalMs;
    const tables = a.tables.length > 0 ? a.tables : ['(no table)'];
    for (const t of tables) byTable.set(t, (byTable.get(t) ?? 0) + a.totalMs / tables.length);
  }
  return {
    totalMs, replicaMs, replicaShare: share(replicaMs), conditionalMs, conditionalShare: share(conditionalMs),
    byTable: [...byTable].map(([table, ms]) => ({ table, replicaMs: ms, share: share(ms) })).sort((a, b) => b.replicaMs - a.replicaMs || a.table.localeCompare(b.table)),
  };
}

/** Worst first for people: replica candidates by time, then conditional, then primary. */
export function sortAdvice(advice: readonly RouteAdvice[]): RouteAdvice[] {
  const order = { replica: 0, conditional: 1, primary: 2 } as const;
  return [...advice].sort((a, b) => order[a.route] - order[b.route] || b.totalMs - a.totalMs || a.shape.localeCompare(b.shape));
}
