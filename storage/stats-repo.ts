/**
 * Read model of stat_buckets for `top` and reports: per (target, shape, source) totals over a window, with
 * the latency histograms of log buckets merged.
 */
import type { Engine } from '../agent/events.js';
import { decodeHistogram, mergeInto, type Histogram } from '../agent/aggregate/histogram.js';
import type { Db } from './db.js';

export interface ShapeTotals {
  readonly targetId: number;
  readonly target: string;
  readonly engine: Engine;
  readonly shapeId: string;
  readonly normalized: string;
  /** 'log' | 'pgss' | 'digest'. Sources overlap: pick one per shape, never add them up. */
  readonly source: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly rows: number;
  readonly rowsExamined: number | null;
  readonly errors: number;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly lockWaitMs: number;
  readonly tempBytes: number;
  /** Merged latency histogram (log buckets only), else null. */
  readonly hist: Histogram | null;
}

export interface TotalsWindow {
  /** Inclusive start of the window, epoch ms (-Infinity for all). */
  readonly sinceMs: number;
  /** Exclusive end, epoch ms. */
  readonly untilMs: number;
  /** Only this target (id). */
  readonly targetId?: number;
}

/** Start of the newest stored bucket (of one target, or of all), or null for an empty store. */
export function readNewestBucketMs(db: Db, targetId?: number): number | null {
  const row = (targetId === undefined
    ? db.prepare('SELECT max(bucket_ms) AS newest FROM stat_buckets').get()
    : db.prepare('SELECT max(bucket_ms) AS newest FROM stat_buckets WHERE target_id = ?').get(targetId)) as { newest: number | null };
  return row.newest;
}

/** Open ends of a window (±Infinity) as the widest epoch-ms dates, the bounds bound into SQL. */
function sqlBounds(window: TotalsWindow): { since: number; until: number } {
  return { since: Number.isFinite(window.sinceMs) ? window.sinceMs : -8.64e15, until: Number.isFinite(window.untilMs) ? window.untilMs : 8.64e15 };
}

/** One bucket of one shape from a statement-statistics source ('pgss' or 'digest'), for detectors that need the time series. */
export interface StatsBucket {
  readonly shapeId: string;
  readonly bucketMs: number;
  readonly calls: number;
  readonly rows: number;
  readonly totalMs: number;
}

export function readStatsBuckets(db: Db, window: TotalsWindow & { readonly targetId: number }): StatsBucket[] {
  const { since, until } = sqlBounds(window);
  return db.prepare(`SELECT shape_id AS shapeId, bucket_ms AS bucketMs, calls, rows, total_ms AS totalMs FROM stat_buckets
      WHERE target_id = ? AND source IN ('pgss', 'digest') AND bucket_ms >= ? AND bucket_ms < ?`)
    .all(window.targetId, since, until) as StatsBucket[];
}

interface TotalsRow {
  targetId: number; target: string; engine: Engine; shapeId: string; normalized: string; source: string; calls: number;
  totalMs: number; rows: number; rowsExamined: number | null; errors: number; minMs: number | null; maxMs: number | null;
  lockWaitMs: number; tempBytes: number;
}

export function readShapeTotals(db: Db, window: TotalsWindow): ShapeTotals[] {
  const { since, until } = sqlBounds(window);
  const targetFilter = window.targetId === undefined ? '' : 'AND b.target_id = @target';
  const params = { since, until, target: window.targetId ?? null };
  const rows = db.prepare(`SELECT b.target_id AS targetId, t.name AS target, s.engine AS engine, b.shape_id AS shapeId,
      s.normalized AS normalized, b.source AS source, sum(b.calls) AS calls, sum(b.total_ms) AS totalMs, sum(b.rows) AS rows,
      sum(b.rows_examined) AS rowsExamined, sum(b.errors) AS errors, min(b.min_ms) AS minMs, max(b.max_ms) AS maxMs,
      sum(b.lock_wait_ms) AS lockWaitMs, sum(b.temp_bytes) AS tempBytes
    FROM stat_buckets b JOIN targets t ON t.id = b.target_id JOIN shapes s ON s.id = b.shape_id
    WHERE b.bucket_ms >= @since AND b.bucket_ms < @until ${targetFilter}
    GROUP BY b.target_id, b.shape_id, b.source`).all(params) as TotalsRow[];
  const hists = new Map<string, Histogram>();
  const histRows = db.prepare(`SELECT b.target_id AS targetId, b.shape_id AS shapeId, b.source AS source, b.hist AS hist
    FROM stat_buckets b WHERE b.hist IS NOT NULL AND b.bucket_ms >= @since AND b.bucket_ms < @until ${targetFilter}`)
    .iterate(params) as Iterable<{ targetId: number; shapeId: string; source: string; hist: Buffer }>;
  for (const row of histRows) {
    const key = `${row.targetId}\u0000${row.shapeId}\u0000${row.source}`;
    const decoded = decodeHistogram(row.hist);
    const existing = hists.get(key);
    if (existing) mergeInto(existing, decoded);
    else hists.set(key, decoded);
  }
  return rows.map((r) => ({ ...r, hist: hists.get(`${r.targetId}\u0000${r.shapeId}\u0000${r.source}`) ?? null }));
}

/**
 * Per (target, shape), the totals of one source only: the one with most calls (samples over logs when both
 * cover the shape), never added up. For advisors that need one calls/time figure per shape.
 */
export function readOneSourceTotals(db: Db, window: TotalsWindow): ShapeTotals[] {
  const best = new Map<string, ShapeTotals>();
  for (const row of readShapeTotals(db, window)) {
    const key = `${row.targetId}\u0000${row.shapeId}`;
    const seen = best.get(key);
    if (!seen || row.calls > seen.calls) best.set(key, row);
  }
  return [...best.values()];
}
