/**
 * One PostgreSQL log entry as every format (stderr, csvlog, jsonlog) delivers it, before interpretation, and
 * small helpers the three readers share.
 */
import type { Reject } from '../events.js';

export interface PgEntry {
  /** 1-based line of the entry's first line. */
  readonly line: number;
  readonly timeMs: number;
  /** `%c` session id, else `%p` pid; null when the log carries neither. */
  readonly session: string | null;
  readonly user?: string;
  readonly database?: string;
  readonly application?: string;
  readonly client?: string;
  readonly transaction?: string;
  /** LOG, ERROR, FATAL, PANIC, WARNING, … */
  readonly severity: string;
  readonly sqlstate: string | null;
  /** Message text; continuation lines joined with `\n` (stderr tabs removed). */
  readonly message: string;
  readonly detail: string | null;
  /** The `STATEMENT:` (stderr) / `query` (csv) / `statement` (json) of an error, lock wait or temp file. */
  readonly statement: string | null;
}

const maxRejectText = 200;

export function makeReject(line: number, reason: string, text: string): Reject {
  return { line, reason, text: text.length > maxRejectText ? text.slice(0, maxRejectText) : text };
}

/** Drop empty strings so events do not carry `user: ''` for background processes. */
export function nonEmpty(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : value;
}

