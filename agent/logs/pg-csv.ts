/**
 * PostgreSQL csvlog: one RFC 4180 record per message, fields quoted with `""` escapes, line breaks kept inside
 * quoted fields. Columns as of PostgreSQL 15 (26; 13 had 24, 14 has 26 too):
 * https://www.postgresql.org/docs/15/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-CSVLOG
 */
import type { LogParser, ParseResult, Reject } from '../events.js';
import { PgEventAssembler } from './pg-assembler.js';
import { makeReject, nonEmpty } from './pg-entry.js';
import { PgTimeParser } from './pg-time.js';

const col = {
  logTime: 0, user: 1, database: 2, pid: 3, connectionFrom: 4, sessionId: 5, transactionId: 10, severity: 11,
  sqlstate: 12, message: 13, detail: 14, query: 19, application: 22,
} as const;
/** Columns every csvlog since PostgreSQL 9.0 has (application_name is the 23rd). */
const minColumns = 23;
/** A record starts with log_time: `2026-11-26 20:44:32.123 UTC,`. */
const recordStart = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

export interface PgCsvOptions {
  readonly timeZone?: string;
  readonly holdLines?: number;
}

export class PgCsvParser implements LogParser {
  readonly #time: PgTimeParser;
  readonly #assembler: PgEventAssembler;
  #rejects: Reject[] = [];
  /** Lines of a record whose quoted field is still open. */
  #partial: string[] = [];
  #partialLine = 0;
  /** Quote parity of the partial record: odd means inside a quoted field. */
  #quotes = 0;

  constructor(options: PgCsvOptions = {}) {
    this.#time = new PgTimeParser(options.timeZone);
    this.#assembler = new PgEventAssembler(options.holdLines);
  }

  push(lines: readonly string[], firstLine: number): ParseResult {
    for (let i = 0; i < lines.length; i++) this.#read(lines[i], firstLine + i);
    return this.#result();
  }

  end(): ParseResult {
    if (this.#partial.length > 0) {
      this.#rejects.push(makeReject(this.#partialLine, 'csv record ends inside a quoted field', this.#partial[0]));
      this.#partial = [];
    }
    this.#assembler.flush();
    return this.#result();
  }

  #result(): ParseResult {
    const events = this.#assembler.drain();
    const rejects = this.#rejects;
    this.#rejects = [];
    const held = this.#partial.length > 0 ? this.#partialLine : null;
    return { events, rejects, pendingLine: this.#assembler.pendingLine ?? held };
  }

  #read(line: string, lineNo: number): void {
    if (this.#partial.length === 0) {
      if (line.length === 0) return;
      if (!recordStart.test(line)) {
        this.#rejects.push(makeReject(lineNo, 'not a csvlog record (expected log_time first)', line));
        return;
      }
      const quotes = countQuotes(line);
      if (quotes % 2 === 0) {
        this.#record(line, lineNo);
        return;
      }
      this.#partial.push(line);
      this.#partialLine = lineNo;
      this.#quotes = quotes;
      return;
    }
    this.#partial.push(line);
    this.#quotes += countQuotes(line);
    if (this.#quotes % 2 === 0) {
      const text = this.#partial.join('\n');
      this.#partial = [];
      this.#record(text, this.#partialLine);
    }
  }

  #record(text: string, lineNo: number): void {
    const f = parseCsvRecord(text);
    if (f === null || f.length < minColumns) {
      this.#rejects.push(makeReject(lineNo, `not a csvlog record (${f === null ? 'bad quoting' : `${f.length} columns`})`, text));
      return;
    }
    const timeMs = this.#time.parse(f[col.logTime]);
    if (timeMs === null) {
      this.#rejects.push(makeReject(lineNo, `unreadable log_time '${f[col.logTime]}' (set the time zone option for zone abbreviations)`, text));
      return;
    }
    const from = f[col.connectionFrom];
    const colon = from.lastIndexOf(':');
    const transaction = f[col.transactionId];
    this.#assembler.add({
      line: lineNo,
      timeMs,
      session: nonEmpty(f[col.sessionId]) ?? nonEmpty(f[col.pid]) ?? null,
      user: nonEmpty(f[col.user]),
      database: nonEmpty(f[col.database]),
      application: nonEmpty(f[col.application]),
      client: nonEmpty(colon > 0 ? from.slice(0, colon) : from),
      transaction: transaction === '0' ? undefined : nonEmpty(transaction),
      severity: f[col.severity],
      sqlstate: nonEmpty(f[col.sqlstate]) ?? null,
      message: f[col.message],
      detail: nonEmpty(f[col.detail]) ?? null,
      statement: nonEmpty(f[col.query]) ?? null,
    });
  }
}

function countQuotes(line: string): number {
  let n = 0;
  for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) n++;
  return n;
}

/** RFC 4180 fields of one record; null when quoting is malformed. */
export function parseCsvRecord(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let start = i + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q < 0) return null;
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= text.length) return fields;
    if (text.charCodeAt(i) !== 44 /* , */) return null;
    i++;
  }
}
