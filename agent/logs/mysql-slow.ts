/**
 * MySQL and MariaDB slow query log (log_output = FILE). An entry is a block of `# ` header lines, optional
 * `use db;` and `SET timestamp=N;`, then the statement (possibly many lines) up to the next header:
 * https://dev.mysql.com/doc/refman/8.0/en/slow-query-log.html, https://mariadb.com/kb/en/slow-query-log-extended-statistics/
 *
 * Times: MySQL 8 writes `# Time: 2026-11-26T20:44:32.123456Z` (completion, UTC unless log_timestamps=SYSTEM);
 * MariaDB writes `# Time: 261126 20:44:32` in server-local time, only when the second changes (later entries
 * inherit it). `SET timestamp=N` is the statement start in epoch seconds, so for MariaDB the event time is
 * start + Query_time; `# Time:` (timeZone option, default UTC) only when neither is present.
 */
import type { LogParser, ParseResult, PlanSummary, Reject, StatementEvent } from '../events.js';
import { makeReject, nonEmpty } from './pg-entry.js';
import { PgTimeParser } from './pg-time.js';

export interface MysqlSlowOptions {
  /** IANA zone of MariaDB's `# Time:` lines (server local time). Default UTC. */
  readonly timeZone?: string;
}

interface Entry {
  line: number;
  timeText: string | null;
  hasUserHost: boolean;
  user?: string;
  client?: string;
  session: string | null;
  database?: string;
  values: Map<string, string>;
  /** `# explain:` lines without that marker: a tab-separated EXPLAIN table, header first. */
  explain: string[];
  startSeconds: number | null;
  admin: boolean;
  sql: string[];
}

export class MysqlSlowParser implements LogParser {
  readonly #time: PgTimeParser;
  #entry: Entry | null = null;
  /** MariaDB omits `# Time:` within the same second: the next entry inherits it. */
  #lastTimeText: string | null = null;
  #lastDatabase: string | undefined;
  #events: StatementEvent[] = [];
  #rejects: Reject[] = [];

  constructor(options: MysqlSlowOptions = {}) {
    this.#time = new PgTimeParser(options.timeZone);
  }

  push(lines: readonly string[], firstLine: number): ParseResult {
    for (let i = 0; i < lines.length; i++) this.#read(lines[i], firstLine + i);
    return this.#result();
  }

  end(): ParseResult {
    this.#finish();
    return this.#result();
  }

  #result(): ParseResult {
    const result = { events: this.#events, rejects: this.#rejects, pendingLine: this.#entry?.line ?? null };
    this.#events = [];
    this.#rejects = [];
    return result;
  }

  #start(lineNo: number): Entry {
    this.#finish();
    const entry: Entry = {
      line: lineNo, timeText: this.#lastTimeText, hasUserHost: false, session: null, values: new Map(),
      explain: [], startSeconds: null, admin: false, sql: [],
    };
    this.#entry = entry;
    return entry;
  }

  #read(line: string, lineNo: number): void {
    let entry = this.#entry;
    if (line.charCodeAt(0) === 35 /* # */) {
      if (line.startsWith('# Time: ')) {
        if (entry === null || entry.hasUserHost || entry.sql.length > 0 || entry.admin) entry = this.#start(lineNo);
        entry.timeText = line.slice(8).trim();
        this.#lastTimeText = entry.timeText;
        return;
      }
      if (line.startsWith('# User@Host: ')) {
        if (entry === null || entry.hasUserHost || entry.sql.length > 0 || entry.admin) entry = this.#start(lineNo);
        readUserHost(entry, line.slice(13));
        return;
      }
      if (entry !== null && entry.sql.length === 0) {
        if (line.startsWith('# explain: ')) entry.explain.push(line.slice(11));
        else if (line.startsWith('# administrator command: ')) entry.admin = true;
        else readValues(entry.values, line);
        return;
      }
    }
    if (isBanner(line)) {
      this.#finish();
      return;
    }
    if (entry === null) {
      if (line.length > 0) this.#rejects.push(makeReject(lineNo, 'line outside a slow log entry', line));
      return;
    }
    if (entry.sql.length === 0 && !entry.admin) {
      if (entry.startSeconds === null && line.startsWith('SET timestamp=')) {
        const semicolon = line.indexOf(';');
        entry.startSeconds = Number(line.slice(14, semicolon < 0 ? undefined : semicolon));
        return;
      }
      if (entry.startSeconds === null && line.startsWith('use ') && line.endsWith(';')) {
        entry.database = line.slice(4, -1).replace(/`/g, '');
        this.#lastDatabase = entry.database;
        return;
      }
      if (line.length === 0) return;
    }
    entry.sql.push(line);
  }

  #finish(): void {
    const entry = this.#entry;
    if (entry === null) return;
    this.#entry = null;
    if (entry.admin) return;
    if (entry.sql.length === 0) {
      if (entry.values.has('Query_time')) this.#rejects.push(makeReject(entry.line, 'slow log entry without a statement', ''));
      return;
    }
    const queryMs = seconds(entry.values.get('Query_time'));
    let timeMs: number | null = null;
    const text = entry.timeText;
    if (text !== null && text.includes('T')) timeMs = Date.parse(text);
    else if (entry.startSeconds !== null && Number.isFinite(entry.startSeconds)) {
      timeMs = entry.startSeconds * 1000 + Math.round(queryMs ?? 0);
    } else if (text !== null) timeMs = this.#time.parse(mariadbTime(text));
    if (timeMs === null || Number.isNaN(timeMs)) {
      this.#rejects.push(makeReject(entry.line, 'slow log entry without a readable time', text ?? ''));
      return;
    }
    let sql = entry.sql.join('\n');
    if (sql.endsWith(';')) sql = sql.slice(0, -1);
    const v = entry.values;
    const plan = explainSummary(entry.explain);
    const lockMs = seconds(v.get('Lock_time'));
    // MariaDB's Schema is per entry; `use db;` is only written when the database differs from the last entry's.
    const database = nonEmpty(v.get('Schema')) ?? entry.database ?? this.#lastDatabase;
    const fullScan = v.get('Full_scan');
    const tmpTable = v.get('Tmp_table');
    // Built literally, every key in a fixed order (absent: undefined): spreads are slow on this hot path.
    const event: StatementEvent = {
      engine: 'mysql', kind: 'statement', line: entry.line, timeMs,
      session: entry.session ?? nonEmpty(v.get('Thread_id')) ?? null,
      user: entry.user, database, application: undefined, client: entry.client, transaction: undefined,
      sql,
      params: undefined,
      durationMs: queryMs ?? null,
      rowsSent: count(v.get('Rows_sent')),
      rowsExamined: count(v.get('Rows_examined')),
      rowsAffected: count(v.get('Rows_affected')),
      lockMs,
      fullScan: fullScan === undefined ? undefined : fullScan === 'Yes',
      tmpTable: tmpTable === undefined ? undefined : tmpTable === 'Yes',
      plan,
    };
    this.#events.push(event);
  }
}

/** `root[root] @ localhost [127.0.0.1]  Id:     8` (MySQL) or `root[root] @  [127.0.0.1]` (MariaDB). */
function readUserHost(entry: Entry, text: string): void {
  entry.hasUserHost = true;
  const bracket = text.indexOf('[');
  const at = text.indexOf(' @ ');
  entry.user = nonEmpty(text.slice(0, bracket >= 0 && bracket < at ? bracket : at).trim());
  const idAt = text.indexOf('Id:', at);
  const hostPart = text.slice(at + 3, idAt >= 0 ? idAt : text.length).trim();
  const ipOpen = hostPart.lastIndexOf('[');
  const ip = ipOpen >= 0 ? hostPart.slice(ipOpen + 1, hostPart.indexOf(']', ipOpen)) : '';
  const host = (ipOpen >= 0 ? hostPart.slice(0, ipOpen) : hostPart).trim();
  entry.client = nonEmpty(ip) ?? nonEmpty(host);
  if (idAt >= 0) entry.session = nonEmpty(text.slice(idAt + 3).trim()) ?? null;
}

/** The header fields an event uses; the others (Bytes_sent, Pages_*, QC_hit, …) are not kept. */
const usedKeys = new Set(['Query_time', 'Lock_time', 'Schema', 'Thread_id', 'Rows_sent', 'Rows_examined', 'Rows_affected', 'Full_scan', 'Tmp_table']);

/**
 * `# Thread_id: 12  Schema: shop  QC_hit: No` → Map of the used keys (an empty value, `Schema:  QC_hit:`, is '').
 * No regex, and no string is cut for a field nobody reads: hot path (log_slow_verbosity adds lines of them).
 */
function readValues(values: Map<string, string>, line: string): void {
  // MariaDB log_slow_verbosity=innodb: `# Pages_accessed: …` and `# Pages_read_time: …` hold no used field.
  if (line.startsWith('# Pages_')) return;
  const n = line.length;
  let i = 1;
  let key: string | null = null;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    let end = i;
    while (end < n && line.charCodeAt(end) !== 32) end++;
    if (end === i) break;
    if (line.charCodeAt(end - 1) === 58 /* : */) {
      if (key !== null) values.set(key, '');
      key = line.slice(i, end - 1);
      if (!usedKeys.has(key)) {
        // Skip this field's value (the next word, unless it is itself a key).
        key = null;
        let next = end;
        while (next < n && line.charCodeAt(next) === 32) next++;
        let nextEnd = next;
        while (nextEnd < n && line.charCodeAt(nextEnd) !== 32) nextEnd++;
        if (nextEnd > next && line.charCodeAt(nextEnd - 1) !== 58) end = nextEnd;
      }
    } else if (key !== null) {
      values.set(key, line.slice(i, end));
      key = null;
    }
    i = end;
  }
  if (key !== null) values.set(key, '');
}

function isBanner(line: string): boolean {
  return (line.endsWith(' started with:') && line.includes(', Version: '))
    || line.startsWith('Tcp port: ')
    || /^Time\s+Id\s+Command\s+Argument$/.test(line);
}

/** `261126 20:44:32` / `261126  9:05:01` → `2026-11-26 20:44:32` (zone added by the caller's time parser). */
function mariadbTime(text: string): string {
  const m = /^(\d\d)(\d\d)(\d\d)\s+(\d?\d):(\d\d):(\d\d)/.exec(text);
  if (!m) return '';
  return `20${m[1]}-${m[2]}-${m[3]} ${m[4].padStart(2, '0')}:${m[5]}:${m[6]}`;
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = Number(value);
  return Number.isFinite(s) ? Math.round(s * 1e6) / 1e3 : undefined;
}

function count(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** MariaDB log_slow_verbosity=explain: a tab-separated EXPLAIN table, header row first. */
function explainSummary(rows: readonly string[]): PlanSummary | undefined {
  if (rows.length < 2) return undefined;
  const columns = explainColumns(rows[0]);
  if (columns.type < 0) return undefined;
  const nodeTypes: string[] = [];
  const seqScans: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r].split('\t');
    const type = cells[columns.type];
    if (type === undefined || type === 'NULL') continue;
    if (!nodeTypes.includes(type)) nodeTypes.push(type);
    const table = cells[columns.table];
    // The target of an INSERT shows as type ALL without being read. Tables appear by alias when the query has one.
    if (type === 'ALL' && cells[columns.selectType] !== 'INSERT' && table && table !== 'NULL' && !seqScans.includes(table)) {
      seqScans.push(table);
    }
  }
  return nodeTypes.length > 0 ? { nodeTypes, seqScans } : undefined;
}

let lastHeader = '';
let lastColumns = { type: -1, table: -1, selectType: -1 };

/** Column positions of an EXPLAIN header; the same header repeats on every entry, so the last one is kept. */
function explainColumns(header: string): { type: number; table: number; selectType: number } {
  if (header !== lastHeader) {
    const names = header.split('\t');
    lastColumns = { type: names.indexOf('type'), table: names.indexOf('table'), selectType: names.indexOf('select_type') };
    lastHeader = header;
  }
  return lastColumns;
}
