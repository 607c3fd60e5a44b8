/** PostgreSQL doctor checks: facts gathered by pg-probe.ts → findings with fixes. Pure. */
import { fail, ok, warn, type Finding } from './types.js';

export interface PgFacts {
  readonly database: string;
  readonly user: string;
  readonly superuser: boolean;
  /** Installed extension version in this database, null when not installed. */
  readonly pgssVersion: string | null;
  /** null when the role may not read it (then pg_stat_statements answering proves it is loaded). */
  readonly sharedPreloadLibraries: string | null;
  /** SQLSTATE of reading pg_stat_statements, null when the read worked (or was not tried). */
  readonly pgssReadError: string | null;
  readonly readAllStats: boolean;
  /** Settings by name; null when the setting does not exist (library not loaded). */
  readonly settings: Readonly<Record<string, string | null>>;
}

const preloadFix = "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; (keep the libraries already listed) then restart PostgreSQL";

export function checkPostgres(f: PgFacts): Finding[] {
  const out: Finding[] = [];
  const libraries = f.sharedPreloadLibraries;
  const preloaded = libraries === null ? f.pgssReadError !== '55000' && f.settings['pg_stat_statements.max'] !== null
    : libraries.split(',').map((s) => s.trim()).includes('pg_stat_statements');
  const shown = libraries === null ? 'pg_stat_statements settings exist' : `shared_preload_libraries = '${libraries}'`;
  out.push(preloaded ? ok('pgss-preloaded', 'pg_stat_statements preloaded', shown)
    : fail('pgss-preloaded', 'pg_stat_statements preloaded', `${shown}: pg_stat_statements is not loaded`, preloadFix));
  out.push(f.pgssVersion ? ok('pgss-installed', 'pg_stat_statements installed', `version ${f.pgssVersion} in database ${f.database}`)
    : fail('pgss-installed', 'pg_stat_statements installed', `pg_stat_statements is not installed in database ${f.database}`,
      `run CREATE EXTENSION pg_stat_statements; in ${f.database} and add it to shared_preload_libraries`));
  if (f.readAllStats || f.superuser) {
    out.push(ok('privileges', 'privileges', `${f.user} ${f.superuser ? 'is a superuser' : 'has pg_read_all_stats'}: sees every statement`));
  } else {
    out.push(fail('privileges', 'privileges', `${f.user} lacks pg_read_all_stats: other users' statements show as <insufficient privilege> and cannot be sampled`,
      `GRANT pg_monitor TO ${f.user}; (or GRANT pg_read_all_stats TO ${f.user};)`));
  }
  if (f.pgssReadError === '42501') {
    out.push(fail('pgss-readable', 'pg_stat_statements readable', `permission denied (SQLSTATE 42501)`, `GRANT pg_read_all_stats TO ${f.user};`));
  }
  const max = f.settings['pg_stat_statements.max'];
  if (max !== null && max !== undefined) {
    out.push(Number(max) >= 5000 ? ok('pgss-max', 'pg_stat_statements.max', max)
      : warn('pgss-max', 'pg_stat_statements.max', `${max}: entries get evicted between samples on a busy database`,
        'ALTER SYSTEM SET pg_stat_statements.max = 10000; then restart PostgreSQL'));
  }
  const track = f.settings['pg_stat_statements.track'];
  if (track === 'none') out.push(fail('pgss-track', 'pg_stat_statements.track', 'none: nothing is recorded', "ALTER SYSTEM SET pg_stat_statements.track = 'top'; SELECT pg_reload_conf();"));
  const queryId = f.settings.compute_query_id;
  if (queryId !== null && queryId !== undefined) {
    out.push(queryId === 'off' ? fail('compute-query-id', 'compute_query_id', 'off: pg_stat_statements records nothing', "ALTER SYSTEM SET compute_query_id = 'auto'; SELECT pg_reload_conf();")
      : ok('compute-query-id', 'compute_query_id', queryId));
  }
  const textSize = Number(f.settings.track_activity_query_size ?? 1024);
  out.push(textSize >= 4096 ? ok('query-size', 'track_activity_query_size', String(f.settings.track_activity_query_size))
    : warn('query-size', 'track_activity_query_size', `${f.settings.track_activity_query_size}: long statements are cut in pg_stat_activity`,
      'ALTER SYSTEM SET track_activity_query_size = 4096; then restart PostgreSQL'));
  const minDuration = f.settings.log_min_duration_statement;
  out.push(minDuration === '-1' ? warn('log-duration', 'log_min_duration_statement', '-1: no statement durations in the log (per-session sequences for the N+1 advisor come from logs)',
    "ALTER SYSTEM SET log_min_duration_statement = '100ms'; SELECT pg_reload_conf(); (0 logs everything)")
    : ok('log-duration', 'log_min_duration_statement', String(minDuration)));
  const prefix = f.settings.log_line_prefix ?? '';
  const session = /%[cp]/.test(prefix);
  const time = /%[mtn]/.test(prefix);
  out.push(session && time ? ok('log-prefix', 'log_line_prefix', `'${prefix}' has a time and a session key`)
    : warn('log-prefix', 'log_line_prefix', `'${prefix}' lacks ${[time ? '' : 'a time (%m)', session ? '' : 'a session key (%c or %p)'].filter(Boolean).join(' and ')}`,
      "ALTER SYSTEM SET log_line_prefix = '%m [%p] %q%u@%d %c '; SELECT pg_reload_conf();"));
  return out;
}
