/**
 * Turns PostgreSQL log entries into QueryEvents, pairing the entries that describe one execution:
 *
 * - log_statement=all logs `statement: …` (or `execute <name>: …`) when a statement starts; if
 *   log_min_duration_statement also fires, PostgreSQL then logs `duration: X ms` WITHOUT the text. The two become
 *   ONE event. A logged statement is held until its session's bare `duration:` line, the session's next statement,
 *   an error for the same text (then it counts as the error only, as a failed statement has no duration line),
 *   its disconnection, or `holdLines` lines later; then it is emitted with `durationMs: null`.
 * - auto_explain logs `duration: X ms  plan:` at executor end, before log_min_duration_statement's
 *   `duration: X ms  statement: …` for the same statement. When the session's next statement line has the plan's
 *   query text, they become ONE event (the statement line's duration, which includes planning, plus the plan);
 *   otherwise the plan alone is the event (auto_explain without log_min_duration_statement).
 * - Extended protocol: `parse` and `bind` lines are not statements; each `execute` is one. Bind time is NOT
 *   added to the execute duration (pg_stat_statements also reports execution apart from planning), so every
 *   duration stays that of a single log line.
 *
 * Events leave in line order: an event behind a held entry waits, so `pendingLine` (the first line not yet
 * emitted) is a safe resume point: everything before it was emitted, nothing after it was.
 */
import type { LockWaitEvent, PlanSummary, QueryEvent, StatementEvent } from '../events.js';
import type { PgEntry } from './pg-entry.js';
import { parseParameters, parsePgMessage } from './pg-message.js';

interface Slot {
  readonly line: number;
  /** undefined while held, null when dropped. */
  event: QueryEvent | null | undefined;
  hold?: Hold;
}

interface Hold {
  readonly slot: Slot;
  readonly kind: 'statement' | 'plan';
  readonly entry: PgEntry;
  sql: string;
  params: string[] | undefined;
  durationMs: number | null;
  plan: PlanSummary | undefined;
}

interface SessionHolds {
  statement?: Hold;
  plan?: Hold;
}

export class PgEventAssembler {
  #slots: Slot[] = [];
  #head = 0;
  /** First slot that may still be held (slots only ever go from held to resolved). */
  #scan = 0;
  #sessions = new Map<string, SessionHolds>();
  readonly #holdLines: number;

  constructor(holdLines = 10_000) {
    this.#holdLines = holdLines;
  }

  /** First line of the earliest entry whose event has not been emitted yet. */
  get pendingLine(): number | null {
    return this.#head < this.#slots.length ? this.#slots[this.#head].line : null;
  }

  add(entry: PgEntry): void {
    this.#expire(entry.line);
    const key = entry.session ?? '';
    const message = parsePgMessage(entry.message);
    switch (message.kind) {
      case 'bare-duration': {
        const holds = this.#sessions.get(key);
        const hold = holds?.statement ?? holds?.plan;
        if (hold) {
          hold.durationMs = message.durationMs;
          this.#resolve(hold);
        }
        return;
      }
      case 'statement': {
        const params = parseParameters(entry.detail);
        const holds = this.#sessions.get(key);
        const plan = holds?.plan;
        if (plan && message.durationMs !== null && sameText(plan.sql, message.sql)) {
          plan.durationMs = message.durationMs;
          plan.params = params;
          this.#resolve(plan);
          return;
        }
        this.#flushSession(key);
        if (message.durationMs === null) this.#hold('statement', entry, message.sql, params, null, undefined);
        else this.#push(entry.line, statementEvent(entry, message.sql, params, message.durationMs, undefined));
        return;
      }
      case 'plan': {
        if (!message.parsed) return;
        const holds = this.#sessions.get(key);
        if (holds?.statement && !holds.statement.plan) {
          holds.statement.plan = message.parsed.plan;
          return;
        }
        if (holds?.plan) this.#resolve(holds.plan);
        this.#hold('plan', entry, message.parsed.queryText, undefined, message.durationMs, message.parsed.plan);
        return;
      }
      case 'lock-wait': {
        const event: LockWaitEvent = {
          engine: 'postgres', kind: 'lock-wait', line: entry.line, timeMs: entry.timeMs, session: entry.session,
          user: entry.user, database: entry.database, application: entry.application, client: entry.client,
          transaction: entry.transaction,
          lockMode: message.lockMode, waitedMs: message.waitedMs, acquired: message.acquired, sql: entry.statement,
        };
        this.#push(entry.line, event);
        return;
      }
      case 'temp-file':
        this.#push(entry.line, {
          engine: 'postgres', kind: 'temp-file', line: entry.line, timeMs: entry.timeMs, session: entry.session,
          user: entry.user, database: entry.database, application: entry.application, client: entry.client,
          transaction: entry.transaction,
          sizeBytes: message.sizeBytes, sql: entry.statement,
        });
        return;
      case 'disconnection':
        this.#flushSession(key);
        return;
      case 'other':
        if (entry.severity === 'ERROR' || entry.severity === 'FATAL' || entry.severity === 'PANIC') {
          const held = this.#sessions.get(key)?.statement;
          if (held && entry.statement !== null && sameText(held.sql, entry.statement)) this.#drop(held);
          this.#flushSession(key);
          this.#push(entry.line, {
            engine: 'postgres', kind: 'error', line: entry.line, timeMs: entry.timeMs, session: entry.session,
            user: entry.user, database: entry.database, application: entry.application, client: entry.client,
            transaction: entry.transaction,
            severity: entry.severity, sqlstate: entry.sqlstate, message: entry.message, sql: entry.statement,
          });
        }
    }
  }

  /** Emit everything held (end of input). */
  flush(): void {
    for (const key of [...this.#sessions.keys()]) this.#flushSession(key);
  }

  /** Events that can leave now, in line order. */
  drain(): QueryEvent[] {
    const out: QueryEvent[] = [];
    while (this.#head < this.#slots.length) {
      const slot = this.#slots[this.#head];
      if (slot.event === undefined) break;
      if (slot.event !== null) out.push(slot.event);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#slots.length) {
      this.#slots = this.#slots.slice(this.#head);
      this.#scan = Math.max(0, this.#scan - this.#head);
      this.#head = 0;
    }
    return out;
  }

  #push(line: number, event: QueryEvent): void {
    this.#slots.push({ line, event });
  }

  #hold(kind: Hold['kind'], entry: PgEntry, sql: string, params: string[] | undefined, durationMs: number | null,
    plan: PlanSummary | undefined): void {
    const slot: Slot = { line: entry.line, event: undefined };
    const hold: Hold = { slot, kind, entry, sql, params, durationMs, plan };
    slot.hold = hold;
    this.#slots.push(slot);
    const key = entry.session ?? '';
    const holds = this.#sessions.get(key) ?? {};
    holds[kind] = hold;
    this.#sessions.set(key, holds);
  }

  #release(hold: Hold): void {
    const key = hold.entry.session ?? '';
    const holds = this.#sessions.get(key);
    if (holds?.[hold.kind] === hold) {
      delete holds[hold.kind];
      if (!holds.statement && !holds.plan) this.#sessions.delete(key);
    }
    hold.slot.hold = undefined;
  }

  #resolve(hold: Hold): void {
    this.#release(hold);
    hold.slot.event = statementEvent(hold.entry, hold.sql, hold.params, hold.durationMs, hold.plan);
  }

  #drop(hold: Hold): void {
    this.#release(hold);
    hold.slot.event = null;
  }

  #flushSession(key: string): void {
    const holds = this.#sessions.get(key);
    if (holds?.statement) this.#resolve(holds.statement);
    if (holds?.plan) this.#resolve(holds.plan);
  }

  /** Held entries older than holdLines are emitted as they are, so memory and the resume point stay bounded. */
  #expire(line: number): void {
    if (this.#scan < this.#head) this.#scan = this.#head;
    for (;;) {
      while (this.#scan < this.#slots.length && this.#slots[this.#scan].event !== undefined) this.#scan++;
      const slot = this.#slots[this.#scan];
      if (!slot?.hold || line - slot.line <= this.#holdLines) return;
      this.#resolve(slot.hold);
    }
  }
}

function sameText(a: string, b: string): boolean {
  return a === b || a.trim() === b.trim();
}

// Events are built literally with every key in a fixed order (absent values undefined): one object shape per kind keeps
// V8's property access monomorphic on the hot path, which object spreads would not.
function statementEvent(entry: PgEntry, sql: string, params: string[] | undefined, durationMs: number | null,
  plan: PlanSummary | undefined): StatementEvent {
  return {
    engine: 'postgres',
    kind: 'statement',
    line: entry.line,
    timeMs: entry.timeMs,
    session: entry.session,
    user: entry.user,
    database: entry.database,
    application: entry.application,
    client: entry.client,
    transaction: entry.transaction,
    sql,
    params,
    durationMs,
    plan,
  };
}
