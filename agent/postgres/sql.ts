/**
 * The SQL qprof sends to PostgreSQL, versioned by the installed pg_stat_statements. Every statement starts
 * with the `/* qprof *\/` marker so the sampler can drop its own entries.
 *
 * Column names by extension version (https://www.postgresql.org/docs/current/pgstatstatements.html):
 * - ≤ 1.7 (PG ≤ 12): `total_time`, no planning time, no `toplevel`;
 * - 1.8 (PG 13): `total_exec_time`, `total_plan_time`, WAL counters;
 * - 1.9 (PG 14): `toplevel`, view `pg_stat_statements_info` (`dealloc`, `stats_reset`);
 * - 1.10 (PG 15): JIT and temp I/O timing;
 * - 1.11 (PG 17): `stats_since` per entry, `blk_read_time` renamed `shared_blk_read_time`.
 */

export const marker = '/* qprof */';

/** Extension version as [major, minor]: '1.10' → [1, 10]. */
export function parseExtVersion(version: string): readonly [number, number] {
  const [major, minor] = version.split('.').map((p) => Number.parseInt(p, 10));
  return [major ?? 0, minor ?? 0];
}

function atLeast(version: readonly [number, number], major: number, minor: number): boolean {
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

export const probeSql = `${marker} SELECT current_database() AS database, current_setting('server_version_num')::int AS version_num,
  current_setting('server_version') AS version, pg_postmaster_start_time()::text AS started,
  (SELECT extversion FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss_version,
  current_setting('pg_stat_statements.max', true) AS pgss_max`;

/**
 * Counters of the current database's entries. `showText` false skips reading the query-text file (the
 * expensive part, https://www.postgresql.org/docs/current/pgstatstatements.html#PGSTATSTATEMENTS-FUNCS):
 * texts are only needed for entries not seen before.
 */
export function statementsSql(extVersion: string, showText: boolean): string {
  const v = parseExtVersion(extVersion);
  const v18 = atLeast(v, 1, 8);
  const cols = [
    'userid::text AS userid', 'dbid::text AS dbid', 'queryid::text AS queryid',
    atLeast(v, 1, 9) ? 'toplevel' : 'true AS toplevel',
    showText ? 'query' : 'NULL::text AS query',
    'calls', v18 ? 'total_exec_time AS total_ms' : 'total_time AS total_ms',
    v18 ? 'total_plan_time AS plan_ms' : 'NULL::float8 AS plan_ms',
    'rows', 'shared_blks_hit', 'shared_blks_read', 'temp_blks_written',
    atLeast(v, 1, 11) ? 'stats_since::text AS since' : 'NULL::text AS since',
  ];
  // Entries of other users read as NULL queryid without pg_read_all_stats: they cannot be keyed, skip them.
  return `${marker} SELECT ${cols.join(', ')} FROM pg_stat_statements(${showText})
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL`;
}

/** Reset time and evictions (1.9+); older versions have no such view. */
export function infoSql(extVersion: string): string | null {
  if (!atLeast(parseExtVersion(extVersion), 1, 9)) return null;
  return `${marker} SELECT dealloc, stats_reset::text AS stats_reset FROM pg_stat_statements_info`;
}
