/**
 * The SQL qprof sends to MySQL 8 / MariaDB 10.11. Every statement starts with the `/* qprof *\/` marker.
 * performance_schema digests strip comments, so the sampler also recognizes its own statements by schema
 * (the session has no default database) — see agent/mysql/connect.ts.
 * https://mariadb.com/kb/en/performance-schema-events_statements_summary_by_digest-table/
 * https://dev.mysql.com/doc/refman/8.0/en/performance-schema-statement-summary-tables.html
 */

export const marker = '/* qprof */';

/** Digest counters; texts only when asked (transfer cost), and only for the target schema when given. */
export function digestsSql(withText: boolean, bySchema: boolean, digestCount = 0): string {
  // qprof's session has no default database, so its own digests have a NULL schema and are never sampled
  // (nor are statements of applications that run without a default database).
  const where = ['DIGEST IS NOT NULL', bySchema ? 'SCHEMA_NAME = ?' : 'SCHEMA_NAME IS NOT NULL'];
  if (digestCount > 0) where.push(`DIGEST IN (${Array.from({ length: digestCount }, () => '?').join(', ')})`);
  return `${marker} SELECT SCHEMA_NAME AS schema_name, DIGEST AS digest, ${withText ? 'DIGEST_TEXT' : 'NULL'} AS digest_text,
  COUNT_STAR AS calls, SUM_TIMER_WAIT AS timer_ps, SUM_ROWS_SENT AS rows_sent, SUM_ROWS_AFFECTED AS rows_affected,
  SUM_ROWS_EXAMINED AS rows_examined, SUM_NO_INDEX_USED AS no_index_used, SUM_NO_GOOD_INDEX_USED AS no_good_index_used,
  SUM_CREATED_TMP_DISK_TABLES AS tmp_disk_tables, FIRST_SEEN AS first_seen
FROM performance_schema.events_statements_summary_by_digest WHERE ${where.join(' AND ')}`;
}

/** Server clock, uptime and digest-table health (SHOW works on both MySQL 8 and MariaDB). */
export const clockSql = `${marker} SELECT UNIX_TIMESTAMP(NOW(6)) AS now_s, @@performance_schema AS performance_schema,
  @@performance_schema_digests_size AS digests_size, @@version AS version`;
export const statusSql = `${marker} SHOW GLOBAL STATUS WHERE Variable_name IN ('Uptime', 'Performance_schema_digest_lost')`;

/** Which statement consumers are on. */
export const consumersSql = `${marker} SELECT NAME AS name, ENABLED AS enabled FROM performance_schema.setup_consumers
  WHERE NAME IN ('events_statements_current', 'events_statements_history', 'events_statements_history_long', 'statements_digest')`;

/**
 * Anchor of the performance_schema timer: TIMER_START of this very statement against the wall clock, so
 * history TIMER_START values (picoseconds since server start) convert to epoch time.
 */
export const timerAnchorSql = `${marker} SELECT TIMER_START AS timer_ps, UNIX_TIMESTAMP(NOW(6)) AS now_s
FROM performance_schema.events_statements_current
WHERE THREAD_ID = (SELECT THREAD_ID FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID())`;

/** Finished top-level statements in the history ring buffer, oldest first. */
export function historySql(bySchema: boolean): string {
  return `${marker} SELECT h.THREAD_ID AS thread_id, h.EVENT_ID AS event_id, h.TIMER_START AS timer_start,
  h.TIMER_WAIT AS timer_wait, h.LOCK_TIME AS lock_time, h.SQL_TEXT AS sql_text, h.CURRENT_SCHEMA AS current_schema,
  h.ROWS_SENT AS rows_sent, h.ROWS_EXAMINED AS rows_examined, h.ROWS_AFFECTED AS rows_affected,
  h.NO_INDEX_USED AS no_index_used, h.CREATED_TMP_DISK_TABLES AS tmp_disk_tables, h.MYSQL_ERRNO AS errno,
  t.PROCESSLIST_USER AS user, t.PROCESSLIST_HOST AS host
FROM performance_schema.events_statements_history_long h
LEFT JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID
WHERE h.END_EVENT_ID IS NOT NULL AND h.NESTING_EVENT_ID IS NULL AND h.SQL_TEXT IS NOT NULL
  AND (t.PROCESSLIST_ID IS NULL OR t.PROCESSLIST_ID <> CONNECTION_ID())${bySchema ? ' AND h.CURRENT_SCHEMA = ?' : ''}
ORDER BY h.THREAD_ID, h.EVENT_ID`;
}

/** Every statement text qprof sends, so a digest of one of them is recognized even without its comment. */
export function ownStatements(): string[] {
  return [digestsSql(false, true), digestsSql(false, false), digestsSql(true, true, 1), digestsSql(true, false, 1),
    clockSql, statusSql, consumersSql, timerAnchorSql, historySql(true), historySql(false)];
}
