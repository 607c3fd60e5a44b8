/**
 * `qprof sample --mysql`: digest deltas through the shared stats cycle, then (when the history_long consumer
 * is on) new statements of events_statements_history_long as per-session sequences for the N+1 and replica
 * advisors, de-duplicated across samples by (thread, event id). Wiring only.
 */
import { SessionChunkBuilder } from '../../agent/aggregate/session-chunks.js';
import type { Fingerprint } from '../../agent/shape/types.js';
import { fingerprint } from '../../agent/shape/fingerprint.js';
import type { MysqlSession } from '../../agent/mysql/connect.js';
import { mapStatus } from '../../agent/mysql/map-rows.js';
import { fetchDigestSample, fetchHistoryEnabled, fetchHistoryEvents, fetchSchemaVisible } from '../../agent/mysql/sampler.js';
import { ownStatements, statusSql } from '../../agent/mysql/sql.js';
import type { MonitorSession } from '../../agent/stats/queryable.js';
import { inTransaction, type Db } from '../../storage/db.js';
import { appendSessionChunks, readSamplerState, writeSamplerState } from '../../storage/sample-repo.js';
import { upsertShapes } from '../../storage/shapes-repo.js';
import type { TargetRow } from '../../storage/targets-repo.js';
import { describeNewShapes, runStatsSample, type StatsSampleReport } from './stats-cycle.js';

let ownIds: { ids: Set<string>; normalized: string[] } | null = null;

/** Digests strip comments: recognize qprof's statements by their fingerprint (or its prefix when cut). */
function isOwnDigest(_text: string, fp: Fingerprint): boolean {
  ownIds ??= (() => {
    const fps = ownStatements().map((sql) => fingerprint(sql, 'mysql'));
    return { ids: new Set(fps.map((f) => f.id)), normalized: fps.map((f) => f.normalized) };
  })();
  if (ownIds.ids.has(fp.id)) return true;
  const prefix = fp.normalized.replace(/\s*\.\.\.\s*$/, '');
  return fp.truncated && prefix.length > 40 && ownIds.normalized.some((n) => n.startsWith(prefix));
}

interface HistoryState { uptimeS: number; lastEventIds: Array<[string, number]> }

async function sampleHistory(db: Db, target: TargetRow, session: MysqlSession, nowMs: number): Promise<number> {
  const stored = readSamplerState(db, target.id, 'history');
  let state: HistoryState | null = null;
  try {
    state = stored ? (JSON.parse(stored.json) as HistoryState) : null;
  } catch {
    state = null; // unreadable: start over (events still in the ring buffer may be stored again once)
  }
  const uptimeS = mapStatus((await session.query(statusSql)).rows).get('uptime') ?? 0;
  // A restart empties performance_schema and thread ids start over: forget what was seen.
  const last = new Map(state && uptimeS >= state.uptimeS ? state.lastEventIds : []);
  const result = await fetchHistoryEvents(session, last);
  const builders = new Map<string, SessionChunkBuilder>();
  const fingerprints = new Map<string, Fingerprint>();
  for (const event of result.events) {
    const fp = fingerprint(event.sql, 'mysql');
    fingerprints.set(fp.id, fp);
    let builder = builders.get(event.session!);
    if (!builder) builders.set(event.session!, builder = new SessionChunkBuilder(event.session!, event.user ?? null, event.database ?? null, null));
    builder.push(fp.id, event.timeMs, event.durationMs, (event.rowsSent ?? 0) + (event.rowsAffected ?? 0));
  }
  const newShapes = describeNewShapes(db, 'mysql', fingerprints.values(), nowMs);
  inTransaction(db, () => {
    if (newShapes.length > 0) upsertShapes(db, newShapes, nowMs);
    appendSessionChunks(db, target.id, [...builders.values()].map((b) => b.build()));
    writeSamplerState(db, target.id, 'history', nowMs, JSON.stringify({ uptimeS, lastEventIds: [...result.lastEventIds] } satisfies HistoryState));
  });
  return result.events.length;
}

export async function sampleMysqlStatements(db: Db, target: TargetRow, session: MonitorSession): Promise<StatsSampleReport> {
  const my = session as MysqlSession;
  let report = await runStatsSample({ db, target, source: 'digest', read: (isKnown) => fetchDigestSample(my, isKnown), isOwn: isOwnDigest });
  if (report.entries === 0 && my.schema !== null && !(await fetchSchemaVisible(my, my.schema))) {
    report = { ...report, warnings: [...report.warnings, `no statement digest names the database ${my.schema} and this account cannot see such a schema: check the database name at the end of the URL (qprof doctor --mysql … says more)`] };
  }
  if (!(await fetchHistoryEnabled(my))) {
    return { ...report, warnings: [...report.warnings, 'events_statements_history_long is off: no per-session sequences for the N+1 advisor (enable the consumer to get them)'] };
  }
  return { ...report, sessionEvents: await sampleHistory(db, target, my, report.takenMs) };
}
