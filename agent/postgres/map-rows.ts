/**
 * pg_stat_statements rows → keyed cumulative counters. Pure: the rows come from agent/postgres/sampler.ts.
 * bigint columns arrive as strings from the driver; every number goes through `num`.
 */
import type { StatementCounters } from '../events.js';
import type { EntryReading } from '../stats/diff.js';

/** One pg_stat_statements entry as qprof keeps it. */
export interface PgssEntry extends EntryReading {
  /** `queryid:userid:dbid:t|f` (toplevel): the identity of an entry in pg_stat_statements. */
  readonly key: string;
  readonly queryid: string;
  /** Normalized query text (`$1` placeholders); null when it was not fetched. */
  readonly query: string | null;
}

export interface PgssInfo {
  readonly dealloc: number | null;
  readonly statsReset: string | null;
}

export function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value);
  return 0;
}

function optionalNum(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : num(value);
}

export function mapPgssRow(row: Record<string, unknown>): PgssEntry | null {
  // Other users' statements without pg_read_all_stats come with a NULL queryid (text <insufficient privilege>): no shape.
  if (row.queryid === null || row.queryid === undefined) return null;
  const toplevel = row.toplevel === false || row.toplevel === 'f' ? 'f' : 't';
  const counters: StatementCounters = {
    kind: 'cumulative', calls: num(row.calls), totalMs: num(row.total_ms), rows: num(row.rows),
    sharedBlksHit: optionalNum(row.shared_blks_hit), sharedBlksRead: optionalNum(row.shared_blks_read),
    tempBlksWritten: optionalNum(row.temp_blks_written), planMs: optionalNum(row.plan_ms),
  };
  return {
    key: `${String(row.queryid)}:${String(row.userid)}:${String(row.dbid)}:${toplevel}`,
    queryid: String(row.queryid),
    query: typeof row.query === 'string' ? row.query : null,
    counters,
    since: typeof row.since === 'string' ? row.since : null,
  };
}

export function mapPgssRows(rows: readonly unknown[]): PgssEntry[] {
  const out: PgssEntry[] = [];
  for (const row of rows) {
    const entry = mapPgssRow(row as Record<string, unknown>);
    if (entry) out.push(entry);
  }
  return out;
}

export function mapPgssInfo(row: Record<string, unknown> | undefined): PgssInfo {
  if (!row) return { dealloc: null, statsReset: null };
  return { dealloc: optionalNum(row.dealloc) ?? null, statsReset: typeof row.stats_reset === 'string' ? row.stats_reset : null };
}

/**
 * qprof's own statements: they start with the marker (pg_stat_statements keeps leading comments), or the
 * fingerprint found a `qprof` tag.
 */
export function isOwnStatement(text: string, tags: Readonly<Record<string, string>>): boolean {
  return text.trimStart().startsWith('/* qprof */') || tags.qprof === 'true';
}
