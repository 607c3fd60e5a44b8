/**
 * The contract between collection (agent/) and everything else: what a log line or a statement history row
 * becomes, and the two kinds of statement counters. Pure types, no I/O.
 */

/** Each engine has its own shape space. MariaDB is `mysql`. */
export type Engine = 'postgres' | 'mysql';

/** Where a parsed log entry started: 1-based line number in the file being read. */
export interface SourceLine {
  readonly line: number;
}

/** Fields every event seen in a log or a statement history carries. */
interface EventBase extends SourceLine {
  readonly engine: Engine;
  /** Epoch milliseconds of the log entry (completion time for duration lines). */
  readonly timeMs: number;
  /** Session key: PostgreSQL `%c` or `%p`, MySQL thread id. `null` when the source has none. */
  readonly session: string | null;
  readonly user?: string;
  readonly database?: string;
  readonly application?: string;
  readonly client?: string;
  /** Transaction id when the log prefix has `%x`/`%v` (0 / absent outside a transaction). */
  readonly transaction?: string;
}

/** One executed statement. `sql` carries literals: fingerprint it, never store it unless the user opted in. */
export interface StatementEvent extends EventBase {
  readonly kind: 'statement';
  readonly sql: string;
  /** Bind parameters of a prepared statement (`DETAIL:  parameters: $1 = '42'`), in order. */
  readonly params?: readonly string[];
  /** `null` when the statement was logged without a duration (log_statement = all). */
  readonly durationMs: number | null;
  readonly rowsSent?: number;
  readonly rowsExamined?: number;
  readonly rowsAffected?: number;
  readonly lockMs?: number;
  /** MariaDB `Full_scan: Yes`, `Tmp_table: Yes`, … */
  readonly fullScan?: boolean;
  readonly tmpTable?: boolean;
  /** auto_explain or log_slow_verbosity plan summary, when the log carried one. */
  readonly plan?: PlanSummary;
}

/** ERROR / FATAL with the statement that caused it (`STATEMENT:` line), when known. */
export interface ErrorEvent extends EventBase {
  readonly kind: 'error';
  readonly severity: 'ERROR' | 'FATAL' | 'PANIC';
  /** SQLSTATE when the prefix has `%e`, else null. */
  readonly sqlstate: string | null;
  readonly message: string;
  readonly sql: string | null;
}

/** `process N still waiting for ShareLock …` / `acquired … after X ms`. */
export interface LockWaitEvent extends EventBase {
  readonly kind: 'lock-wait';
  readonly lockMode: string;
  readonly waitedMs: number;
  readonly acquired: boolean;
  readonly sql: string | null;
}

/** `temporary file: path "…", size N`. */
export interface TempFileEvent extends EventBase {
  readonly kind: 'temp-file';
  readonly sizeBytes: number;
  readonly sql: string | null;
}

export type QueryEvent = StatementEvent | ErrorEvent | LockWaitEvent | TempFileEvent;

/** What a plan (auto_explain text/JSON, MariaDB log_slow_verbosity) says, summarised. */
export interface PlanSummary {
  readonly nodeTypes: readonly string[];
  /** Tables read by a sequential / full scan. */
  readonly seqScans: readonly string[];
  readonly estimatedRows?: number;
  readonly actualRows?: number;
  readonly totalCost?: number;
}

/** A line a parser could not use. Counted and shown, never fatal. */
export interface Reject {
  readonly line: number;
  readonly reason: string;
  /** The start of the offending text, at most 200 characters. */
  readonly text: string;
}

/** What a log parser returns for a batch of lines. */
export interface ParseResult {
  readonly events: readonly QueryEvent[];
  readonly rejects: readonly Reject[];
  /**
   * First line of the entry the parser still holds (not yet emitted), or null when it holds nothing.
   * A resumable reader checkpoints at this line, so a crash re-reads exactly that entry.
   */
  readonly pendingLine: number | null;
}

/**
 * A log parser is a small state machine: entries span lines (continuations, DETAIL/STATEMENT lines), so it
 * keeps the entry in progress between calls. Pure: no I/O, no clock.
 */
export interface LogParser {
  /** Feed complete lines (without line terminators) starting at 1-based line `firstLine`. */
  push(lines: readonly string[], firstLine: number): ParseResult;
  /** End of input (or an idle tail): emit the entry in progress. */
  end(): ParseResult;
}

/** Cumulative counters as a server reports them (pg_stat_statements row, performance_schema digest row). */
export interface StatementCounters {
  readonly kind: 'cumulative';
  readonly calls: number;
  readonly totalMs: number;
  readonly rows: number;
  readonly rowsExamined?: number;
  readonly noIndexUsed?: number;
  readonly noGoodIndexUsed?: number;
  readonly tmpDiskTables?: number;
  readonly sharedBlksHit?: number;
  readonly sharedBlksRead?: number;
  readonly tempBlksWritten?: number;
  readonly planMs?: number;
}

/** The difference of two cumulative readings over an interval: never negative, never summed twice. */
export interface StatementDelta {
  readonly kind: 'delta';
  readonly intervalStartMs: number;
  readonly intervalEndMs: number;
  readonly calls: number;
  readonly totalMs: number;
  readonly rows: number;
  readonly rowsExamined?: number;
  readonly noIndexUsed?: number;
  readonly noGoodIndexUsed?: number;
  readonly tmpDiskTables?: number;
  readonly sharedBlksHit?: number;
  readonly sharedBlksRead?: number;
  readonly tempBlksWritten?: number;
  readonly planMs?: number;
}
