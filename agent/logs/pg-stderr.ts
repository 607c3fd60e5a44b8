/**
 * PostgreSQL stderr log (log_destination = stderr): every line starts with log_line_prefix and a severity;
 * a message's own line breaks become continuation lines starting with a tab; DETAIL/HINT/CONTEXT/STATEMENT lines
 * of the same message follow with their own prefix (PostgreSQL writes them in one write(), so they are adjacent).
 */
import type { LogParser, ParseResult, Reject } from '../events.js';
import { PgEventAssembler } from './pg-assembler.js';
import { makeReject, nonEmpty, type PgEntry } from './pg-entry.js';
import { compilePrefix, type CompiledPrefix, type PrefixFields } from './pg-prefix.js';
import { parseEpochSeconds, PgTimeParser } from './pg-time.js';

export interface PgStderrOptions {
  /** log_line_prefix of the server that wrote the log. */
  readonly prefix: string;
  /** IANA zone for timestamp abbreviations that are not a fixed offset. */
  readonly timeZone?: string;
  /** See PgEventAssembler. */
  readonly holdLines?: number;
}

const attached = new Set(['DETAIL', 'HINT', 'CONTEXT', 'STATEMENT', 'QUERY', 'LOCATION']);

interface OpenEntry {
  line: number;
  fields: PrefixFields;
  severity: string;
  message: string;
  detail: string | null;
  statement: string | null;
  /** Which part continuation lines extend. */
  last: 'message' | 'detail' | 'statement' | 'ignored';
}

export class PgStderrParser implements LogParser {
  readonly #prefix: CompiledPrefix;
  readonly #time: PgTimeParser;
  readonly #assembler: PgEventAssembler;
  #open: OpenEntry | null = null;
  #rejects: Reject[] = [];

  constructor(options: PgStderrOptions) {
    this.#prefix = compilePrefix(options.prefix);
    this.#time = new PgTimeParser(options.timeZone);
    this.#assembler = new PgEventAssembler(options.holdLines);
  }

  push(lines: readonly string[], firstLine: number): ParseResult {
    for (let i = 0; i < lines.length; i++) this.#read(lines[i], firstLine + i);
    return this.#result();
  }

  end(): ParseResult {
    this.#close();
    this.#assembler.flush();
    return this.#result();
  }

  #result(): ParseResult {
    const events = this.#assembler.drain();
    const rejects = this.#rejects;
    this.#rejects = [];
    return { events, rejects, pendingLine: this.#assembler.pendingLine ?? this.#open?.line ?? null };
  }

  #read(line: string, lineNo: number): void {
    if (line.charCodeAt(0) === 9 /* tab */) {
      const open = this.#open;
      if (open === null) {
        this.#rejects.push(makeReject(lineNo, 'continuation line without an entry', line));
        return;
      }
      const text = line.slice(1);
      if (open.last === 'message') open.message += '\n' + text;
      else if (open.last === 'detail') open.detail += '\n' + text;
      else if (open.last === 'statement') open.statement += '\n' + text;
      return;
    }
    if (line.length === 0) return;
    const m = this.#prefix.match(line);
    if (m === null) {
      this.#rejects.push(makeReject(lineNo, `line does not start with log_line_prefix '${this.#prefix.prefix}'`, line));
      return;
    }
    const text = line.slice(m.messageStart);
    if (attached.has(m.severity)) {
      const open = this.#open;
      if (open === null) return; // the head of this message was before the first line read
      if (m.severity === 'DETAIL') {
        open.detail = text;
        open.last = 'detail';
      } else if (m.severity === 'STATEMENT') {
        open.statement = text;
        open.last = 'statement';
      } else open.last = 'ignored';
      return;
    }
    this.#close();
    this.#open = {
      line: lineNo, fields: m.fields, severity: m.severity, message: text, detail: null, statement: null, last: 'message',
    };
  }

  #close(): void {
    const open = this.#open;
    if (open === null) return;
    this.#open = null;
    const f = open.fields;
    let timeMs: number | null = 0;
    // %n has milliseconds like %m and no zone to resolve; %t has whole seconds.
    if (f.epochSeconds !== undefined) timeMs = parseEpochSeconds(f.epochSeconds);
    else if (f.time !== undefined) timeMs = this.#time.parse(f.time);
    if (timeMs === null) {
      this.#rejects.push(makeReject(open.line, `unreadable timestamp '${f.time ?? f.epochSeconds}' (set the time zone option for zone abbreviations)`, f.time ?? ''));
      return;
    }
    const host = f.host === undefined ? undefined : cutPort(f.host);
    const entry: PgEntry = {
      line: open.line,
      timeMs,
      session: f.sessionId ?? f.pid ?? null,
      user: nonEmpty(f.user),
      database: nonEmpty(f.database),
      application: nonEmpty(f.application),
      client: nonEmpty(host),
      transaction: f.transaction === '0' ? undefined : nonEmpty(f.transaction),
      severity: open.severity,
      sqlstate: f.sqlstate ?? null,
      // stderr appends the error cursor to the message; csvlog and jsonlog keep it apart (query_pos).
      message: open.severity === 'ERROR' ? stripCursor(open.message) : open.message,
      detail: open.detail,
      statement: open.statement,
    };
    this.#assembler.add(entry);
  }
}

/** `%r` is `host(port)`: keep the host. */
function cutPort(host: string): string {
  const paren = host.indexOf('(');
  return paren < 0 ? host : host.slice(0, paren);
}

/** `syntax error at or near "SELEC" at character 1` → `syntax error at or near "SELEC"`. */
function stripCursor(message: string): string {
  const at = message.lastIndexOf(' at character ');
  return at > 0 && /^ at character \d+$/.test(message.slice(at)) ? message.slice(0, at) : message;
}
