/**
 * Catalog queries for PostgreSQL 13+ (one per kind; each may fail alone on privileges). User objects only:
 * system schemas are excluded. https://www.postgresql.org/docs/current/catalogs.html
 */
import { marker } from './sql.js';

const userSchemas = `NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

export const tablesSql = `${marker} SELECT n.nspname AS schema, c.relname AS name, pg_relation_size(c.oid) AS size_bytes,
  pg_total_relation_size(c.oid) AS total_size_bytes, coalesce(s.n_live_tup, greatest(c.reltuples, 0)::bigint) AS live_rows,
  s.seq_scan, s.idx_scan, s.n_tup_ins, s.n_tup_upd, s.n_tup_del
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname ${userSchemas}
ORDER BY 1, 2`;

// Key columns in order (indnkeyatts: INCLUDE columns are not keys); attnum 0 = an expression position.
// backs_fk: the leading key columns are exactly the columns of one of the table's foreign keys.
export const indexesSql = `${marker} SELECT n.nspname AS schema, t.relname AS table, i.relname AS name,
  pg_get_indexdef(i.oid) AS definition,
  ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE k.ord <= x.indnkeyatts ORDER BY k.ord) AS columns,
  pg_get_expr(x.indexprs, x.indrelid) AS expression, pg_get_expr(x.indpred, x.indrelid) AS predicate,
  x.indisunique AS is_unique, x.indisprimary AS is_primary, x.indisvalid AS is_valid,
  pg_relation_size(i.oid) AS size_bytes, s.idx_scan AS scans,
  EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conrelid = t.oid
    AND (SELECT array_agg(k ORDER BY k) FROM unnest((x.indkey::int2[])[0:cardinality(f.conkey) - 1]) k)
      = (SELECT array_agg(c ORDER BY c) FROM unnest(f.conkey) c)) AS backs_fk
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.oid
WHERE n.nspname ${userSchemas}
ORDER BY 1, 2, 3`;

/** pg_stats shows only columns the role may SELECT: the catalog of an unprivileged role has gaps. */
export const columnsSql = `${marker} SELECT schemaname AS schema, tablename AS table, attname AS column, null_frac, n_distinct,
  (most_common_vals::text::text[])[1:10] AS most_common_vals, most_common_freqs[1:10] AS most_common_freqs, correlation,
  histogram_bounds IS NOT NULL AS histogram
FROM pg_stats WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3`;

export const functionsSql = `${marker} SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args,
  p.provolatile AS volatility, l.lanname AS language
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname ${userSchemas} AND p.prokind IN ('f', 'a', 'w') ORDER BY 1, 2`;

export const relevantSettings = [
  'shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'random_page_cost', 'seq_page_cost',
  'default_statistics_target', 'max_connections', 'shared_preload_libraries', 'compute_query_id',
  'pg_stat_statements.max', 'pg_stat_statements.track', 'pg_stat_statements.save', 'track_io_timing',
  'track_activity_query_size', 'log_min_duration_statement', 'log_line_prefix', 'log_destination', 'logging_collector',
  'log_lock_waits', 'log_temp_files', 'wal_level', 'max_wal_senders', 'hot_standby', 'default_transaction_read_only',
  'jit', 'server_version_num',
];

export const settingsSql = `${marker} SELECT name, setting, unit, current_setting('server_version') AS version FROM pg_settings
WHERE name = ANY($1::text[]) ORDER BY name`;

export const recoverySql = `${marker} SELECT pg_is_in_recovery() AS in_recovery, current_setting('default_transaction_read_only') AS read_only,
  CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END AS lag_seconds`;

export const replicasSql = `${marker} SELECT coalesce(application_name, client_addr::text, pid::text) AS name, state,
  pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS lag_bytes, extract(epoch FROM replay_lag) AS lag_seconds
FROM pg_stat_replication ORDER BY 1`;
