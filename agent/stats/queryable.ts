/**
 * The smallest interface the samplers and the doctor need from a database connection, so that they do not
 * depend on a driver type. agent/postgres/connect.ts and agent/mysql/connect.ts adapt pg and mysql2 to it.
 */
export interface Queryable {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>;
}

/** An open monitoring session: read-only, with a statement timeout, closed by the caller. */
export interface MonitorSession extends Queryable {
  /** The DSN with its password redacted, for messages. */
  readonly display: string;
  close(): Promise<void>;
}

/** SQLSTATE (PostgreSQL), MySQL error name (`ER_…`) or Node system error code of a failure, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Node socket errors that mean "nothing answers there". */
export const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'ENETUNREACH']);
