/** Reads the PostgreSQL catalog through a Queryable (I/O): tables, indexes, column statistics, functions, settings, replication. */
import type { CatalogReading } from '../catalog/types.js';
import { readAspects } from '../catalog/read-aspects.js';
import type { Queryable } from '../stats/queryable.js';
import { columnsSql, functionsSql, indexesSql, recoverySql, relevantSettings, replicasSql, settingsSql, tablesSql } from './catalog-sql.js';
import { mapColumns, mapFunctions, mapIndexes, mapReplication, mapSettings, mapTables } from './map-catalog-rows.js';

export async function fetchPgCatalog(db: Queryable): Promise<CatalogReading> {
  return readAspects({
    tables: async () => mapTables((await db.query(tablesSql)).rows),
    indexes: async () => mapIndexes((await db.query(indexesSql)).rows),
    columns: async () => mapColumns((await db.query(columnsSql)).rows),
    functions: async () => mapFunctions((await db.query(functionsSql)).rows),
    settings: async () => mapSettings((await db.query(settingsSql, [relevantSettings])).rows),
    replication: async () => {
      const recovery = (await db.query(recoverySql)).rows[0] as Record<string, unknown>;
      // pg_stat_replication lists senders only on a primary (and their detail only with pg_read_all_stats).
      const replicas = recovery.in_recovery === true ? [] : (await db.query(replicasSql)).rows;
      return mapReplication(recovery, replicas);
    },
  });
}
