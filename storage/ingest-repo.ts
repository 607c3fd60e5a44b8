/**
 * What log ingestion writes: one flush = one transaction holding new shapes, bucket aggregates merged into
 * existing rows (histograms merged), session chunks, tags, plan summaries, opt-in samples and the
 * checkpoint that says where in the file this data ends. A crash before COMMIT loses the whole flush and
 * its checkpoint together, so a re-run neither loses nor double-counts anything.
 */
import { mergeEncoded, encodeHistogram } from '../agent/aggregate/histogram.js';
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
}

/** Write one flush in ONE transaction, checkpoint included. */
export function writeIngestFlush(db: Db, targetId: number, flush: IngestFlush): void {
  registerIngestFunctions(db);
  const { batch } = flush;
  inTransaction(db, () => {
    upsertShapes(db, flush.newShapes.map((s) => ({
      id: s.fingerprint.id, engine: flush.engine, normalized: s.fingerprint.normalized, parsed: s.description.parsed,
      truncated: s.fingerprint.truncated, features: s.description.features, firstSeenMs: s.firstSeenMs,
    })), 0);
    const seen = db.prepare(`UPDATE shapes SET first_seen_ms = min(first_seen_ms, ?), last_seen_ms = max(last_seen_ms, ?) WHERE id = ?`);
    for (const shape of batch.shapes) seen.run(shape.firstSeenMs, shape.lastSeenMs, shape.fingerprint.id);

    const bucket = db.prepare(`INSERT INTO stat_buckets (target_id, shape_id, source, bucket_ms, calls, total_ms, min_ms, max_ms,
        rows, rows_examined, errors, lock_wait_ms, temp_bytes, full_scans, tmp_tables, hist)
      VALUES (@target, @shape, 'log', @bucket, @calls, @totalMs, @minMs, @maxMs, @rows, @rowsExamined, @errors, @lockMs,
        @tempBytes, @fullScans, @tmpTables, @hist)
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
      bucket.run({
        target: targetId, shape: b.shapeId, bucket: b.bucketMs, calls: b.calls, totalMs: b.totalMs, minMs: b.minMs, maxMs: b.maxMs,
        rows: b.rows, rowsExamined: b.rowsExamined, errors: b.errors, lockMs: b.lockWaitMs, tempBytes: b.tempBytes,
        fullScans: b.fullScans || null, tmpTables: b.tmpTables || null, hist: hist ? Buffer.from(hist) : null,
      });
    }

    const session = db.prepare(`INSERT INTO session_chunks (target_id, session, user_name, database, application, start_ms, end_ms, count, shape_ids, packed)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const s of batch.sessions) {
      if (s.count === 0) continue;
      session.run(targetId, s.session, s.user, s.database, s.application, s.startMs, s.endMs, s.count, JSON.stringify(s.shapeIds),
        Buffer.from(s.packed.buffer, s.packed.byteOffset, s.packed.byteLength));
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
    }

    const sample = db.prepare('INSERT INTO samples (target_id, shape_id, time_ms, sql, params_json, duration_ms) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of batch.samples) sample.run(targetId, s.shapeId, s.timeMs, s.sql, s.params ? JSON.stringify(s.params) : null, s.durationMs);

    if (flush.checkpoint) writeCheckpoint(db, targetId, flush.checkpoint.path, flush.checkpoint, flush.nowMs);
  });
}

export function writeCheckpoint(db: Db, targetId: number, path: string, checkpoint: Checkpoint, nowMs: number): void {
  db.prepare(`INSERT INTO checkpoints (target_id, path, file_id, offset, line, updated_ms) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (target_id, path) DO UPDATE SET file_id = excluded.file_id, offset = excluded.offset, line = excluded.line,
      updated_ms = excluded.updated_ms`).run(targetId, path, checkpoint.fileId, checkpoint.offset, checkpoint.line, nowMs);
}

/** The checkpoint of `path`, or, when a file was renamed by rotation, the one taken on the same device:inode. */
export function readCheckpoint(db: Db, targetId: number, path: string, fileId?: string): Checkpoint | null {
  const row = db.prepare('SELECT file_id AS fileId, offset, line FROM checkpoints WHERE target_id = ? AND path = ?')
    .get(targetId, path) as Checkpoint | undefined;
  if (row && (!fileId || sameInode(row.fileId, fileId))) return row;
  if (fileId) {
    const inode = fileId.split(':').slice(0, 2).join(':');
    const moved = db.prepare(`SELECT file_id AS fileId, offset, line FROM checkpoints WHERE target_id = ? AND file_id LIKE ? || ':%'
      ORDER BY updated_ms DESC LIMIT 1`).get(targetId, inode) as Checkpoint | undefined;
    if (moved) return moved;
  }
  return row ?? null;
}

function sameInode(a: string, b: string): boolean {
  return a.split(':').slice(0, 2).join(':') === b.split(':').slice(0, 2).join(':');
}

/** The store as the ingest pipeline's sink: checkpoints of target `targetId`, known shapes of `engine`. */
export function createStoreSink(db: Db, targetId: number, engine: Engine): IngestSink {
  const known = readShapeIds(db, engine);
  return {
    readCheckpoint: (path, fileId) => readCheckpoint(db, targetId, path, fileId),
    isKnownShape: (id) => known.has(id),
    write: (flush) => {
      writeIngestFlush(db, targetId, flush);
      for (const shape of flush.newShapes) known.add(shape.fingerprint.id);
    },
  };
}
