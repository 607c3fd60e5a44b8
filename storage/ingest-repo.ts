/**
 * What log ingestion writes: one flush = one transaction holding new shapes, bucket aggregates merged into
 * existing rows (histograms merged), session chunks, tags, plan summaries, opt-in samples and the
 * checkpoint that says where in the file this data ends. A crash before COMMIT loses the whole flush and
 * its checkpoint together, so a re-run neither loses nor double-counts anything.
 */
import { mergeEncoded, encodeHistogram, subtractEncoded } from '../agent/aggregate/histogram.js';
import type { IngestFlush, IngestSink } from '../agent/ingest/ingest-file.js';
import type { Engine } from '../agent/events.js';
import type { Checkpoint } from '../agent/logs/reader.js';
import { inTransaction, type Db } from './db.js';
import { readShapeIds, upsertShapes } from './shapes-repo.js';

export type { IngestFlush, NewShape } from '../agent/ingest/ingest-file.js';

/** Register the SQL functions the upserts use (per connection; idempotent). */
export function registerIngestFunctions(db: Db): void {
  db.function('qprof_hist_merge', { deterministic: true }, (a: unknown, b: unknown) => {
    const merged = mergeEncoded(a as Uint8Array | null, b as Uint8Array | null);
    return merged ? Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength) : null;
  });
  db.function('qprof_hist_subtract', { deterministic: true }, (a: unknown, b: unknown) => {
    const left = subtractEncoded(a as Uint8Array | null, b as Uint8Array | null);
    return left ? Buffer.from(left.buffer, left.byteOffset, left.byteLength) : null;
  });
}

/** What a provisional tail added, so that it can be subtracted (see ingest_tails in migration 002). */
interface TailRecord {
  buckets: { shapeId: string; bucketMs: number; calls: number; totalMs: number; rows: number; rowsExamined: number | null;
    errors: number; lockWaitMs: number; tempBytes: number; fullScans: number; tmpTables: number; hist: string | null }[];
  sessionIds: number[];
  sampleIds: number[];
  tags: (readonly [string, string, string, number])[];
  plans: { shapeId: string; nodeTypes: string; seqScans: string; count: number }[];
  /** Shapes the tail stored first (a statement cut short at EOF has a shape of its own). */
  newShapeIds?: string[];
}

/** Subtract a tail; returns the ids of the shapes it had introduced that nothing uses any more (deleted). */
function revertTail(db: Db, targetId: number, tail: TailRecord, inUse: ReadonlySet<string>): string[] {
  const bucket = db.prepare(`UPDATE stat_buckets SET calls = calls - @calls, total_ms = round(total_ms - @totalMs, 3),
      rows = rows - @rows, rows_examined = CASE WHEN @rowsExamined IS NULL THEN rows_examined ELSE rows_examined - @rowsExamined END,
      errors = errors - @errors, lock_wait_ms = round(lock_wait_ms - @lockMs, 3), temp_bytes = temp_bytes - @tempBytes,
      full_scans = CASE WHEN @fullScans = 0 THEN full_scans ELSE full_scans - @fullScans END,
      tmp_tables = CASE WHEN @tmpTables = 0 THEN tmp_tables ELSE tmp_tables - @tmpTables END,
      hist = qprof_hist_subtract(hist, @hist)
    WHERE target_id = @target AND shape_id = @shape AND source = 'log' AND bucket_ms = @bucket`);
  for (const b of tail.buckets) {
    bucket.run({
      target: targetId, shape: b.shapeId, bucket: b.bucketMs, calls: b.calls, totalMs: b.totalMs, rows: b.rows,
      rowsExamined: b.rowsExamined, errors: b.errors, lockMs: b.lockWaitMs, tempBytes: b.tempBytes, fullScans: b.fullScans,
      tmpTables: b.tmpTables, hist: b.hist === null ? null : Buffer.from(b.hist, 'base64'),
    });
  }
  db.prepare(`DELETE FROM stat_buckets WHERE target_id = ? AND source = 'log' AND calls = 0 AND errors = 0 AND lock_wait_ms = 0
    AND temp_bytes = 0`).run(targetId);
  const session = db.prepare('DELETE FROM session_chunks WHERE id = ?');
  for (const id of tail.sessionIds) session.run(id);
  const sample = db.prepare('DELETE FROM samples WHERE rowid = ?');
  for (const id of tail.sampleIds) sample.run(id);
  const tag = db.prepare('UPDATE shape_tags SET count = count - ? WHERE target_id = ? AND shape_id = ? AND tag = ? AND value = ?');
  for (const [shapeId, name, value, count] of tail.tags) tag.run(count, targetId, shapeId, name, value);
  db.prepare('DELETE FROM shape_tags WHERE target_id = ? AND count <= 0').run(targetId);
  const plan = db.prepare('UPDATE shape_plans SET count = count - ? WHERE target_id = ? AND shape_id = ? AND node_types = ? AND seq_scans = ?');
  for (const p of tail.plans) plan.run(p.count, targetId, p.shapeId, p.nodeTypes, p.seqScans);
  db.prepare('DELETE FROM shape_plans WHERE target_id = ? AND count <= 0').run(targetId);
  const deleted: string[] = [];
  const unused = db.prepare(`DELETE FROM shapes WHERE id = @id AND NOT EXISTS (SELECT 1 FROM stat_buckets WHERE shape_id = @id)
    AND NOT EXISTS (SELECT 1 FROM samples WHERE shape_id = @id) AND NOT EXISTS (SELECT 1 FROM shape_tags WHERE shape_id = @id)
    AND NOT EXISTS (SELECT 1 FROM shape_plans WHERE shape_id = @id)`);
  for (const id of tail.newShapeIds ?? []) {
    if (!inUse.has(id) && unused.run({ id }).changes > 0) deleted.push(id);
  }
  return deleted;
}

/** Write one flush in ONE transaction, checkpoint included. Returns the ids of shapes a reverted tail removed. */
export function writeIngestFlush(db: Db, targetId: number, flush: IngestFlush): string[] {
  registerIngestFunctions(db);
  // Every row written here references a shape or target stored before it in this same transaction; checking
  // that per row cost ~40% of the write time (measured on 36k bucket rows), so this connection skips it here.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    return inTransaction(db, () => writeFlushRows(db, targetId, flush));
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}

function writeFlushRows(db: Db, targetId: number, flush: IngestFlush): string[] {
  const { batch } = flush;
  const path = flush.checkpoint?.path ?? '';
  let removedShapes: string[] = [];
  if (flush.checkpoint) moveSupersededCheckpoint(db, targetId, path, flush.checkpoint.fileId);
  if (flush.previousTail) {
    const { action, path: tailPath } = flush.previousTail;
    const row = db.prepare('SELECT json FROM ingest_tails WHERE target_id = ? AND path = ?').get(targetId, tailPath) as { json: string } | undefined;
    const inUse = new Set(batch.shapes.map((shape) => shape.fingerprint.id));
    if (row && action === 'revert') removedShapes = revertTail(db, targetId, JSON.parse(row.json) as TailRecord, inUse);
    if (row) db.prepare('DELETE FROM ingest_tails WHERE target_id = ? AND path = ?').run(targetId, tailPath);
  }
  const tail: TailRecord | null = flush.tail
    ? { buckets: [], sessionIds: [], sampleIds: [], tags: [...batch.tags], plans: [], newShapeIds: flush.newShapes.map((n) => n.fingerprint.id) }
    : null;
  upsertShapes(db, flush.newShapes.map((s) => ({
    id: s.fingerprint.id, engine: flush.engine, normalized: s.fingerprint.normalized, parsed: s.description.parsed,
    truncated: s.fingerprint.truncated, features: s.description.features, firstSeenMs: s.firstSeenMs,
  })), 0);
  const seen = db.prepare(`UPDATE shapes SET first_seen_ms = min(first_seen_ms, ?), last_seen_ms = max(last_seen_ms, ?) WHERE id = ?`);
  for (const shape of batch.shapes) seen.run(shape.firstSeenMs, shape.lastSeenMs, shape.fingerprint.id);

  const bucket = db.prepare(`INSERT INTO stat_buckets (target_id, shape_id, source, bucket_ms, calls, total_ms, min_ms, max_ms,
      rows, rows_examined, errors, lock_wait_ms, temp_bytes, full_scans, tmp_tables, hist)
    VALUES (?, ?, 'log', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (target_id, shape_id, source, bucket_ms) DO UPDATE SET
      calls = calls + excluded.calls,
      -- whole microseconds, as the aggregator sums them: totals stay exact whatever the flush boundaries
      total_ms = round(total_ms + excluded.total_ms, 3),
      min_ms = coalesce(min(min_ms, excluded.min_ms), min_ms, excluded.min_ms),
      max_ms = coalesce(max(max_ms, excluded.max_ms), max_ms, excluded.max_ms),
      rows = rows + excluded.rows,
      rows_examined = coalesce(rows_examined + excluded.rows_examined, rows_examined, excluded.rows_examined),
      errors = errors + excluded.errors,
      lock_wait_ms = round(lock_wait_ms + excluded.lock_wait_ms, 3),
      temp_bytes = temp_bytes + excluded.temp_bytes,
      full_scans = coalesce(full_scans + excluded.full_scans, full_scans, excluded.full_scans),
      tmp_tables = coalesce(tmp_tables + excluded.tmp_tables, tmp_tables, excluded.tmp_tables),
      hist = qprof_hist_merge(hist, excluded.hist)`);
  for (const b of batch.buckets) {
    const hist = b.hist.size ? encodeHistogram(b.hist) : null;
    // positional binding: ~20% cheaper than named parameters per row (measured), and this is the hot write
    bucket.run(targetId, b.shapeId, b.bucketMs, b.calls, b.totalMs, b.minMs, b.maxMs, b.rows, b.rowsExamined, b.errors,
      b.lockWaitMs, b.tempBytes, b.fullScans || null, b.tmpTables || null, hist ? Buffer.from(hist.buffer, hist.byteOffset, hist.byteLength) : null);
    tail?.buckets.push({
      shapeId: b.shapeId, bucketMs: b.bucketMs, calls: b.calls, totalMs: b.totalMs, rows: b.rows, rowsExamined: b.rowsExamined,
      errors: b.errors, lockWaitMs: b.lockWaitMs, tempBytes: b.tempBytes, fullScans: b.fullScans, tmpTables: b.tmpTables,
      hist: hist ? Buffer.from(hist).toString('base64') : null,
    });
  }

  const session = db.prepare(`INSERT INTO session_chunks (target_id, session, user_name, database, application, start_ms, end_ms, count, shape_ids, packed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const s of batch.sessions) {
    if (s.count === 0) continue;
    const info = session.run(targetId, s.session, s.user, s.database, s.application, s.startMs, s.endMs, s.count, JSON.stringify(s.shapeIds),
      Buffer.from(s.packed.buffer, s.packed.byteOffset, s.packed.byteLength));
    tail?.sessionIds.push(Number(info.lastInsertRowid));
  }

  const tag = db.prepare(`INSERT INTO shape_tags (target_id, shape_id, tag, value, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (target_id, shape_id, tag, value) DO UPDATE SET count = count + excluded.count`);
  for (const [shapeId, name, value, count] of batch.tags) tag.run(targetId, shapeId, name, value, count);

  const plan = db.prepare(`INSERT INTO shape_plans (target_id, shape_id, node_types, seq_scans, estimated_rows, actual_rows, total_cost, count, last_seen_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (target_id, shape_id, node_types, seq_scans) DO UPDATE SET count = count + excluded.count,
      last_seen_ms = max(last_seen_ms, excluded.last_seen_ms), estimated_rows = excluded.estimated_rows,
      actual_rows = excluded.actual_rows, total_cost = excluded.total_cost`);
  for (const p of batch.plans) {
    plan.run(targetId, p.shapeId, p.plan.nodeTypes.join(','), p.plan.seqScans.join(','), p.plan.estimatedRows ?? null,
      p.plan.actualRows ?? null, p.plan.totalCost ?? null, p.count, p.lastSeenMs);
    tail?.plans.push({ shapeId: p.shapeId, nodeTypes: p.plan.nodeTypes.join(','), seqScans: p.plan.seqScans.join(','), count: p.count });
  }

  const sample = db.prepare('INSERT INTO samples (target_id, shape_id, time_ms, sql, params_json, duration_ms) VALUES (?, ?, ?, ?, ?, ?)');
  for (const s of batch.samples) {
    const info = sample.run(targetId, s.shapeId, s.timeMs, s.sql, s.params ? JSON.stringify(s.params) : null, s.durationMs);
    tail?.sampleIds.push(Number(info.lastInsertRowid));
  }
  if (tail) {
    db.prepare(`INSERT INTO ingest_tails (target_id, path, json) VALUES (?, ?, ?)
      ON CONFLICT (target_id, path) DO UPDATE SET json = excluded.json`).run(targetId, path, JSON.stringify(tail));
  }

  if (flush.checkpoint) writeCheckpoint(db, targetId, flush.checkpoint.path, flush.checkpoint, flush.nowMs);
  return removedShapes;
}

export function writeCheckpoint(db: Db, targetId: number, path: string, checkpoint: Checkpoint, nowMs: number): void {
  db.prepare(`INSERT INTO checkpoints (target_id, path, file_id, offset, line, updated_ms) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (target_id, path) DO UPDATE SET file_id = excluded.file_id, offset = excluded.offset, line = excluded.line,
      updated_ms = excluded.updated_ms`).run(targetId, path, checkpoint.fileId, checkpoint.offset, checkpoint.line, nowMs);
}

/**
 * When `path` now names another file (rotation), keep the old file's checkpoint and tail under `path#dev:ino`,
 * so that ingesting the rotated file later under its new name (app.log.1) resumes where we stopped.
 */
function moveSupersededCheckpoint(db: Db, targetId: number, path: string, fileId: string): void {
  const existing = db.prepare('SELECT file_id AS fileId FROM checkpoints WHERE target_id = ? AND path = ?').get(targetId, path) as { fileId: string } | undefined;
  if (!existing || sameInode(existing.fileId, fileId)) return;
  const moved = `${path}#${inodeOf(existing.fileId)}`;
  for (const table of ['checkpoints', 'ingest_tails']) {
    db.prepare(`DELETE FROM ${table} WHERE target_id = ? AND path = ?`).run(targetId, moved);
    db.prepare(`UPDATE ${table} SET path = ? WHERE target_id = ? AND path = ?`).run(moved, targetId, path);
  }
}

/** The checkpoint of `path`, or, when a file was renamed by rotation, the one taken on the same device:inode. */
export function readCheckpoint(db: Db, targetId: number, path: string, fileId?: string): Checkpoint | null {
  const row = db.prepare('SELECT file_id AS fileId, offset, line, path FROM checkpoints WHERE target_id = ? AND path = ?')
    .get(targetId, path) as Checkpoint | undefined;
  if (row && (!fileId || sameInode(row.fileId, fileId))) return row;
  if (fileId) {
    const inode = inodeOf(fileId);
    const moved = db.prepare(`SELECT file_id AS fileId, offset, line, path FROM checkpoints WHERE target_id = ? AND file_id LIKE ? || ':%'
      ORDER BY updated_ms DESC LIMIT 1`).get(targetId, inode) as Checkpoint | undefined;
    if (moved) return moved;
  }
  return row ?? null;
}

function inodeOf(fileId: string): string {
  return fileId.split(':').slice(0, 2).join(':');
}

function sameInode(a: string, b: string): boolean {
  return inodeOf(a) === inodeOf(b);
}

/** The store as the ingest pipeline's sink: checkpoints of target `targetId`, known shapes of `engine`. */
export function createStoreSink(db: Db, targetId: number, engine: Engine): IngestSink {
  const known = readShapeIds(db, engine);
  return {
    readCheckpoint: (path, fileId) => readCheckpoint(db, targetId, path, fileId),
    isKnownShape: (id) => known.has(id),
    write: (flush) => {
      const removed = writeIngestFlush(db, targetId, flush);
      for (const shape of flush.newShapes) known.add(shape.fingerprint.id);
      for (const id of removed) known.delete(id);
    },
  };
}
