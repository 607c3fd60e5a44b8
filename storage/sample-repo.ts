/**
 * Statement-statistics samples in the store: per-shape deltas added into stat_buckets (source 'pgss' or
 * 'digest') and the sampler's previous reading in sampler_state. Call the writers inside one transaction
 * (inTransaction) so a crash never leaves deltas without the state that produced them, or the reverse.
 */
import type { SessionChunk } from '../agent/aggregate/session-chunks.js';
import type { StatementDelta } from '../agent/events.js';
import type { Db } from './db.js';

export type StatsSource = 'pgss' | 'digest';

export function readSamplerState(db: Db, targetId: number, source: string): { takenMs: number; json: string } | null {
  const row = db.prepare('SELECT taken_ms AS takenMs, state_json AS json FROM sampler_state WHERE target_id = ? AND source = ?')
    .get(targetId, source) as { takenMs: number; json: string } | undefined;
  return row ?? null;
}

export function writeSamplerState(db: Db, targetId: number, source: string, takenMs: number, json: string): void {
  db.prepare(`INSERT INTO sampler_state (target_id, source, taken_ms, state_json) VALUES (?, ?, ?, ?)
    ON CONFLICT (target_id, source) DO UPDATE SET taken_ms = excluded.taken_ms, state_json = excluded.state_json`)
    .run(targetId, source, takenMs, json);
}

/**
 * Add each shape's delta into the bucket of `bucketMs` (the bucket holding the end of the interval: a
 * sample reports what ran since the previous one). Rows already there (two samples in one minute) grow.
 */
export function addStatBuckets(db: Db, targetId: number, source: StatsSource, bucketMs: number,
  deltas: ReadonlyMap<string, StatementDelta>): void {
  const stmt = db.prepare(`INSERT INTO stat_buckets (target_id, shape_id, source, bucket_ms, calls, total_ms, rows,
      rows_examined, no_index_used, no_good_index_used, tmp_disk_tables, shared_blks_hit, shared_blks_read, temp_bytes, plan_ms)
    VALUES (@target, @shape, @source, @bucket, @calls, @totalMs, @rows, @rowsExamined, @noIndexUsed, @noGoodIndexUsed,
      @tmpDiskTables, @sharedBlksHit, @sharedBlksRead, @tempBytes, @planMs)
    ON CONFLICT (target_id, shape_id, source, bucket_ms) DO UPDATE SET -- coalesce: a NULL (not measured) side adds nothing
      calls = calls + excluded.calls, total_ms = total_ms + excluded.total_ms, rows = rows + excluded.rows,
      rows_examined = coalesce(rows_examined + excluded.rows_examined, rows_examined, excluded.rows_examined),
      no_index_used = coalesce(no_index_used + excluded.no_index_used, no_index_used, excluded.no_index_used),
      no_good_index_used = coalesce(no_good_index_used + excluded.no_good_index_used, no_good_index_used, excluded.no_good_index_used),
      tmp_disk_tables = coalesce(tmp_disk_tables + excluded.tmp_disk_tables, tmp_disk_tables, excluded.tmp_disk_tables),
      shared_blks_hit = coalesce(shared_blks_hit + excluded.shared_blks_hit, shared_blks_hit, excluded.shared_blks_hit),
      shared_blks_read = coalesce(shared_blks_read + excluded.shared_blks_read, shared_blks_read, excluded.shared_blks_read),
      temp_bytes = temp_bytes + excluded.temp_bytes,
      plan_ms = coalesce(plan_ms + excluded.plan_ms, plan_ms, excluded.plan_ms)`);
  for (const [shape, d] of deltas) {
    stmt.run({
      target: targetId, shape, source, bucket: bucketMs, calls: d.calls, totalMs: d.totalMs, rows: d.rows,
      rowsExamined: d.rowsExamined ?? null, noIndexUsed: d.noIndexUsed ?? null, noGoodIndexUsed: d.noGoodIndexUsed ?? null,
      tmpDiskTables: d.tmpDiskTables ?? null, sharedBlksHit: d.sharedBlksHit ?? null, sharedBlksRead: d.sharedBlksRead ?? null,
      // pg_stat_statements counts temp blocks of 8 KiB (BLCKSZ).
      tempBytes: (d.tempBlksWritten ?? 0) * 8192, planMs: d.planMs ?? null,
    });
  }
}

/** Per-session statement sequences read from a statement history (MySQL), in the ingest's packed format. */
export function appendSessionChunks(db: Db, targetId: number, chunks: readonly SessionChunk[]): void {
  const stmt = db.prepare(`INSERT INTO session_chunks (target_id, session, user_name, database, application, start_ms, end_ms, count, shape_ids, packed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const c of chunks) {
    if (c.count === 0) continue;
    stmt.run(targetId, c.session, c.user, c.database, c.application, c.startMs, c.endMs, c.count, JSON.stringify(c.shapeIds),
      Buffer.from(c.packed.buffer, c.packed.byteOffset, c.packed.byteLength));
  }
}
