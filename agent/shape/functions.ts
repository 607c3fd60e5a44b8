/**
 * Volatility of built-in functions, per engine. A shape that calls a volatile function must not be routed to a
 * replica or cached; an expression index needs immutable functions.
 *
 * PostgreSQL: taken from `pg_proc.provolatile` (PostgreSQL 15, schema pg_catalog); where overloads differ
 * (`date_trunc(text, timestamptz)` is stable, `date_trunc(text, timestamp)` immutable) the most volatile one
 * wins, because the overload is not known from the text. https://www.postgresql.org/docs/current/xfunc-volatility.html
 * MySQL/MariaDB has no volatility column; the classes follow the documentation's replication notes: functions
 * evaluated once per statement (NOW(), CURDATE()) are `stable`; per-row or side-effecting ones (RAND(),
 * SYSDATE(), UUID(), GET_LOCK(), LAST_INSERT_ID()) `volatile`.
 * https://dev.mysql.com/doc/refman/8.0/en/replication-rbr-safe-unsafe.html
 */
import type { Engine } from '../events.js';
import type { FunctionCall } from './types.js';

type Volatility = FunctionCall['volatility'];

const words = (text: string): readonly string[] => text.trim().split(/\s+/);

const postgresVolatile = words(`
  random setseed nextval setval currval lastval clock_timestamp timeofday gen_random_uuid uuid_generate_v1
  uuid_generate_v1mc uuid_generate_v4 gen_random_bytes gen_salt set_config pg_sleep pg_sleep_for pg_sleep_until
  pg_advisory_lock pg_advisory_lock_shared pg_advisory_unlock pg_advisory_unlock_all pg_advisory_unlock_shared
  pg_advisory_xact_lock pg_advisory_xact_lock_shared pg_try_advisory_lock pg_try_advisory_lock_shared
  pg_try_advisory_xact_lock pg_try_advisory_xact_lock_shared pg_notify pg_cancel_backend pg_terminate_backend
  pg_reload_conf pg_rotate_logfile pg_switch_wal pg_create_restore_point pg_backup_start pg_backup_stop
  pg_promote pg_wal_replay_pause pg_wal_replay_resume pg_export_snapshot pg_logical_emit_message
  pg_create_logical_replication_slot pg_create_physical_replication_slot pg_drop_replication_slot
  pg_replication_slot_advance pg_logical_slot_get_changes pg_logical_slot_get_binary_changes
  pg_logical_slot_peek_changes pg_logical_slot_peek_binary_changes pg_stat_reset pg_stat_reset_shared
  pg_stat_reset_single_table_counters pg_stat_reset_single_function_counters pg_stat_reset_slru
  pg_stat_clear_snapshot pg_current_wal_lsn pg_current_wal_insert_lsn pg_current_wal_flush_lsn
  pg_last_wal_receive_lsn pg_last_wal_replay_lsn pg_last_xact_replay_timestamp pg_is_in_recovery
  pg_is_wal_replay_paused pg_relation_size pg_table_size pg_indexes_size pg_total_relation_size pg_database_size
  pg_tablespace_size pg_blocking_pids pg_safe_snapshot_blocking_pids pg_lock_status pg_read_file
  pg_read_binary_file pg_ls_dir pg_stat_file pg_current_logfile pg_xact_status txid_status pg_xact_commit_timestamp
  lo_import lo_export lo_creat lo_create lo_unlink lo_open lo_close lo_put lo_get lo_from_bytea loread lowrite
  query_to_xml cursor_to_xml ts_stat ts_rewrite current_query pg_partition_tree pg_partition_ancestors
  pg_sequence_last_value pg_notification_queue_usage dblink dblink_exec`);

const postgresStable = words(`
  now current_timestamp current_date current_time localtime localtimestamp statement_timestamp
  transaction_timestamp current_user current_role session_user user current_catalog current_schema
  current_schemas current_database current_setting age date_part date_trunc extract to_char to_date to_number
  to_timestamp timezone make_timestamptz to_json to_jsonb row_to_json array_to_json json_agg jsonb_agg
  json_build_object jsonb_build_object json_build_array jsonb_build_array json_object_agg jsonb_object_agg
  json_populate_record jsonb_populate_record json_populate_recordset jsonb_populate_recordset json_to_record
  jsonb_to_record json_to_recordset jsonb_to_recordset concat concat_ws format length array_to_string
  convert convert_from convert_to generate_series to_tsvector to_tsquery plainto_tsquery phraseto_tsquery
  websearch_to_tsquery ts_headline pg_backend_pid txid_current pg_current_xact_id pg_current_snapshot
  txid_current_snapshot pg_trigger_depth pg_postmaster_start_time pg_conf_load_time version pg_typeof
  has_table_privilege has_schema_privilege has_column_privilege has_database_privilege has_function_privilege
  pg_has_role pg_get_indexdef pg_get_constraintdef pg_get_viewdef pg_get_functiondef pg_get_expr pg_get_userbyid
  pg_get_serial_sequence pg_table_is_visible pg_column_size obj_description col_description format_type
  to_regclass to_regtype inet_client_addr inet_client_port inet_server_addr inet_server_port
  jsonb_path_query_tz jsonb_path_exists_tz jsonb_path_match_tz pg_client_encoding`);

const postgresImmutable = words(`
  lower upper initcap btrim ltrim rtrim trim substr substring left right lpad rpad replace repeat reverse
  position strpos split_part regexp_replace regexp_match regexp_matches regexp_split_to_array starts_with md5
  sha256 sha512 encode decode char_length character_length octet_length bit_length chr ascii quote_ident
  quote_literal abs ceil ceiling floor round trunc mod power sqrt exp ln log greatest least sign div width_bucket
  count sum avg min max bool_and bool_or every string_agg array_agg stddev variance percentile_cont
  percentile_disc mode row_number rank dense_rank lag lead first_value last_value ntile cume_dist percent_rank
  array_length array_position array_positions array_append array_prepend array_cat array_remove cardinality
  unnest array_upper array_lower jsonb_extract_path jsonb_extract_path_text json_extract_path
  json_extract_path_text jsonb_array_elements jsonb_array_elements_text json_array_elements jsonb_each
  jsonb_each_text jsonb_object_keys jsonb_array_length json_array_length jsonb_set jsonb_insert jsonb_strip_nulls
  jsonb_typeof jsonb_pretty jsonb_path_query jsonb_path_exists make_date make_interval make_timestamp
  date_bin isfinite justify_days justify_hours int4range int8range numrange tsrange daterange lower_inf
  upper_inf isempty coalesce nullif host hostmask netmask network`);

const mysqlVolatile = words(`
  rand uuid uuid_short sysdate last_insert_id get_lock release_lock release_all_locks is_free_lock is_used_lock
  found_rows row_count sleep benchmark nextval setval lastval master_pos_wait source_pos_wait
  wait_for_executed_gtid_set load_file random_bytes`);

const mysqlStable = words(`
  now current_timestamp localtime localtimestamp curdate current_date curtime current_time utc_date utc_time
  utc_timestamp unix_timestamp database schema user current_user session_user system_user connection_id
  version current_role`);

const mysqlImmutable = words(`
  lower upper lcase ucase concat concat_ws substring substr left right length char_length character_length
  trim ltrim rtrim lpad rpad replace repeat reverse locate instr position field find_in_set format md5 sha1 sha2
  hex unhex abs ceil ceiling floor round truncate mod pow power sqrt exp ln log greatest least sign coalesce
  ifnull nullif if isnull count sum avg min max group_concat bit_and bit_or std stddev variance json_extract
  json_unquote json_contains json_object json_array json_length json_keys json_set json_value date datediff
  date_add date_sub adddate subdate date_format str_to_date year month day dayofmonth dayofweek dayofyear hour
  minute second week weekday yearweek quarter last_day from_unixtime time_to_sec sec_to_time timestampdiff
  timestampadd extract cast convert inet_aton inet_ntoa inet6_aton inet6_ntoa row_number rank dense_rank lag
  lead first_value last_value ntile`);

function table(volatile: readonly string[], stable: readonly string[], immutable: readonly string[]): ReadonlyMap<string, Volatility> {
  const map = new Map<string, Volatility>();
  for (const name of immutable) map.set(name, 'immutable');
  for (const name of stable) map.set(name, 'stable');
  for (const name of volatile) map.set(name, 'volatile');
  return map;
}

const tables: Record<Engine, ReadonlyMap<string, Volatility>> = {
  postgres: table(postgresVolatile, postgresStable, postgresImmutable),
  mysql: table(mysqlVolatile, mysqlStable, mysqlImmutable),
};

/**
 * Classify a called function. `name` may be schema-qualified (`pg_catalog.now`); a qualified name outside
 * pg_catalog / the engine's own schemas is a user function (`unknown`).
 */
export function classifyFunction(name: string, engine: Engine): FunctionCall {
  const lowered = name.toLowerCase();
  const dot = lowered.lastIndexOf('.');
  const schema = dot < 0 ? null : lowered.slice(0, dot);
  const bare = dot < 0 ? lowered : lowered.slice(dot + 1);
  const builtinSchema = schema === null || schema === 'pg_catalog' || (engine === 'mysql' && schema === 'sys');
  const volatility = builtinSchema ? tables[engine].get(bare) : undefined;
  if (!volatility) return { name: lowered, volatility: 'unknown', volatile: false, builtin: false };
  return { name: lowered, volatility, volatile: volatility === 'volatile', builtin: true };
}
