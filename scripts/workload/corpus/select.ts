/**
 * Keeps a corpus small and representative: exact duplicates dropped, at most `perShape` examples of each
 * shape per source and protocol (so a pgbench run of 10,000 updates does not drown the rest, and its
 * `-M prepared` run still shows up next to the simple one), capped at `max` lines. Pure.
 */
import type { Engine } from '../../../agent/events.js';
import { fingerprint } from '../../../agent/shape/index.js';

/** Statements qprof or the capture itself sent: never part of the corpus. */
export function isCaptureNoise(sql: string): boolean {
  return /\/\*\s*qprof\s*\*\//i.test(sql)
    || /\b(log_min_duration_statement|long_query_time|slow_query_log)\b/i.test(sql)
    || /\b(pg_stat_statements|performance_schema)\b/i.test(sql);
}

export function selectExamples<T extends { sql: string; params?: readonly string[]; source?: string; protocol?: string }>(items: readonly T[], engine: Engine, perShape: number, max: number): { kept: T[]; shapes: number } {
  const seen = new Set<string>();
  const perId = new Map<string, number>();
  const kept: T[] = [];
  for (const item of items) {
    if (isCaptureNoise(item.sql)) continue;
    const key = JSON.stringify([item.sql, item.params ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    const protocol = item.protocol === undefined ? '' : item.protocol === 'simple' || item.protocol === '<unnamed>' ? item.protocol : 'named';
    const id = `${fingerprint(item.sql, engine).id}/${item.source ?? ''}/${protocol}`;
    const n = perId.get(id) ?? 0;
    perId.set(id, n + 1);
    if (n >= perShape || kept.length >= max) continue;
    kept.push(item);
  }
  return { kept, shapes: new Set([...perId.keys()].map((k) => k.split('/')[0])).size };
}
