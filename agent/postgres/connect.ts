/**
 * Opens the monitoring session to PostgreSQL: a read-only session (`default_transaction_read_only`) with a
 * statement timeout, named `qprof`. Connection failures become one SourceUnavailableError line with the
 * password redacted; the decision is made on SQLSTATE / socket codes, never on message text.
 */
import pg from 'pg';
import { SourceUnavailableError, redactDsn } from '../errors.js';
import { errorCode, unreachableCodes, type MonitorSession } from '../stats/queryable.js';

export interface PgConnectOptions {
  /** Per-statement limit on the monitored server. Default 10 s. */
  readonly statementTimeoutMs?: number;
  /** libpq environment (PGHOST, PGUSER, …) used when `dsn` is undefined; pass `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Where a session goes, for messages: the URL redacted, or what the PG* variables say. */
export function describePgTarget(dsn: string | undefined, env: Readonly<Record<string, string | undefined>> = {}): string {
  if (dsn) return redactDsn(dsn);
  const user = env.PGUSER ?? env.USER ?? '';
  return `postgres://${user ? `${user}@` : ''}${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? user}`;
}

/** `timedOutMs`: the connect timeout when it ran out (node-postgres gives that error no code). */
export function mapPgConnectError(error: unknown, display: string, timedOutMs?: number): SourceUnavailableError {
  const code = errorCode(error);
  const where = `cannot connect to PostgreSQL at ${display}`;
  if (!code && timedOutMs !== undefined) {
    return new SourceUnavailableError(`${where}: no answer within ${timedOutMs / 1000} s`, 'check host and port, and that a firewall lets the connection through to PostgreSQL', { cause: error });
  }
  if (code && unreachableCodes.has(code)) {
    return new SourceUnavailableError(`${where}: nothing answers (${code})`, 'check host and port, and that PostgreSQL is running and accepts TCP connections', { cause: error });
  }
  if (code === '28P01' || code === '28000') {
    return new SourceUnavailableError(`${where}: authentication failed (SQLSTATE ${code})`, 'check the user and password in the URL or PGUSER/PGPASSWORD, and pg_hba.conf', { cause: error });
  }
  if (code === '3D000') {
    return new SourceUnavailableError(`${where}: the database does not exist (SQLSTATE 3D000)`, 'check the database name at the end of the URL or PGDATABASE', { cause: error });
  }
  if (code === '53300') {
    return new SourceUnavailableError(`${where}: too many connections (SQLSTATE 53300)`, 'free a connection slot or raise max_connections', { cause: error });
  }
  return new SourceUnavailableError(`${where}: ${code ? `SQLSTATE ${code}` : 'connection failed'}`, 'run with --debug for details', { cause: error });
}

export async function connectPostgres(dsn: string | undefined, options: PgConnectOptions = {}): Promise<MonitorSession> {
  const display = describePgTarget(dsn, options.env);
  const timeoutMs = options.statementTimeoutMs ?? 10_000;
  const connectTimeoutMs = 10_000;
  const client = new pg.Client({
    ...(dsn ? { connectionString: dsn } : {}),
    application_name: 'qprof',
    connectionTimeoutMillis: connectTimeoutMs,
    // Every statement of this session runs read-only and time-limited, whatever it is.
    options: `-c default_transaction_read_only=on -c statement_timeout=${timeoutMs} -c lock_timeout=${Math.min(timeoutMs, 2000)}`,
  });
  // A server going away later must not crash the process: the next query fails instead.
  client.on('error', () => {});
  const startedMs = performance.now();
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    const timedOut = performance.now() - startedMs >= connectTimeoutMs - 50;
    throw mapPgConnectError(error, display, timedOut ? connectTimeoutMs : undefined);
  }
  return {
    display,
    async query(sql, params) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
