/**
 * Read model of every replication snapshot over time (readLatestCatalog gives only the newest), for the
 * replica lag percentiles of `qprof advise replicas`.
 */
import type { CatalogReplication } from '../agent/catalog/types.js';
import type { Engine } from '../agent/events.js';
import type { Db } from './db.js';

export interface ReplicationSnapshotRow {
  readonly targetId: number;
  readonly target: string;
  readonly engine: Engine;
  readonly takenMs: number;
  readonly replication: CatalogReplication;
}

/** Replication snapshots of one target (or of every target of `engine` when targetId is null), oldest first. */
export function readReplicationSnapshots(db: Db, filter: { targetId?: number; engine?: Engine; sinceMs?: number; untilMs?: number }): ReplicationSnapshotRow[] {
  const since = Number.isFinite(filter.sinceMs) ? filter.sinceMs! : -8.64e15;
  const until = Number.isFinite(filter.untilMs) ? filter.untilMs! : 8.64e15;
  const rows = db.prepare(`SELECT c.target_id AS targetId, t.name AS target, t.engine AS engine, c.taken_ms AS takenMs, c.json AS json
      FROM catalog_snapshots c JOIN targets t ON t.id = c.target_id
     WHERE c.kind = 'replication' AND c.taken_ms >= @since AND c.taken_ms < @until
       AND (@targetId IS NULL OR c.target_id = @targetId) AND (@engine IS NULL OR t.engine = @engine)
     ORDER BY c.taken_ms, c.id`)
    .all({ since, until, targetId: filter.targetId ?? null, engine: filter.engine ?? null }) as Array<{ targetId: number; target: string; engine: Engine; takenMs: number; json: string }>;
  return rows.map((r) => ({ targetId: r.targetId, target: r.target, engine: r.engine, takenMs: r.takenMs, replication: JSON.parse(r.json) as CatalogReplication }));
}
