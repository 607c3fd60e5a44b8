/**
 * A worker's database session as the app sees it: runs declared statements, adds the request's
 * sqlcommenter/marginalia tags, and records timings, rows and read-after-own-write gaps.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../agent/events.js';
import type { QueryOutcome, WorkloadConnection } from './connection.js';
import type { Recorder } from './recorder.js';
import { renderTagComment, type StatementDef, type TagStyle } from './statement.js';

export class ShopSession {
  readonly #conn: WorkloadConnection;
  readonly #recorder: Recorder;
  /** Table → performance.now() of this session's last write to it. */
  readonly #lastWrite = new Map<string, number>();
  #tagComment = '';

  constructor(conn: WorkloadConnection, recorder: Recorder) {
    this.#conn = conn;
    this.#recorder = recorder;
  }

  get engine(): Engine {
    return this.#conn.engine;
  }

  get sessionId(): string {
    return this.#conn.sessionId;
  }

  /** Tags for the statements of the current request; null for none. */
  setTags(tags: Readonly<Record<string, string>> | null, style: TagStyle = 'sqlcommenter'): void {
    this.#tagComment = tags ? ` ${renderTagComment(tags, style)}` : '';
  }

  /** Runs a declared statement; for list statements the IN-list length is `params.length` unless given. */
  async run(def: StatementDef, params: readonly unknown[] = [], listLength?: number): Promise<QueryOutcome> {
    if (!def.runsOn(this.engine)) throw new Error(`statement ${def.name} does not run on ${this.engine}`);
    const n = def.list ? (listLength ?? params.length) : undefined;
    const sql = def.text(this.engine, n) + (def.spec.transactionControl ? '' : this.#tagComment);
    const start = performance.now();
    let gap: number | null = null;
    for (const table of def.reads) {
      const wrote = this.#lastWrite.get(table);
      if (wrote !== undefined) gap = Math.min(gap ?? Infinity, start - wrote);
    }
    let outcome: QueryOutcome | undefined;
    try {
      outcome = await this.#conn.send(sql, params, {
        pgName: def.spec.pgNamed ? `shop_${def.name.replace(/\W/g, '_')}${n ? `_${n}` : ''}` : undefined,
        mysqlMode: def.spec.mysqlMode ?? 'query',
      });
      return outcome;
    } finally {
      const end = performance.now();
      if (outcome) for (const table of def.writes) this.#lastWrite.set(table, end);
      this.#recorder.recordStatement(def.name, this.sessionId, {
        ms: end - start, rows: outcome?.rowCount ?? 0, listLength: n ?? null,
        gapAfterOwnWriteMs: gap === null ? null : Math.round(gap * 10) / 10, failed: !outcome,
      });
    }
  }

  /** BEGIN … COMMIT, ROLLBACK when the body throws (the error is rethrown). */
  async transaction<T>(defs: { begin: StatementDef; commit: StatementDef; rollback: StatementDef }, body: () => Promise<T>): Promise<T> {
    await this.run(defs.begin);
    try {
      const result = await body();
      await this.run(defs.commit);
      return result;
    } catch (error) {
      await this.run(defs.rollback).catch(() => undefined);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.#conn.close();
  }
}
