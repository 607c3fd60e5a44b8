/**
 * Catalog snapshots (agent/catalog/types.ts): one catalog_snapshots row per kind and time, JSON. The index
 * and replica advisors read the latest of each kind with readLatestCatalog.
 */
import type { CatalogKind, CatalogReading, CatalogSnapshot } from '../agent/catalog/types.js';
import type { Db } from './db.js';

/**
 * How long snapshots are kept, per kind, so the store stays bounded at one catalog every 10 minutes:
 * tables (write rates between snapshots) 2 days, replication (lag over time) 7 days; the slow-changing
 * kinds (indexes, columns, functions, settings) only their latest 2 snapshots.
 */
export const catalogRetention: Readonly<Record<CatalogKind, { days?: number; keep?: number }>> = {
  tables: { days: 2 }, replication: { days: 7 }, indexes: { keep: 2 }, columns: { keep: 2 }, functions: { keep: 2 }, settings: { keep: 2 },
};

/** Store every kind present in `parts`; call inside a transaction. Returns the number of objects per kind. */
export function insertCatalogSnapshot(db: Db, targetId: number, takenMs: number, parts: CatalogReading['parts']): Record<string, number> {
  const insert = db.prepare('INSERT INTO catalog_snapshots (target_id, taken_ms, kind, json) VALUES (?, ?, ?, ?)');
  const pruneOlder = db.prepare('DELETE FROM catalog_snapshots WHERE target_id = ? AND kind = ? AND taken_ms < ?');
  const pruneBeyond = db.prepare(`DELETE FROM catalog_snapshots WHERE target_id = ? AND kind = ? AND id NOT IN
    (SELECT id FROM catalog_snapshots WHERE target_id = ? AND kind = ? ORDER BY taken_ms DESC, id DESC LIMIT ?)`);
  const counts: Record<string, number> = {};
  for (const [kind, value] of Object.entries(parts)) {
    if (value === undefined) continue;
    insert.run(targetId, takenMs, kind, JSON.stringify(value));
    const retention = catalogRetention[kind as CatalogKind] ?? { keep: 2 };
    if (retention.days) pruneOlder.run(targetId, kind, takenMs - retention.days * 86_400_000);
    if (retention.keep) pruneBeyond.run(targetId, kind, targetId, kind, retention.keep);
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
