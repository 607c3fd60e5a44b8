/**
 * performance_schema rows → keyed cumulative counters and statement events. Pure. Timer columns are
 * picoseconds (https://dev.mysql.com/doc/refman/8.0/en/performance-schema-timing.html); big integers
 * arrive as strings.
 */
import type { StatementCounters, StatementEvent } from '../events.js';
import type { SampledEntry } from '../stats/sample-state.js';

const psPerMs = 1e9;

function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value);
  return 0;
}

/** Key of a digest entry: `schema:digest` (the NULL schema as an empty string). */
export function digestKey(schema: unknown, digest: unknown): string {
  return `${schema === null || schema === undefined ? '' : String(schema)}:${String(digest)}`;
}

export function mapDigestRow(row: Record<string, unknown>): SampledEntry {
  const counters: StatementCounters = {
    kind: 'cumulative', calls: num(row.calls), totalMs: num(row.timer_ps) / psPerMs,
    // pg_stat_statements counts rows returned or affected; so do we, to keep one meaning of `rows`.
    rows: num(row.rows_sent) + num(row.rows_affected), rowsExamined: num(row.rows_examined),
    noIndexUsed: num(row.no_index_used), noGoodIndexUsed: num(row.no_good_index_used), tmpDiskTables: num(row.tmp_disk_tables),
  };
  return {
    key: digestKey(row.schema_name, row.digest), text: typeof row.digest_text === 'string' ? row.digest_text : null,
    counters, since: row.first_seen === null || row.first_seen === undefined ? null : String(row.first_seen),
  };
}

export function mapDigestRows(rows: readonly unknown[]): SampledEntry[] {
  return rows.map((r) => mapDigestRow(r as Record<string, unknown>));
}

/** `SHOW GLOBAL STATUS` rows → name → number. */
export function mapStatus(rows: readonly unknown[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows as Array<Record<string, unknown>>) out.set(String(row.Variable_name).toLowerCase(), num(row.Value));
  return out;
}

/** Where performance_schema time 0 lies in epoch milliseconds, from one (timer, wall clock) pair. */
export function timerOriginMs(anchorTimerPs: number, anchorNowSeconds: number): number {
  return anchorNowSeconds * 1000 - anchorTimerPs / psPerMs;
}

export interface HistoryResult {
  readonly events: StatementEvent[];
  /** Highest event id per thread after this batch: the de-duplication state for the next read. */
  readonly lastEventIds: Map<string, number>;
}

/**
 * History rows → statement events, skipping events already handed out (event id ≤ the thread's last seen)
 * and qprof's own statements. Threads absent from the ring buffer are forgotten (their ids never return).
 */
export function mapHistoryRows(rows: readonly unknown[], lastEventIds: ReadonlyMap<string, number>, originMs: number): HistoryResult {
  const events: StatementEvent[] = [];
  const next = new Map<string, number>();
  for (const r of rows as Array<Record<string, unknown>>) {
    const thread = String(r.thread_id);
    const eventId = num(r.event_id);
    next.set(thread, Math.max(next.get(thread) ?? 0, lastEventIds.get(thread) ?? 0, eventId));
    if (eventId <= (lastEventIds.get(thread) ?? 0)) continue;
    const sql = String(r.sql_text);
    if (sql.trimStart().startsWith('/* qprof */')) continue;
    const endPs = num(r.timer_start) + num(r.timer_wait);
    events.push({
      kind: 'statement', engine: 'mysql', line: 0, timeMs: Math.round(originMs + endPs / psPerMs), session: thread,
      sql, durationMs: num(r.timer_wait) / psPerMs, rowsSent: num(r.rows_sent), rowsExamined: num(r.rows_examined),
      rowsAffected: num(r.rows_affected), lockMs: num(r.lock_time) / psPerMs,
      fullScan: num(r.no_index_used) > 0, tmpTable: num(r.tmp_disk_tables) > 0,
      ...(typeof r.user === 'string' ? { user: r.user } : {}),
      ...(typeof r.current_schema === 'string' ? { database: r.current_schema } : {}),
      ...(typeof r.host === 'string' ? { client: r.host } : {}),
    });
  }
  events.sort((a, b) => a.timeMs - b.timeMs);
  return { events, lastEventIds: next };
}
