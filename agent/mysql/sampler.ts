/**
 * Reads performance_schema statement digests and the statement history through a Queryable (I/O).
 * Digest texts are fetched only for digests the caller has not seen before.
 */
import { SourceUnavailableError } from '../errors.js';
import { errorCode, type Queryable } from '../stats/queryable.js';
import { clockSql, consumersSql, digestsSql, historySql, marker, statusSql, timerAnchorSql } from './sql.js';
import { mapDigestRows, mapHistoryRows, mapStatus, timerOriginMs, type HistoryResult } from './map-rows.js';

export interface MysqlTarget extends Queryable {
  /** Monitored schema, or null for every schema. */
  readonly schema: string | null;
}

export function mapPerformanceSchemaError(error: unknown): unknown {
  const code = errorCode(error);
  if (code === 'ER_TABLEACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR' || code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR') {
    return new SourceUnavailableError(`permission denied reading performance_schema (${code})`,
      "GRANT SELECT ON performance_schema.* TO 'qprof'@'%'; GRANT PROCESS ON *.* TO 'qprof'@'%';", { cause: error });
  }
  return error;
}

export async function fetchDigestSample(db: MysqlTarget, isKnown: (key: string) => boolean) {
  const startedMs = performance.now();
  try {
    const clock = (await db.query(clockSql)).rows[0] as Record<string, unknown>;
    if (Number(clock.performance_schema) !== 1) {
      throw new SourceUnavailableError('performance_schema is off on this server',
        'set performance_schema=ON under [mysqld] (MariaDB: [mariadbd]) in my.cnf and restart the server');
    }
    const status = mapStatus((await db.query(statusSql)).rows);
    const bySchema = db.schema !== null;
    const params = bySchema ? [db.schema] : [];
    const counted = mapDigestRows((await db.query(digestsSql(false, bySchema), params)).rows);
    const unknown = counted.filter((e) => !isKnown(e.key)).map((e) => e.key.slice(e.key.indexOf(':') + 1));
    let entries = counted;
    if (unknown.length > 0) {
      const texts = new Map<string, string | null>();
      // Chunks keep the IN list within max_allowed_packet and the parser's comfort.
      for (let i = 0; i < unknown.length; i += 500) {
        const chunk = [...new Set(unknown.slice(i, i + 500))];
        const rows = mapDigestRows((await db.query(digestsSql(true, bySchema, chunk.length), [...params, ...chunk])).rows);
        for (const row of rows) texts.set(row.key, row.text);
      }
      entries = counted.map((e) => (isKnown(e.key) ? e : { ...e, text: texts.get(e.key) ?? null }));
    }
    const uptimeS = status.get('uptime') ?? 0;
    // Server start to the minute: a restart empties performance_schema (FIRST_SEEN then catches every entry).
    const startedAt = new Date(Math.round((Number(clock.now_s) - uptimeS) / 60) * 60_000).toISOString();
    return {
      input: {
        resetMarker: null, evictedTotal: status.get('performance_schema_digest_lost') ?? null, serverStartedAt: startedAt, entries,
      },
      databaseMs: performance.now() - startedMs,
      capacity: clock.digests_size === null ? null : Number(clock.digests_size),
    };
  } catch (error) {
    throw mapPerformanceSchemaError(error);
  }
}

/** Can this account see `schema`? SCHEMATA lists only the schemas it has some privilege on. */
export async function fetchSchemaVisible(db: Queryable, schema: string): Promise<boolean> {
  const row = (await db.query(`${marker} SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?`, [schema])).rows[0] as { n: unknown };
  return Number(row.n) > 0;
}

/** Is the history_long consumer on? (it is off by default). */
export async function fetchHistoryEnabled(db: Queryable): Promise<boolean> {
  const rows = (await db.query(consumersSql)).rows as Array<Record<string, unknown>>;
  const on = new Set(rows.filter((r) => r.enabled === 'YES').map((r) => String(r.name)));
  return on.has('events_statements_history_long') && on.has('events_statements_current');
}

/** New finished statements of the history ring buffer since `lastEventIds`. */
export async function fetchHistoryEvents(db: MysqlTarget, lastEventIds: ReadonlyMap<string, number>): Promise<HistoryResult> {
  try {
    const anchor = (await db.query(timerAnchorSql)).rows[0] as Record<string, unknown> | undefined;
    if (!anchor) return { events: [], lastEventIds: new Map(lastEventIds) };
    const originMs = timerOriginMs(Number(anchor.timer_ps), Number(anchor.now_s));
    const rows = (await db.query(historySql(db.schema !== null), db.schema !== null ? [db.schema] : [])).rows;
    return mapHistoryRows(rows, lastEventIds, originMs);
  } catch (error) {
    throw mapPerformanceSchemaError(error);
  }
}
