/**
 * Read model of the top-query report: per-source shape totals for a window and the previous window of the
 * same length (storage/stats-repo.ts, combined per shape by analyzer/top.ts exactly as `qprof top` does),
 * time per hour and source, and which shapes ran before the window. Plus the idempotency ledger of emails.
 */
import type { Db } from './db.js';
import { inTransaction } from './db.js';
import { readNewestBucketMs, readShapeTotals, type ShapeTotals } from './stats-repo.js';

const hourMs = 3600_000;

/** A half-open range [startMs, endMs). */
export interface WindowRange {
  readonly startMs: number;
  readonly endMs: number;
}

/** Time of one shape from one source in one UTC hour. */
export interface HourRow {
  readonly target: string;
  readonly shape: string;
  readonly source: string;
  readonly hourMs: number;
  readonly totalMs: number;
}

export interface ReportRows {
  readonly window: WindowRange;
  readonly previousWindow: WindowRange;
  readonly current: readonly ShapeTotals[];
  readonly previous: readonly ShapeTotals[];
  readonly hourly: readonly HourRow[];
  /** `target NUL shape` of the shapes in `current` that ran for that target before the window. */
  readonly seenBefore: ReadonlySet<string>;
}

export interface WindowOptions {
  /** Window length in ms; Infinity for everything stored. */
  readonly sinceMs: number;
  /** Window end (exclusive); default: the end of the newest bucket in the store. */
  readonly untilMs?: number;
  /** Only this target (by name); default all. */
  readonly target?: string;
  /** Width of the newest bucket, added to its start to find the end of the data. Default 60 000. */
  readonly bucketMs?: number;
}

function readTargetId(db: Db, name: string | undefined): number | undefined | null {
  if (name === undefined) return undefined;
  return (db.prepare('SELECT id FROM targets WHERE name = ?').pluck().get(name) as number | undefined) ?? null;
}

/** The window a report covers, or null when the store holds no statement data (for that target). */
export function readReportWindow(db: Db, options: WindowOptions): WindowRange | null {
  const targetId = readTargetId(db, options.target);
  if (targetId === null) return null;
  const newestMs = readNewestBucketMs(db, targetId);
  if (newestMs === null && options.untilMs === undefined) return null;
  const endMs = options.untilMs ?? newestMs! + (options.bucketMs ?? 60_000);
  if (Number.isFinite(options.sinceMs)) return { startMs: endMs - options.sinceMs, endMs };
  const oldestMs = (targetId === undefined
    ? db.prepare('SELECT min(bucket_ms) FROM stat_buckets').pluck().get()
    : db.prepare('SELECT min(bucket_ms) FROM stat_buckets WHERE target_id = ?').pluck().get(targetId)) as number | null;
  return { startMs: Math.min(oldestMs ?? endMs, endMs), endMs };
}

/** Everything the report needs for `window` and the previous window of the same length. */
export function readReportRows(db: Db, window: WindowRange, target?: string): ReportRows {
  const lengthMs = window.endMs - window.startMs;
  const previousWindow = { startMs: window.startMs - lengthMs, endMs: window.startMs };
  const targetId = readTargetId(db, target);
  if (targetId === null) return { window, previousWindow, current: [], previous: [], hourly: [], seenBefore: new Set() };
  const scope = targetId === undefined ? {} : { targetId };
  const current = readShapeTotals(db, { sinceMs: window.startMs, untilMs: window.endMs, ...scope });
  const previous = readShapeTotals(db, { sinceMs: previousWindow.startMs, untilMs: previousWindow.endMs, ...scope });

  const hourly = db.prepare(`SELECT t.name AS target, b.shape_id AS shape, b.source, (b.bucket_ms / ${hourMs}) * ${hourMs} AS hourMs,
      sum(b.total_ms) AS totalMs
    FROM stat_buckets b JOIN targets t ON t.id = b.target_id
    WHERE b.bucket_ms >= @startMs AND b.bucket_ms < @endMs ${targetId === undefined ? '' : 'AND b.target_id = @targetId'}
    GROUP BY b.target_id, b.shape_id, b.source, hourMs`).all({ startMs: window.startMs, endMs: window.endMs, targetId: targetId ?? null }) as HourRow[];

  // One probe per shape on the primary key (target_id, shape_id, …): cheap even on a large store.
  const ranBefore = db.prepare('SELECT 1 FROM stat_buckets WHERE target_id = ? AND shape_id = ? AND bucket_ms < ? LIMIT 1').pluck();
  const seenBefore = new Set<string>();
  for (const r of current) {
    if (ranBefore.get(r.targetId, r.shapeId, window.startMs) !== undefined) seenBefore.add(`${r.target}\0${r.shapeId}`);
  }
  return { window, previousWindow, current, previous, hourly, seenBefore };
}

/** Which attempt holds an email, and whether it already went out. */
export type EmailClaim =
  | { readonly status: 'claimed'; readonly takenOverFrom: string | null }
  | { readonly status: 'already-sent'; readonly messageId: string | null; readonly sentMs: number };

export interface EmailKey {
  readonly target: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly recipients: readonly string[];
}

/** The idempotency key of a report email: same target, window and recipients → same key. */
export function emailKey(key: EmailKey): string {
  return [key.target, key.startMs, key.endMs, [...key.recipients].map((r) => r.toLowerCase()).sort().join(',')].join('|');
}

/**
 * Claim the right to send one report email, in one IMMEDIATE transaction. A row already 'sent' means a
 * previous attempt delivered it; a row still 'claimed' belongs to an attempt that crashed between claiming
 * and marking (BullMQ only hands a job to another worker once the first lost its lock), so it is taken over.
 */
export function claimReportEmail(db: Db, key: EmailKey, claimedBy: string, nowMs: number): EmailClaim {
  const id = emailKey(key);
  return inTransaction(db, () => {
    const row = db.prepare('SELECT state, claimed_by AS claimedBy, message_id AS messageId, sent_ms AS sentMs FROM report_emails WHERE key = ?')
      .get(id) as { state: string; claimedBy: string; messageId: string | null; sentMs: number } | undefined;
    if (row?.state === 'sent') return { status: 'already-sent', messageId: row.messageId, sentMs: row.sentMs };
    if (row) {
      db.prepare('UPDATE report_emails SET claimed_by = ?, claimed_ms = ?, takeovers = takeovers + 1 WHERE key = ?').run(claimedBy, nowMs, id);
      return { status: 'claimed', takenOverFrom: row.claimedBy };
    }
    db.prepare(`INSERT INTO report_emails (key, target, start_ms, end_ms, recipients, state, claimed_by, claimed_ms)
      VALUES (?, ?, ?, ?, ?, 'claimed', ?, ?)`).run(id, key.target, key.startMs, key.endMs, key.recipients.join(','), claimedBy, nowMs);
    return { status: 'claimed', takenOverFrom: null };
  });
}

/** Record that the email went out (only the current holder of the claim can). */
export function markReportEmailSent(db: Db, key: EmailKey, claimedBy: string, messageId: string, nowMs: number): void {
  db.prepare(`UPDATE report_emails SET state = 'sent', message_id = ?, sent_ms = ? WHERE key = ? AND claimed_by = ?`)
    .run(messageId, nowMs, emailKey(key), claimedBy);
}

/** Give a claim back after a failed send, so the retry starts clean. */
export function releaseReportEmail(db: Db, key: EmailKey, claimedBy: string): void {
  db.prepare(`DELETE FROM report_emails WHERE key = ? AND claimed_by = ? AND state = 'claimed'`).run(emailKey(key), claimedBy);
}

export interface ReportEmailRow {
  readonly key: string; readonly target: string; readonly startMs: number; readonly endMs: number;
  readonly recipients: string; readonly state: 'claimed' | 'sent'; readonly claimedBy: string;
  readonly takeovers: number; readonly messageId: string | null; readonly sentMs: number | null;
}

export function readReportEmails(db: Db): ReportEmailRow[] {
  return db.prepare(`SELECT key, target, start_ms AS startMs, end_ms AS endMs, recipients, state, claimed_by AS claimedBy,
    takeovers, message_id AS messageId, sent_ms AS sentMs FROM report_emails ORDER BY claimed_ms`).all() as ReportEmailRow[];
}
