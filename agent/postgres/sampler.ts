/**
 * Reads pg_stat_statements through a Queryable (I/O). Counters are read without query texts; texts are
 * fetched only for entries the caller has not seen before, which keeps a sample cheap for the server.
 */
import { SourceUnavailableError } from '../errors.js';
import { errorCode, type Queryable } from '../stats/queryable.js';
import { infoSql, probeSql, statementsSql } from './sql.js';
import { mapPgssInfo, mapPgssRows, type PgssEntry, type PgssInfo } from './map-rows.js';

export interface PgServerInfo {
  readonly database: string;
  readonly versionNum: number;
  readonly version: string;
  /** pg_postmaster_start_time(): changes on every restart. */
  readonly startedAt: string;
  /** Installed pg_stat_statements version, null when the extension is not installed here. */
  readonly pgssVersion: string | null;
  /** pg_stat_statements.max, null when the library is not loaded. */
  readonly pgssMax: number | null;
}

export interface PgssReadingRaw {
  readonly server: PgServerInfo;
  readonly info: PgssInfo;
  /** Entries with known keys carry no text; new ones carry theirs (entries whose text vanished are left out). */
  readonly entries: readonly PgssEntry[];
  /** Milliseconds the server spent answering (round trips included). */
  readonly databaseMs: number;
}

export async function fetchPgServerInfo(db: Queryable): Promise<PgServerInfo> {
  const row = (await db.query(probeSql)).rows[0] as Record<string, unknown>;
  return {
    database: String(row.database), versionNum: Number(row.version_num), version: String(row.version),
    startedAt: String(row.started), pgssVersion: typeof row.pgss_version === 'string' ? row.pgss_version : null,
    pgssMax: row.pgss_max === null || row.pgss_max === undefined ? null : Number(row.pgss_max),
  };
}

export function pgssNotInstalled(database: string): SourceUnavailableError {
  return new SourceUnavailableError(`pg_stat_statements is not installed in database ${database}`,
    `run CREATE EXTENSION pg_stat_statements; in ${database} and add it to shared_preload_libraries`);
}

/** Turn a failed pg_stat_statements read into a message that says what to change. */
export function mapPgssError(error: unknown, database: string): unknown {
  const code = errorCode(error);
  if (code === '55000') {
    return new SourceUnavailableError('pg_stat_statements is installed but not loaded (SQLSTATE 55000)',
      "add pg_stat_statements to shared_preload_libraries in postgresql.conf and restart PostgreSQL", { cause: error });
  }
  if (code === '42501') {
    return new SourceUnavailableError(`permission denied reading pg_stat_statements in ${database} (SQLSTATE 42501)`,
      'GRANT pg_read_all_stats TO <the qprof role>; (or pg_monitor)', { cause: error });
  }
  if (code === '42883' || code === '42P01') return pgssNotInstalled(database);
  return error;
}

/** Read the counters; `isKnown(key)` says which entries need no text. */
export async function fetchPgssReading(db: Queryable, isKnown: (key: string) => boolean): Promise<PgssReadingRaw> {
  const startedMs = performance.now();
  const server = await fetchPgServerInfo(db);
  if (server.pgssVersion === null) throw pgssNotInstalled(server.database);
  try {
    const infoText = infoSql(server.pgssVersion);
    const readInfo = async () => (infoText ? mapPgssInfo((await db.query(infoText)).rows[0] as Record<string, unknown>) : mapPgssInfo(undefined));
    // A reset between reading the reset time and the counters would pair new counters with the old reset
    // time (then count them twice on the next sample): read the reset time on both sides and retry.
    let info = await readInfo();
    let counted: PgssEntry[] = [];
    for (let attempt = 0; ; attempt++) {
      counted = mapPgssRows((await db.query(statementsSql(server.pgssVersion, false))).rows);
      const after = await readInfo();
      if (after.statsReset === info.statsReset) break;
      if (attempt === 2) {
        throw new SourceUnavailableError('pg_stat_statements was reset during each of three readings', 'sample again later; something resets it constantly');
      }
      info = after;
    }
    const unknown = counted.filter((e) => !isKnown(e.key));
    let entries: PgssEntry[] = counted;
    if (unknown.length > 0) {
      const queryids = [...new Set(unknown.map((e) => e.queryid))];
      const withText = mapPgssRows((await db.query(
        `${statementsSql(server.pgssVersion, true)} AND queryid = ANY($1::bigint[])`, [queryids])).rows);
      const texts = new Map(withText.map((e) => [e.key, e.query]));
      entries = [];
      for (const entry of counted) {
        if (isKnown(entry.key)) entries.push(entry);
        else if (texts.get(entry.key)) entries.push({ ...entry, query: texts.get(entry.key)! });
      }
    }
    return { server, info, entries, databaseMs: performance.now() - startedMs };
  } catch (error) {
    throw mapPgssError(error, server.database);
  }
}

/** The reading in the engine-independent form of agent/stats/sample-state.ts. */
export async function fetchPgssSample(db: Queryable, isKnown: (key: string) => boolean) {
  const raw = await fetchPgssReading(db, isKnown);
  return {
    input: {
      resetMarker: raw.info.statsReset, evictedTotal: raw.info.dealloc, serverStartedAt: raw.server.startedAt,
      entries: raw.entries.map((e) => ({ key: e.key, text: e.query, counters: e.counters, since: e.since })),
    },
    databaseMs: raw.databaseMs,
    capacity: raw.server.pgssMax,
  };
}
