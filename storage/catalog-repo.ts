/**
 * Catalog snapshots (agent/catalog/types.ts): one catalog_snapshots row per kind and time, JSON. The index
 * and replica advisors read the latest of each kind with readLatestCatalog.
 */
import type { CatalogKind, CatalogReading, CatalogSnapshot } from '../agent/catalog/types.js';
import type { Db } from './db.js';

/** Snapshots older than this are dropped when a newer one of the same kind is written (write rates need two). */
export const catalogRetentionMs = 7 * 86_400_000;

/** Store every kind present in `parts`; call inside a transaction. Returns the number of objects per kind. */
export function insertCatalogSnapshot(db: Db, targetId: number, takenMs: number, parts: CatalogReading['parts']): Record<string, number> {
  const insert = db.prepare('INSERT INTO catalog_snapshots (target_id, taken_ms, kind, json) VALUES (?, ?, ?, ?)');
  const prune = db.prepare('DELETE FROM catalog_snapshots WHERE target_id = ? AND kind = ? AND taken_ms < ?');
  const counts: Record<string, number> = {};
  for (const [kind, value] of Object.entries(parts)) {
    if (value === undefined) continue;
    insert.run(targetId, takenMs, kind, JSON.stringify(value));
    prune.run(targetId, kind, takenMs - catalogRetentionMs);
    counts[kind] = Array.isArray(value) ? value.length : kind === 'settings' ? Object.keys((value as { settings: object }).settings).length : 1;
  }
  return counts;
}

/** The newest snapshot of each kind for a target; kinds never captured are absent. */
export function readLatestCatalog(db: Db, targetId: number): CatalogSnapshot {
  const rows = db.prepare(`SELECT kind, taken_ms AS takenMs, json FROM catalog_snapshots c
    WHERE target_id = ? AND taken_ms = (SELECT max(taken_ms) FROM catalog_snapshots WHERE target_id = c.target_id AND kind = c.kind)`)
    .all(targetId) as Array<{ kind: CatalogKind; takenMs: number; json: string }>;
  const snapshot: Record<string, unknown> = {};
  const takenMs: Partial<Record<CatalogKind, number>> = {};
  for (const row of rows) {
    snapshot[row.kind] = JSON.parse(row.json);
    takenMs[row.kind] = row.takenMs;
  }
  return { ...snapshot, takenMs } as CatalogSnapshot;
}
