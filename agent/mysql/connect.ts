/**
 * Opens the monitoring session to MySQL 8 / MariaDB 10.11: read-only transactions, a statement time limit,
 * and NO default database, so qprof's own statements land in performance_schema under a NULL schema and
 * never mix with the digests of the monitored schema. Failures are decided on error codes, never text.
 */
import mysql from 'mysql2/promise';
import { SourceUnavailableError, redactDsn } from '../errors.js';
import { errorCode, unreachableCodes, type MonitorSession } from '../stats/queryable.js';
import { marker } from './sql.js';

export interface MysqlSession extends MonitorSession {
  /** The schema of the URL (the monitored database), or null for all schemas. */
  readonly schema: string | null;
  readonly mariadb: boolean;
  readonly version: string;
}

export function mapMysqlConnectError(error: unknown, display: string): SourceUnavailableError {
  const code = errorCode(error);
  const where = `cannot connect to MySQL at ${display}`;
  if (code && unreachableCodes.has(code)) {
    return new SourceUnavailableError(`${where}: nothing answers (${code})`, 'check host and port, and that the server is running and listens on TCP', { cause: error });
  }
  if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR' || code === 'ER_NOT_SUPPORTED_AUTH_MODE') {
    return new SourceUnavailableError(`${where}: access denied (${code})`, 'check the user, password and host part of the account', { cause: error });
  }
  if (code === 'ER_CON_COUNT_ERROR') {
    return new SourceUnavailableError(`${where}: too many connections`, 'free a connection or raise max_connections', { cause: error });
  }
  return new SourceUnavailableError(`${where}: ${code ?? 'connection failed'}`, 'run with --debug for details', { cause: error });
}

export async function connectMysql(dsn: string, options: { statementTimeoutMs?: number } = {}): Promise<MysqlSession> {
  const display = redactDsn(dsn);
  let url: URL;
  try {
    url = new URL(dsn);
  } catch (error) {
    throw new SourceUnavailableError(`not a MySQL URL: ${display}`, 'use mysql://user:password@host:3306/database', { cause: error });
  }
  const schema = decodeURIComponent(url.pathname.replace(/^\//, '')) || null;
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      host: url.hostname || 'localhost', port: Number(url.port || 3306),
      user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
      connectTimeout: 10_000, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true,
    });
  } catch (error) {
    throw mapMysqlConnectError(error, display);
  }
  conn.on('error', () => {});
  const [rows] = await conn.query(`${marker} SELECT VERSION() AS version`);
  const version = String((rows as Array<Record<string, unknown>>)[0]?.version ?? '');
  const mariadb = /mariadb/i.test(version);
  const timeoutMs = options.statementTimeoutMs ?? 10_000;
  await conn.query(`${marker} SET SESSION TRANSACTION READ ONLY`);
  // MariaDB: max_statement_time in seconds (all statements); MySQL: max_execution_time in ms (SELECT only).
  await conn.query(mariadb ? `${marker} SET SESSION max_statement_time = ${timeoutMs / 1000}` : `${marker} SET SESSION max_execution_time = ${timeoutMs}`);
  return {
    display, schema, mariadb, version,
    async query(sql, params) {
      const [result] = await conn.query(sql, params as unknown[] | undefined);
      return { rows: Array.isArray(result) ? (result as unknown[]) : [] };
    },
    async close() {
      await conn.end().catch(() => {});
    },
  };
}
