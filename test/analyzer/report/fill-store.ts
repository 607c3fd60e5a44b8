/**
 * A small real store for report tests: two targets (a PostgreSQL one known from logs, a MariaDB one from
 * performance_schema digests plus its slow log), two windows of 24 h, a shape that got 2.5× slower, a new
 * shape carrying HTML/script from a log, and a shape seen long ago that enters the top.
 */
import { createHistogram, encodeHistogram, recordValue } from '../../../agent/aggregate/histogram.js';
import type { Engine, StatementDelta } from '../../../agent/events.js';
import type { ShapeFeatures } from '../../../agent/shape/types.js';
import { openStore, type Db } from '../../../storage/db.js';
import { addStatBuckets } from '../../../storage/sample-repo.js';
import { upsertShapes } from '../../../storage/shapes-repo.js';
import { ensureTarget } from '../../../storage/targets-repo.js';

export const endMs = Date.UTC(2026, 10, 26, 6, 0);
export const hourMs = 3600_000;
export const dayMs = 24 * hourMs;

export const xssQuery = `SELECT '<script>alert(1)</script>' AS a, "\\"><img src=x onerror=alert(2)>" FROM t WHERE note = $1`;

const features: ShapeFeatures = {
  kind: 'select', tables: [], limit: false, offset: false, lock: null, functions: [], writesInCte: false, subqueries: 0, selectInto: false,
};

export interface BucketSpec {
  readonly target: string;
  readonly shape: string;
  readonly source: 'log' | 'pgss' | 'digest';
  readonly bucketMs: number;
  readonly calls: number;
  readonly totalMs: number;
  readonly rows?: number;
  readonly errors?: number;
  /** Log latencies as (value ms, count) pairs: written as the bucket's histogram with its min and max. */
  readonly latenciesMs?: readonly (readonly [number, number])[];
}

export function insertShape(db: Db, id: string, engine: Engine, normalized: string, firstSeenMs: number): void {
  upsertShapes(db, [{ id, engine, normalized, parsed: true, truncated: false, features, firstSeenMs }], firstSeenMs);
}

/**
 * Write one stat bucket: statement statistics through the sampler's addStatBuckets; log rows directly (the
 * ingest writer takes a whole aggregate batch), with the same columns and histogram encoding it writes.
 */
export function insertBucket(db: Db, b: BucketSpec): void {
  const target = db.prepare('SELECT id FROM targets WHERE name = ?').pluck().get(b.target) as number;
  if (b.source !== 'log') {
    addStatBuckets(db, target, b.source, b.bucketMs, new Map([[b.shape, {
      kind: 'delta', intervalStartMs: b.bucketMs - 60_000, intervalEndMs: b.bucketMs, calls: b.calls, totalMs: b.totalMs, rows: b.rows ?? 0,
    } satisfies StatementDelta]]));
    return;
  }
  const hist = createHistogram();
  for (const [valueMs, count] of b.latenciesMs ?? []) recordValue(hist, valueMs, count);
  const values = (b.latenciesMs ?? []).map(([v]) => v);
  db.prepare(`INSERT INTO stat_buckets (target_id, shape_id, source, bucket_ms, calls, total_ms, rows, errors, min_ms, max_ms, hist)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(target, b.shape, b.source, b.bucketMs, b.calls, b.totalMs, b.rows ?? 0, b.errors ?? 0,
    values.length ? Math.min(...values) : null, values.length ? Math.max(...values) : null, values.length ? encodeHistogram(hist) : null);
}

/** The standard report store; `path` ':memory:' unless a subprocess must read it. */
export function fillReportStore(path = ':memory:'): Db {
  const db = openStore(path);
  ensureTarget(db, 'shop', 'postgres', 'postgres://app:secret@127.0.0.1/shop', endMs - 30 * dayMs);
  ensureTarget(db, 'billing', 'mysql', null, endMs - 30 * dayMs);
  insertShape(db, 'a000000000000001', 'postgres', 'SELECT * FROM orders WHERE id = $1', endMs - 30 * dayMs);
  insertShape(db, 'b000000000000002', 'postgres', 'SELECT id, name FROM users WHERE email = $1', endMs - 30 * dayMs);
  insertShape(db, 'c000000000000003', 'postgres', xssQuery, endMs - 3 * hourMs);
  insertShape(db, 'd000000000000004', 'postgres', 'UPDATE stock SET qty = qty - $1 WHERE sku = $2', endMs - 20 * dayMs);
  insertShape(db, 'e000000000000005', 'mysql', 'SELECT * FROM invoices WHERE customer_id = ? ORDER BY created_at DESC LIMIT ?', endMs - 30 * dayMs);
  const now = endMs - dayMs, before = endMs - 2 * dayMs;
  // shop, from logs. A: 2 ms → 5 ms mean (2.5×), spread over two hours of the window.
  insertBucket(db, { target: 'shop', shape: 'a000000000000001', source: 'log', bucketMs: before + 3 * hourMs, calls: 1000, totalMs: 2000, rows: 1000 });
  insertBucket(db, { target: 'shop', shape: 'a000000000000001', source: 'log', bucketMs: now + 2 * hourMs, calls: 600, totalMs: 3000, rows: 600,
    latenciesMs: [[4, 560], [19, 40]] });
  insertBucket(db, { target: 'shop', shape: 'a000000000000001', source: 'log', bucketMs: now + 20 * hourMs + 5 * 60_000, calls: 400, totalMs: 2000, rows: 400, errors: 2,
    latenciesMs: [[4, 380], [23, 20]] });
  // B: steady, 1 ms → 1.2 ms.
  insertBucket(db, { target: 'shop', shape: 'b000000000000002', source: 'log', bucketMs: before + 5 * hourMs, calls: 500, totalMs: 500, rows: 500 });
  insertBucket(db, { target: 'shop', shape: 'b000000000000002', source: 'log', bucketMs: now + 5 * hourMs, calls: 500, totalMs: 600, rows: 500 });
  // C: new in this window (carries markup from a log).
  insertBucket(db, { target: 'shop', shape: 'c000000000000003', source: 'log', bucketMs: endMs - 3 * hourMs, calls: 3, totalMs: 90, rows: 3 });
  // D: seen 20 days ago, not in the previous window, now in the top.
  insertBucket(db, { target: 'shop', shape: 'd000000000000004', source: 'log', bucketMs: endMs - 20 * dayMs, calls: 10, totalMs: 10 });
  insertBucket(db, { target: 'shop', shape: 'd000000000000004', source: 'log', bucketMs: now + 23 * hourMs, calls: 50, totalMs: 400, rows: 50 });
  // billing: digests (authoritative for calls/time) and the slow log (only slow calls, plus errors).
  insertBucket(db, { target: 'billing', shape: 'e000000000000005', source: 'digest', bucketMs: before + 6 * hourMs, calls: 2000, totalMs: 4000, rows: 20000 });
  insertBucket(db, { target: 'billing', shape: 'e000000000000005', source: 'digest', bucketMs: now + 6 * hourMs, calls: 2000, totalMs: 4400, rows: 20000 });
  insertBucket(db, { target: 'billing', shape: 'e000000000000005', source: 'log', bucketMs: now + 6 * hourMs, calls: 20, totalMs: 1500, rows: 200, errors: 1 });
  return db;
}
