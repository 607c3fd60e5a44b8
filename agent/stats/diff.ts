/**
 * Two cumulative readings of a statement-statistics table (pg_stat_statements, performance_schema digests)
 * → per-entry deltas over the interval. Pure.
 *
 * Guarantees: a delta is never negative and nothing is counted twice. When a counter cannot be trusted
 * (the table or the entry was reset in between), the delta is the entry's current value: everything it
 * holds happened after the reset, which happened after the previous reading. What ran between the previous
 * reading and a reset (or an eviction) is lost and reported, never guessed.
 */
import type { StatementCounters, StatementDelta } from '../events.js';

/** One entry of a reading: its cumulative counters and, where the server has one, when the entry started. */
export interface EntryReading {
  readonly counters: StatementCounters;
  /**
   * Creation time of the entry as the server reports it (pg_stat_statements 1.11 `stats_since`,
   * performance_schema `FIRST_SEEN`). A different value means the entry was dropped and re-created.
   */
  readonly since?: string | null;
}

/** A whole reading, taken at `takenMs` (epoch ms). */
export interface Reading {
  readonly takenMs: number;
  /**
   * Changes when the whole table was reset: pg_stat_statements_info.stats_reset, or the MySQL server start
   * (performance_schema lives in memory). `null` when the server has no such marker.
   */
  readonly resetMarker: string | null;
  /** Entries evicted since the last reset (pg_stat_statements_info.dealloc, MySQL digest_lost), when known. */
  readonly evictedTotal: number | null;
  readonly entries: ReadonlyMap<string, EntryReading>;
}

export interface DiffResult {
  /** Only entries that changed; keyed like the readings. */
  readonly deltas: Map<string, StatementDelta>;
  /** The table was reset between the readings (every current value counts as new). */
  readonly tableReset: boolean;
  /** Entries whose counters went down or whose `since` changed: reset or evicted and re-created. */
  readonly entriesReset: number;
  /** Entries of the previous reading missing now (evicted, or reset): their last calls are lost. */
  readonly entriesGone: number;
  /** Evictions the server counted between the readings (null when it does not count them). */
  readonly evicted: number | null;
}

const optionalFields = [
  'rowsExamined', 'noIndexUsed', 'noGoodIndexUsed', 'tmpDiskTables', 'sharedBlksHit', 'sharedBlksRead',
  'tempBlksWritten', 'planMs',
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** True when any counter of `current` is below `previous`: the entry restarted from zero. */
function wentDown(previous: StatementCounters, current: StatementCounters): boolean {
  if (current.calls < previous.calls || current.totalMs < previous.totalMs || current.rows < previous.rows) return true;
  return optionalFields.some((f) => (current[f] ?? 0) < (previous[f] ?? 0) && current[f] !== undefined);
}

function subtract(current: StatementCounters, previous: StatementCounters | null, startMs: number, endMs: number): StatementDelta {
  const delta: Mutable<StatementDelta> = {
    kind: 'delta', intervalStartMs: startMs, intervalEndMs: endMs,
    calls: current.calls - (previous?.calls ?? 0),
    // Float sums: clamp the rounding noise of an unchanged total to zero.
    totalMs: Math.max(0, current.totalMs - (previous?.totalMs ?? 0)),
    rows: current.rows - (previous?.rows ?? 0),
  };
  for (const field of optionalFields) {
    const value = current[field];
    if (value !== undefined) delta[field] = Math.max(0, value - (previous?.[field] ?? 0));
  }
  return delta;
}

function isEmpty(delta: StatementDelta): boolean {
  return delta.calls === 0 && delta.totalMs === 0 && delta.rows === 0 && !(delta.planMs && delta.planMs > 0);
}

/**
 * Deltas between `previous` and `current`. With no previous reading (the first sample), nothing is
 * returned: the current reading becomes the baseline, since its counters cover an unknown past.
 */
export function diffReadings(previous: Reading | null, current: Reading): DiffResult {
  const deltas = new Map<string, StatementDelta>();
  if (previous === null) {
    return { deltas, tableReset: false, entriesReset: 0, entriesGone: 0, evicted: null };
  }
  const tableReset = previous.resetMarker !== null && current.resetMarker !== null && previous.resetMarker !== current.resetMarker;
  const startMs = previous.takenMs;
  const endMs = current.takenMs;
  let entriesReset = 0;
  for (const [key, entry] of current.entries) {
    const before = tableReset ? undefined : previous.entries.get(key);
    let base: StatementCounters | null = before?.counters ?? null;
    if (before && ((before.since ?? null) !== (entry.since ?? null) || wentDown(before.counters, entry.counters))) {
      base = null;
      entriesReset++;
    }
    const delta = subtract(entry.counters, base, startMs, endMs);
    if (!isEmpty(delta)) deltas.set(key, delta);
  }
  let entriesGone = 0;
  for (const key of previous.entries.keys()) if (!current.entries.has(key)) entriesGone++;
  let evicted: number | null = null;
  if (previous.evictedTotal !== null && current.evictedTotal !== null) {
    evicted = tableReset || current.evictedTotal < previous.evictedTotal ? current.evictedTotal : current.evictedTotal - previous.evictedTotal;
  }
  return { deltas, tableReset, entriesReset, entriesGone: tableReset ? previous.entries.size : entriesGone, evicted };
}

/** Add `b` into `a` (two deltas of one shape over the same interval: several queryids, users or schemas). */
export function addDeltas(a: StatementDelta, b: StatementDelta): StatementDelta {
  const sum: Mutable<StatementDelta> = {
    kind: 'delta', intervalStartMs: Math.min(a.intervalStartMs, b.intervalStartMs),
    intervalEndMs: Math.max(a.intervalEndMs, b.intervalEndMs),
    calls: a.calls + b.calls, totalMs: a.totalMs + b.totalMs, rows: a.rows + b.rows,
  };
  for (const field of optionalFields) {
    if (a[field] !== undefined || b[field] !== undefined) sum[field] = (a[field] ?? 0) + (b[field] ?? 0);
  }
  return sum;
}
