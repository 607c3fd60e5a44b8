/**
 * Read model of per-session statement sequences (written by log ingestion as packed chunks) for the N+1 and
 * replica-routing advisors.
 */
import { unpackSession, type SessionStatement } from '../agent/aggregate/session-chunks.js';
import type { Db } from './db.js';

export type { SessionStatement } from '../agent/aggregate/session-chunks.js';

/** All statements of one session key in a window, in log order. */
export interface SessionSequence {
  /** PostgreSQL `%c` (or `%p`) / MySQL thread id. A pid reused later shows up as the same key. */
  readonly session: string;
  readonly user: string | null;
  readonly database: string | null;
  readonly application: string | null;
  readonly statements: readonly SessionStatement[];
}

export interface SessionWindow {
  /** Inclusive start, epoch ms. Default: everything. */
  readonly sinceMs?: number;
  /** Exclusive end, epoch ms. Default: everything. */
  readonly untilMs?: number;
  /**
   * 'time' (default): sorted by statement time. 'log': chunks in ingestion order, statements in log order within a
   * chunk — one session runs one statement at a time, so log order is execution order, while times can tie or
   * invert (MariaDB's slow log dates statements to the second they started).
   */
  readonly order?: 'time' | 'log';
}

interface ChunkRow {
  session: string; user_name: string | null; database: string | null; application: string | null;
  start_ms: number; count: number; shape_ids: string; packed: Buffer;
}

/**
 * Sequences of target `targetId` whose statements fall in the window (statements outside it are dropped).
 * Chunks of one session are concatenated in the order they were ingested, then sorted by time (stable).
 */
export function readSessionSequences(db: Db, targetId: number, window: SessionWindow = {}): SessionSequence[] {
  const since = Number.isFinite(window.sinceMs) ? window.sinceMs! : -8.64e15;
  const until = Number.isFinite(window.untilMs) ? window.untilMs! : 8.64e15;
  const rows = db.prepare(`SELECT session, user_name, database, application, start_ms, count, shape_ids, packed
      FROM session_chunks WHERE target_id = ? AND end_ms >= ? AND start_ms < ? ORDER BY session, id`)
    .all(targetId, since, until) as ChunkRow[];
  const bySession = new Map<string, { first: ChunkRow; statements: SessionStatement[] }>();
  for (const row of rows) {
    let entry = bySession.get(row.session);
    if (!entry) bySession.set(row.session, entry = { first: row, statements: [] });
    for (const s of unpackSession({ startMs: row.start_ms, count: row.count, shapeIds: JSON.parse(row.shape_ids) as string[], packed: row.packed })) {
      if (s.timeMs >= since && s.timeMs < until) entry.statements.push(s);
    }
  }
  const out: SessionSequence[] = [];
  for (const [session, { first, statements }] of bySession) {
    if (statements.length === 0) continue;
    if (window.order !== 'log') statements.sort((a, b) => a.timeMs - b.timeMs);
    out.push({ session, user: first.user_name, database: first.database, application: first.application, statements });
  }
  return out;
}
