/**
 * PostgreSQL jsonlog (15+): one JSON object per line; keys absent when empty.
 * https://www.postgresql.org/docs/15/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-JSONLOG
 */
import type { LogParser, ParseResult, Reject } from '../events.js';
import { PgEventAssembler } from './pg-assembler.js';
import { makeReject, nonEmpty } from './pg-entry.js';
import { PgTimeParser } from './pg-time.js';

export interface PgJsonOptions {
  readonly timeZone?: string;
  readonly holdLines?: number;
}

interface JsonLogRecord {
  timestamp?: unknown;
  user?: unknown;
  dbname?: unknown;
  pid?: unknown;
  remote_host?: unknown;
  session_id?: unknown;
  txid?: unknown;
  error_severity?: unknown;
  state_code?: unknown;
  message?: unknown;
  detail?: unknown;
  statement?: unknown;
  application_name?: unknown;
}

export class PgJsonParser implements LogParser {
  readonly #time: PgTimeParser;
  readonly #assembler: PgEventAssembler;
  #rejects: Reject[] = [];

  constructor(options: PgJsonOptions = {}) {
    this.#time = new PgTimeParser(options.timeZone);
    this.#assembler = new PgEventAssembler(options.holdLines);
  }

  push(lines: readonly string[], firstLine: number): ParseResult {
    for (let i = 0; i < lines.length; i++) this.#read(lines[i], firstLine + i);
    return this.#result();
  }

  end(): ParseResult {
    this.#assembler.flush();
    return this.#result();
  }

  #result(): ParseResult {
    const events = this.#assembler.drain();
    const rejects = this.#rejects;
    this.#rejects = [];
    return { events, rejects, pendingLine: this.#assembler.pendingLine };
  }

  #read(line: string, lineNo: number): void {
    if (line.length === 0) return;
    let r: JsonLogRecord;
    try {
      if (line.charCodeAt(0) !== 123 /* { */) throw new SyntaxError('not an object');
      r = JSON.parse(line);
    } catch {
      this.#rejects.push(makeReject(lineNo, 'not a jsonlog record (one JSON object per line expected)', line));
      return;
    }
    if (typeof r.timestamp !== 'string' || typeof r.error_severity !== 'string' || typeof r.message !== 'string') {
      this.#rejects.push(makeReject(lineNo, 'jsonlog record without timestamp, error_severity or message', line));
      return;
    }
    const timeMs = this.#time.parse(r.timestamp);
    if (timeMs === null) {
      this.#rejects.push(makeReject(lineNo, `unreadable timestamp '${r.timestamp}' (set the time zone option for zone abbreviations)`, line));
      return;
    }
    const txid = r.txid === undefined || r.txid === 0 || r.txid === '0' ? undefined : String(r.txid);
    this.#assembler.add({
      line: lineNo,
      timeMs,
      session: str(r.session_id) ?? str(r.pid) ?? null,
      user: str(r.user),
      database: str(r.dbname),
      application: str(r.application_name),
      client: str(r.remote_host),
      transaction: txid,
      severity: r.error_severity,
      sqlstate: str(r.state_code) ?? null,
      message: r.message,
      detail: str(r.detail) ?? null,
      statement: str(r.statement) ?? null,
    });
  }
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return nonEmpty(value);
  if (typeof value === 'number') return String(value);
  return undefined;
}
