/**
 * Catalog queries for MySQL 8 / MariaDB 10.11, one per kind (each may fail alone on privileges). `?` is the
 * monitored schema when the URL names one; otherwise every non-system schema.
 * https://mariadb.com/kb/en/information-schema-statistics-table/ · https://mariadb.com/kb/en/mysqlcolumn_stats-table/
 */
import { marker } from './sql.js';

const system = `('mysql', 'sys', 'performance_schema', 'information_schema')`;
export const schemaFilter = (column: string, bySchema: boolean): string => (bySchema ? `${column} = ?` : `${column} NOT IN ${system}`);

// MySQL has no per-table scan counters: index row fetches come from table_io_waits_summary_by_index_usage.
export const tablesSql = (bySchema: boolean) => `${marker} SELECT t.TABLE_SCHEMA AS \`schema\`, t.TABLE_NAME AS name,
  t.DATA_LENGTH AS size_bytes, t.DATA_LENGTH + t.INDEX_LENGTH AS total_size_bytes, t.TABLE_ROWS AS live_rows,
  io.COUNT_INSERT AS inserts, io.COUNT_UPDATE AS updates, io.COUNT_DELETE AS deletes
FROM information_schema.TABLES t
LEFT JOIN performance_schema.table_io_waits_summary_by_table io
  ON io.OBJECT_TYPE = 'TABLE' AND io.OBJECT_SCHEMA = t.TABLE_SCHEMA AND io.OBJECT_NAME = t.TABLE_NAME
WHERE t.TABLE_TYPE = 'BASE TABLE' AND ${schemaFilter('t.TABLE_SCHEMA', bySchema)} ORDER BY 1, 2`;

export const indexUsageSql = (bySchema: boolean) => `${marker} SELECT OBJECT_SCHEMA AS \`schema\`, OBJECT_NAME AS \`table\`,
  INDEX_NAME AS name, COUNT_FETCH AS fetches
FROM performance_schema.table_io_waits_summary_by_index_usage
WHERE OBJECT_TYPE = 'TABLE' AND ${schemaFilter('OBJECT_SCHEMA', bySchema)}`;

/** SELECT * so MySQL 8's EXPRESSION column comes along where it exists. */
export const statisticsSql = (bySchema: boolean) => `${marker} SELECT * FROM information_schema.STATISTICS
WHERE ${schemaFilter('TABLE_SCHEMA', bySchema)} ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;

export const foreignKeysSql = (bySchema: boolean) => `${marker} SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS \`table\`,
  CONSTRAINT_NAME AS name, COLUMN_NAME AS \`column\`
FROM information_schema.KEY_COLUMN_USAGE
WHERE REFERENCED_TABLE_NAME IS NOT NULL AND ${schemaFilter('TABLE_SCHEMA', bySchema)}
ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`;

/** InnoDB index sizes in pages (needs SELECT on mysql.innodb_index_stats). */
export const indexSizesSql = (bySchema: boolean) => `${marker} SELECT database_name AS \`schema\`, table_name AS \`table\`,
  index_name AS name, stat_value * @@innodb_page_size AS size_bytes
FROM mysql.innodb_index_stats WHERE stat_name = 'size' AND ${schemaFilter('database_name', bySchema)}`;

/** MariaDB engine-independent statistics (ANALYZE … PERSISTENT FOR …). */
export const mariadbColumnStatsSql = (bySchema: boolean) => `${marker} SELECT db_name AS \`schema\`, table_name AS \`table\`,
  column_name AS \`column\`, nulls_ratio, avg_frequency, hist_size
FROM mysql.column_stats WHERE ${schemaFilter('db_name', bySchema)}`;

/** MySQL 8 histograms (ANALYZE TABLE … UPDATE HISTOGRAM). */
export const mysqlHistogramsSql = (bySchema: boolean) => `${marker} SELECT SCHEMA_NAME AS \`schema\`, TABLE_NAME AS \`table\`,
  COLUMN_NAME AS \`column\` FROM information_schema.COLUMN_STATISTICS WHERE ${schemaFilter('SCHEMA_NAME', bySchema)}`;

export const routinesSql = (bySchema: boolean) => `${marker} SELECT ROUTINE_SCHEMA AS \`schema\`, ROUTINE_NAME AS name,
  ROUTINE_TYPE AS \`type\`, IS_DETERMINISTIC AS \`deterministic\`, SQL_DATA_ACCESS AS data_access
FROM information_schema.ROUTINES WHERE ${schemaFilter('ROUTINE_SCHEMA', bySchema)} ORDER BY 1, 2`;

export const relevantVariables = [
  'version', 'version_comment', 'performance_schema', 'performance_schema_digests_size', 'max_digest_length',
  'performance_schema_events_statements_history_long_size', 'slow_query_log', 'long_query_time', 'log_slow_verbosity',
  'log_output', 'slow_query_log_file', 'innodb_buffer_pool_size', 'max_connections', 'read_only', 'log_bin',
  'binlog_format', 'gtid_mode', 'optimizer_use_condition_selectivity', 'use_stat_tables', 'histogram_size',
];

export const variablesSql = `${marker} SHOW GLOBAL VARIABLES WHERE Variable_name IN (${relevantVariables.map((v) => `'${v}'`).join(', ')})`;

export const replicaStatusSql = (mariadb: boolean) => `${marker} ${mariadb ? 'SHOW ALL SLAVES STATUS' : 'SHOW REPLICA STATUS'}`;

/** Replicas attached to this server: their binlog dump threads (needs PROCESS). */
export const binlogDumpsSql = `${marker} SELECT HOST AS host, STATE AS state FROM information_schema.PROCESSLIST
WHERE COMMAND LIKE 'Binlog Dump%'`;

export const readOnlySql = `${marker} SELECT @@read_only AS read_only`;
