/** Per-engine wiring of `qprof sample` (and the agent): which connector, reader and catalog to use. */
import type { Fingerprint } from '../../agent/shape/types.js';
import { connectPostgres } from '../../agent/postgres/connect.js';
import { fetchPgssSample } from '../../agent/postgres/sampler.js';
import { isOwnStatement } from '../../agent/postgres/map-rows.js';
import type { MonitorSession } from '../../agent/stats/queryable.js';
import type { Db } from '../../storage/db.js';
import type { TargetRow } from '../../storage/targets-repo.js';
import { runStatsSample, type StatsSampleReport } from './stats-cycle.js';
import type { DatabaseChoice } from './targets.js';

export interface CatalogSampleReport {
  readonly takenMs: number;
  /** Objects stored per kind: tables, indexes, columns, functions, settings. */
  readonly counts: Readonly<Record<string, number>>;
  /** Aspects that could not be read (privilege, missing view), with the reason. */
  readonly skipped: readonly string[];
}

export async function openMonitorSession(choice: DatabaseChoice, env: Readonly<Record<string, string | undefined>>): Promise<MonitorSession> {
  if (choice.engine === 'postgres') return connectPostgres(choice.dsn, { env });
  const { connectMysql } = await import('../../agent/mysql/connect.js');
  return connectMysql(choice.dsn!);
}

export async function sampleStatements(db: Db, target: TargetRow, session: MonitorSession): Promise<StatsSampleReport> {
  if (target.engine === 'postgres') {
    return runStatsSample({
      db, target, source: 'pgss',
      read: (isKnown) => fetchPgssSample(session, isKnown),
      isOwn: (text: string, fp: Fingerprint) => isOwnStatement(text, fp.tags),
    });
  }
  const { sampleMysqlStatements } = await import('./mysql-sample.js');
  return sampleMysqlStatements(db, target, session);
}

export async function sampleCatalog(db: Db, target: TargetRow, session: MonitorSession): Promise<CatalogSampleReport> {
  const { takeCatalogSnapshot } = await import('./catalog-sample.js');
  return takeCatalogSnapshot(db, target, session);
}
