/** `qprof sample --catalog`: read the catalog of the engine and store it as one snapshot per kind. Wiring only. */
import { fetchPgCatalog } from '../../agent/postgres/catalog.js';
import type { MonitorSession } from '../../agent/stats/queryable.js';
import { inTransaction, type Db } from '../../storage/db.js';
import { insertCatalogSnapshot } from '../../storage/catalog-repo.js';
import type { TargetRow } from '../../storage/targets-repo.js';
import type { CatalogSampleReport } from './engines.js';

export async function takeCatalogSnapshot(db: Db, target: TargetRow, session: MonitorSession, nowMs: () => number = Date.now): Promise<CatalogSampleReport> {
  const reading = target.engine === 'postgres'
    ? await fetchPgCatalog(session)
    : await (await import('../../agent/mysql/catalog.js')).fetchMysqlCatalog(session as import('../../agent/mysql/connect.js').MysqlSession);
  const takenMs = nowMs();
  const counts = inTransaction(db, () => insertCatalogSnapshot(db, target.id, takenMs, reading.parts));
  return { takenMs, counts, skipped: reading.skipped };
}
