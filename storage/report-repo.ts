/**
 * Read model of the top-query report (per-shape totals for a window and the previous one, time per hour) and
 * the idempotency ledger of report emails. Source rule: statement statistics ('pgss' / 'digest') and logs
 * cover the same statements, so per target calls, time and rows come from the statistics source when it has
 * rows in the window, otherwise from logs; errors and latency percentiles always come from logs.
 */
import type { Engine } from '../agent/events.js';
import type { Db } from './db.js';
import { inTransaction } from './db.js';

const hourMs = 3600_000;
const statsSources = new Set(['pgss', 'digest']);

/** A half-open range [startMs, endMs). */
export interface WindowRange {
  readonly startMs: number;
  readonly endMs: number;
}

/** One shape of one target, summed over a window. */
export interface ShapeWindowRow {
  readonly target: string;
  readonly engine: Engine;
  readonly shape: string;
  readonly query: string;
  readonly source: string;
  readonly calls: number;
  readonly totalMs: number;
  readonly rows: number;
  readonly errors: number;
  /** Latency histogram blobs of the shape's log buckets (merge them for percentiles); empty without logs. */
  readonly histograms: readonly Uint8Array[];
  /** The shape ran for this target before the window started. */
  readonly seenBefore: boolean;
}

/** Time of one shape in one UTC hour. */
export interface HourRow {
  readonly target: string;
  readonly shape: string;
  readonly hourMs: number;
  readonly totalMs: number;
}

export interface ReportRows {
  readonly window: WindowRange;
  readonly previousWindow: WindowRange;
  readonly current: readonly ShapeWindowRow[];
  readonly previous: readonly ShapeWindowRow[];
  readonly hourly: readonly HourRow[];
  /** Statistics source chosen per target ('log' when only logs cover it). */
  readonly sources: Readonly<Record<string, string>>;
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

/** The window a report covers, or null when the store holds no statement data (for that target). */
export function readReportWindow(db: Db, options: WindowOptions): WindowRange | null {
  const filter = options.target === undefined ? '' : 'WHERE target_id = (SELECT id FROM targets WHERE name = @target)';
  const range = db.prepare(`SELECT min(bucket_ms) AS minMs, max(bucket_ms) AS maxMs FROM stat_buckets ${filter}`)
    .get(options.target === undefined ? {} : { target: options.target }) as { minMs: number | null; maxMs: number | null };
  if (range.maxMs === null && options.untilMs === undefined) return null;
  const endMs = options.untilMs ?? range.maxMs! + (options.bucketMs ?? 60_000);
  const startMs = Number.isFinite(options.sinceMs) ? endMs - options.sinceMs : Math.min(range.minMs ?? endMs, endMs);
  return { startMs, endMs };
}

interface RawRow {
  target: string; engine: Engine; shape: string; query: string; source: string;
  calls: number; totalMs: number; rows: number; errors: number;
}

/** Everything the report needs for `window` and the previous window of the same length. */
export function readReportRows(db: Db, window: WindowRange, target?: string): ReportRows {
  const lengthMs = window.endMs - window.startMs;
  const previousWindow = { startMs: window.startMs - lengthMs, endMs: window.startMs };
  const targetFilter = target === undefined ? '' : 'AND t.name = @target';
  const params = (range: WindowRange) => ({ startMs: range.startMs, endMs: range.endMs, ...(target === undefined ? {} : { target }) });

  const sourcesSeen = db.prepare(`SELECT DISTINCT t.name AS target, b.source FROM stat_buckets b JOIN targets t ON t.id = b.target_id
    WHERE b.bucket_ms >= @startMs AND b.bucket_ms < @endMs ${targetFilter}`).all(params(window)) as { target: string; source: string }[];
  const sources: Record<string, string> = {};
  for (const { target: name, source } of sourcesSeen) {
    if (statsSources.has(source) || sources[name] === undefined) sources[name] = source;
  }

  const totals = db.prepare(`SELECT t.name AS target, t.engine, b.shape_id AS shape, s.normalized AS query, b.source,
      sum(b.calls) AS calls, sum(b.total_ms) AS totalMs, sum(b.rows) AS rows, sum(b.errors) AS errors
    FROM stat_buckets b JOIN targets t ON t.id = b.target_id JOIN shapes s ON s.id = b.shape_id
    WHERE b.bucket_ms >= @startMs AND b.bucket_ms < @endMs ${targetFilter}
    GROUP BY b.target_id, b.shape_id, b.source`);
  const histograms = db.prepare(`SELECT b.hist FROM stat_buckets b JOIN targets t ON t.id = b.target_id
    WHERE t.name = ? AND b.shape_id = ? AND b.source = 'log' AND b.bucket_ms >= ? AND b.bucket_ms < ? AND b.hist IS NOT NULL`).pluck();
  const seenBefore = db.prepare(`SELECT 1 FROM stat_buckets b JOIN targets t ON t.id = b.target_id
    WHERE t.name = ? AND b.shape_id = ? AND b.bucket_ms < ? LIMIT 1`).pluck();

  const readWindow = (range: WindowRange, withDetail: boolean): ShapeWindowRow[] => {
    const raw = totals.all(params(range)) as RawRow[];
    const logErrors = new Map<string, number>();
    for (const r of raw) if (r.source === 'log') logErrors.set(`${r.target}\0${r.shape}`, r.errors);
    return raw.filter((r) => r.source === (sources[r.target] ?? r.source)).map((r) => ({
      ...r,
      errors: logErrors.get(`${r.target}\0${r.shape}`) ?? r.errors,
      histograms: withDetail ? histograms.all(r.target, r.shape, range.startMs, range.endMs) as Uint8Array[] : [],
      seenBefore: withDetail ? seenBefore.get(r.target, r.shape, range.startMs) !== undefined : true,
    }));
  };

  const hourly = (db.prepare(`SELECT t.name AS target, b.shape_id AS shape, b.source, (b.bucket_ms / ${hourMs}) * ${hourMs} AS hourMs,
      sum(b.total_ms) AS totalMs
    FROM stat_buckets b JOIN targets t ON t.id = b.target_id
    WHERE b.bucket_ms >= @startMs AND b.bucket_ms < @endMs ${targetFilter}
    GROUP BY b.target_id, b.shape_id, b.source, hourMs`).all(params(window)) as (HourRow & { source: string })[])
    .filter((r) => r.source === sources[r.target])
    .map(({ target: name, shape, hourMs: h, totalMs }) => ({ target: name, shape, hourMs: h, totalMs }));

  return { window, previousWindow, current: readWindow(window, true), previous: readWindow(previousWindow, false), hourly, sources };
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
