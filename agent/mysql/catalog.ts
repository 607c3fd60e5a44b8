/** Reads the MySQL / MariaDB catalog through a Queryable (I/O). Optional sources (sizes, histograms) fall back to none. */
import type { CatalogReading } from '../catalog/types.js';
import { isConnectionLoss, readAspects } from '../catalog/read-aspects.js';
import * as sql from './catalog-sql.js';
import { mapColumns, mapIndexes, mapReplication, mapRoutines, mapTables, mapVariables } from './map-catalog-rows.js';
import type { MysqlTarget } from './sampler.js';

export async function fetchMysqlCatalog(db: MysqlTarget & { readonly mariadb: boolean }): Promise<CatalogReading> {
  const by = db.schema !== null;
  const params = by ? [db.schema] : [];
  const rows = async (text: string) => (await db.query(text, params)).rows;
  /** A part that only enriches a kind (sizes, histograms): missing privilege → empty. */
  const optional = async (text: string) => {
    try {
      return (await db.query(text, params)).rows;
    } catch (error) {
      if (isConnectionLoss(error)) throw error;
      return [];
    }
  };
  let statistics: unknown[] | null = null;
  const readStatistics = async () => (statistics ??= await rows(sql.statisticsSql(by)));
  return readAspects({
    tables: async () => mapTables(await rows(sql.tablesSql(by))),
    indexes: async () => mapIndexes(await readStatistics(), await optional(sql.indexUsageSql(by)), await optional(sql.indexSizesSql(by)),
      await rows(sql.foreignKeysSql(by))),
    columns: async () => mapColumns(await readStatistics(),
      db.mariadb ? await optional(sql.mariadbColumnStatsSql(by)) : [], db.mariadb ? [] : await optional(sql.mysqlHistogramsSql(by))),
    functions: async () => mapRoutines(await rows(sql.routinesSql(by))),
    settings: async () => mapVariables((await db.query(sql.variablesSql)).rows),
    replication: async () => {
      const status = await optional(sql.replicaStatusSql(db.mariadb));
      const readOnly = (await db.query(sql.readOnlySql)).rows[0] as Record<string, unknown>;
      return mapReplication(status, await optional(sql.binlogDumpsSql), readOnly.read_only);
    },
  });
}
