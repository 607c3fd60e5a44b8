/**
 * One database session of the shop app, over `pg` or `mysql2`, behind the smallest interface the workload
 * needs. The session id is what the server logs as the session key (PostgreSQL backend pid, MariaDB thread
 * id), so the ground truth can say which log sessions belong to which worker.
 */
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { Engine } from '../../agent/events.js';
import { SourceUnavailableError } from '../../agent/errors.js';
import { redactDsn } from '../../agent/errors.js';

export interface QueryOutcome {
  readonly rows: readonly Record<string, unknown>[];
  readonly rowCount: number;
  readonly insertId?: number;
}

export interface SendOptions {
  /** PostgreSQL named prepared statement. */
  readonly pgName?: string;
  /** mysql2: `execute` = server-side prepared statement, `query` = client-side interpolation. */
  readonly mysqlMode?: 'execute' | 'query';
}

export interface WorkloadConnection {
  readonly engine: Engine;
  /** PostgreSQL backend pid or MariaDB thread id, as the server's logs show it. */
  readonly sessionId: string;
  send(sql: string, params?: readonly unknown[], options?: SendOptions): Promise<QueryOutcome>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL schema put first on search_path, or the MariaDB database; null = the URL's own. */
  readonly schema: string | null;
  readonly applicationName: string;
  /** Statements run right after connecting (e.g. `SET log_min_duration_statement = 0` for a capture). */
  readonly initSql?: readonly string[];
}

export async function openConnection(engine: Engine, url: string, options: OpenOptions): Promise<WorkloadConnection> {
  try {
    const conn = engine === 'postgres' ? await openPostgres(url, options) : await openMysql(url, options);
    for (const sql of options.initSql ?? []) await conn.send(sql);
    return conn;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      throw new SourceUnavailableError(`cannot connect to ${redactDsn(url)} (${code})`,
        'start the server (bash scripts/services.sh) or pass another --url', { cause: error });
    }
    throw error;
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<WorkloadConnection> {
  const client = new pg.Client({
    connectionString: url,
    application_name: options.applicationName,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  await client.connect();
  const pid = (client as unknown as { processID: number }).processID;
  return {
    engine: 'postgres',
    sessionId: String(pid),
    async send(sql, params = [], how = {}) {
      const result = params.length || how.pgName
        ? await client.query({ text: sql, values: params as unknown[], ...(how.pgName ? { name: how.pgName } : {}) })
        : await client.query(sql);
      return { rows: result.rows ?? [], rowCount: result.rowCount ?? 0 };
    },
    close: () => client.end(),
  };
}

async function openMysql(url: string, options: OpenOptions): Promise<WorkloadConnection> {
  const parsed = new URL(url);
  const conn = await mysql.createConnection({
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database: options.schema ?? (parsed.pathname.slice(1) || undefined),
    connectAttributes: { program_name: options.applicationName },
    dateStrings: true,
    supportBigNumbers: true,
  });
  return {
    engine: 'mysql',
    sessionId: String(conn.threadId),
    async send(sql, params = [], how = {}) {
      const args = params as unknown[];
      const [result] = how.mysqlMode === 'query' || params.length === 0
        ? await conn.query(sql, args)
        : await conn.execute(sql, args as never);
      if (Array.isArray(result)) return { rows: result as Record<string, unknown>[], rowCount: result.length };
      const header = result as mysql.ResultSetHeader;
      return { rows: [], rowCount: header.affectedRows, insertId: header.insertId };
    },
    close: () => conn.end(),
  };
}
