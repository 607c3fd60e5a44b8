/** Gathers the facts the PostgreSQL checks need (I/O through a Queryable). Every read is read-only and marked. */
import { errorCode, type Queryable } from '../stats/queryable.js';
import type { PgFacts } from './pg-checks.js';

const settingNames = ['pg_stat_statements.max', 'pg_stat_statements.track', 'compute_query_id', 'track_activity_query_size',
  'log_min_duration_statement', 'log_line_prefix', 'shared_preload_libraries'];

export async function fetchPgFacts(db: Queryable): Promise<PgFacts> {
  const who = (await db.query(`/* qprof */ SELECT current_database() AS database, current_user AS "user",
    (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
    pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats,
    (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss_version`)).rows[0] as Record<string, unknown>;
  const settings: Record<string, string | null> = {};
  // pg_settings.setting is the raw value (track_activity_query_size 4096, not 4kB); settings a role may not
  // see (shared_preload_libraries without pg_read_all_settings) have no row and stay null.
  const rows = (await db.query('/* qprof */ SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])', [settingNames])).rows;
  for (const name of settingNames) settings[name] = null;
  for (const r of rows as Array<{ name: string; setting: string }>) settings[r.name] = r.setting;
  let pgssReadError: string | null = null;
  if (who.pgss_version) {
    try {
      await db.query('/* qprof */ SELECT 1 FROM pg_stat_statements(false) LIMIT 1');
    } catch (error) {
      pgssReadError = errorCode(error) ?? 'unknown';
    }
  }
  return {
    database: String(who.database), user: String(who.user), superuser: who.superuser === true, readAllStats: who.read_all_stats === true,
    pgssVersion: typeof who.pgss_version === 'string' ? who.pgss_version : null,
    sharedPreloadLibraries: settings.shared_preload_libraries ?? null, pgssReadError, settings,
  };
}
