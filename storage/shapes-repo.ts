import type { Engine } from '../agent/events.js';
import type { ShapeFeatures } from '../agent/shape/types.js';
import type { Db } from './db.js';

/** A shape as stored: identity, normalized text and features parsed once. */
export interface ShapeRow {
  readonly id: string;
  readonly engine: Engine;
  readonly normalized: string;
  readonly parsed: boolean;
  readonly truncated: boolean;
  readonly features: ShapeFeatures;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
}

/**
 * Insert new shapes and widen the seen-window of known ones. Call inside the caller's transaction, once per
 * batch, with each shape once (keep a set of ids already stored to skip re-describing known shapes).
 */
export function upsertShapes(db: Db, shapes: readonly Omit<ShapeRow, 'lastSeenMs'>[], lastSeenMs: number): void {
  const stmt = db.prepare(`INSERT INTO shapes (id, engine, normalized, kind, parsed, truncated, features_json, first_seen_ms, last_seen_ms)
    VALUES (@id, @engine, @normalized, @kind, @parsed, @truncated, @features, @firstSeenMs, @lastSeenMs)
    ON CONFLICT (id) DO UPDATE SET first_seen_ms = min(first_seen_ms, excluded.first_seen_ms),
                                   last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)`);
  for (const shape of shapes) {
    stmt.run({
      id: shape.id, engine: shape.engine, normalized: shape.normalized, kind: shape.features.kind,
      parsed: shape.parsed ? 1 : 0, truncated: shape.truncated ? 1 : 0, features: JSON.stringify(shape.features),
      firstSeenMs: shape.firstSeenMs, lastSeenMs: Math.max(lastSeenMs, shape.firstSeenMs),
    });
  }
}

/** Ids of all stored shapes of an engine (to know which shapes are new without describing them again). */
export function readShapeIds(db: Db, engine: Engine): Set<string> {
  const rows = db.prepare('SELECT id FROM shapes WHERE engine = ?').pluck().all(engine) as string[];
  return new Set(rows);
}

interface RawShapeRow {
  id: string; engine: Engine; normalized: string; parsed: number; truncated: number;
  features_json: string; first_seen_ms: number; last_seen_ms: number;
}

export function readShapes(db: Db, ids?: readonly string[]): ShapeRow[] {
  const rows = (ids
    ? db.prepare(`SELECT * FROM shapes WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids))
    : db.prepare('SELECT * FROM shapes').all()) as RawShapeRow[];
  return rows.map((r) => ({
    id: r.id, engine: r.engine, normalized: r.normalized, parsed: r.parsed === 1, truncated: r.truncated === 1,
    features: JSON.parse(r.features_json) as ShapeFeatures, firstSeenMs: r.first_seen_ms, lastSeenMs: r.last_seen_ms,
  }));
}
