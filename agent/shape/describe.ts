/**
 * describeShape: the features of a normalized statement, from the parser that covers the dialect best
 * (README "Design notes / Parsers" has the figures). Runs once per new shape, so it may cost a parse; it is
 * sync, pure and never throws. Parsers load once, asynchronously, with `loadShapeParsers()`.
 *
 * PostgreSQL: libpg-query (PostgreSQL's own grammar).
 * MySQL/MariaDB, in order, first success wins:
 *   1. utility recognizer (SHOW, SET, BEGIN, COMMIT, USE, GRANT …: trivial features);
 *   2. node-sql-parser (MySQL grammar: it reads MariaDB's statements better than its own MariaDB grammar,
 *      which rejects columns named `status`, `DELETE … LIMIT` and more) on the text;
 *   3. node-sql-parser on a rewrite (index hints, STRAIGHT_JOIN, FOR SHARE, `<=>`, digest `IN (...)`);
 *   4. libpg-query on a PostgreSQL-compatible rewrite (backticks, `?` → `$n`, `LIMIT a, b`);
 *   5. both again with describe-repair.ts (placeholders where DDL wants a literal, truncated texts);
 *   else `parsed: false` with the first-keyword kind and the tables a token scan finds.
 * PostgreSQL: libpg-query, then libpg-query with describe-repair.ts.
 */
import type { Engine } from '../events.js';
import { parseWithRepairs, type Attempt } from './describe-repair.js';
import { mapMysqlAst } from './features-mysql.js';
import { expandCollapsedLimit, recognizeUtility, rewriteForMysqlParser, rewriteForPostgresParser } from './features-mysql-rewrite.js';
import { mapPostgresAst } from './features-postgres.js';
import { detectStatementKind, scanTables } from './statement-kind.js';
import type { ShapeDescription, ShapeFeatures, StatementKind } from './types.js';

interface Parsers {
  readonly parsePostgres: (sql: string) => { stmts?: unknown[] };
  readonly parseMysql: (sql: string) => unknown;
}

let parsers: Parsers | null = null;
let loading: Promise<void> | null = null;

/** Load the parsers (libpg-query's WebAssembly module, node-sql-parser's MySQL grammar). Await once at startup. */
export function loadShapeParsers(): Promise<void> {
  loading ??= (async () => {
    const [pg, mysql] = await Promise.all([import('libpg-query'), import('node-sql-parser/build/mysql.js')]);
    await pg.loadModule();
    const mysqlParser = new mysql.default.Parser();
    parsers = {
      parsePostgres: (sql) => pg.parseSync(sql) as { stmts?: unknown[] },
      parseMysql: (sql) => mysqlParser.astify(sql, { database: 'MySQL' }),
    };
  })().catch((error: unknown) => {
    loading = null; // a later call may try again
    throw error;
  });
  return loading;
}

/** Which step of the chain produced the description (for `npm run bench` and tests). */
export type ParseVia =
  | 'libpg-query' | 'libpg-query-repair' | 'utility' | 'node-sql-parser' | 'node-sql-parser-rewrite' | 'libpg-query-rewrite'
  | 'node-sql-parser-repair' | 'libpg-query-rewrite-repair' | 'none';

export interface DetailedDescription {
  readonly description: ShapeDescription;
  readonly via: ParseVia;
}

/** Statements longer than this are not given to node-sql-parser (a PEG parser: slow and deep on huge input). */
const maxMysqlParserChars = 64 * 1024;

function emptyFeatures(kind: StatementKind): ShapeFeatures {
  return { kind, tables: [], limit: false, offset: false, lock: null, functions: [], writesInCte: false, subqueries: 0, selectInto: false };
}

/** What a token scan can tell about a statement no parser accepted. */
function unparsed(normalized: string, error: string): ShapeDescription {
  try {
    const features: ShapeFeatures = {
      ...emptyFeatures(detectStatementKind(normalized)),
      tables: scanTables(normalized),
      limit: /\bLIMIT\b/i.test(normalized),
      offset: /\bOFFSET\b|\bLIMIT\s+\S+\s*,/i.test(normalized),
    };
    return { parsed: false, features, error };
  } catch {
    return { parsed: false, features: emptyFeatures('unknown'), error };
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200);
}

function viaPostgres(sql: string, engine: Engine): ShapeFeatures {
  const result = parsers!.parsePostgres(sql);
  return mapPostgresAst((result.stmts ?? []) as never[], engine);
}

function attemptPostgres(engine: Engine): (sql: string) => Attempt<ShapeFeatures> {
  return (sql) => {
    try {
      return { ok: true, value: viaPostgres(sql, engine) };
    } catch (error) {
      const position = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
      const message = firstLine(error);
      return { ok: false, offset: typeof position === 'number' ? position : null, atEnd: /end of input/.test(message), message };
    }
  };
}

function attemptMysql(sql: string): Attempt<ShapeFeatures> {
  try {
    return { ok: true, value: mapMysqlAst(parsers!.parseMysql(sql)) };
  } catch (error) {
    const offset = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    return { ok: false, offset: typeof offset === 'number' ? offset : null, atEnd: typeof offset === 'number' && offset >= sql.trimEnd().length - 1, message: firstLine(error) };
  }
}

function parsedVia(via: ParseVia, features: ShapeFeatures): DetailedDescription {
  return { via, description: { parsed: true, features } };
}

function describeMysql(fingerprinted: string): DetailedDescription {
  const normalized = expandCollapsedLimit(fingerprinted);
  const utility = recognizeUtility(normalized);
  if (utility) return parsedVia('utility', emptyFeatures(utility));
  const small = normalized.length <= maxMysqlParserChars;
  let firstError = '';
  const rewritten = rewriteForMysqlParser(normalized);
  if (small) {
    const direct = attemptMysql(normalized);
    if (direct.ok) return parsedVia('node-sql-parser', direct.value);
    firstError = direct.message;
    if (rewritten !== normalized) {
      const second = attemptMysql(rewritten);
      if (second.ok) return parsedVia('node-sql-parser-rewrite', second.value);
    }
  }
  const pgText = rewriteForPostgresParser(normalized);
  const viaPg = attemptPostgres('mysql');
  const third = viaPg(pgText);
  if (!firstError && !third.ok) firstError = third.message;
  if (third.ok) return parsedVia('libpg-query-rewrite', third.value);
  if (small) {
    const repaired = parseWithRepairs(rewritten, attemptMysql);
    if (repaired) return parsedVia('node-sql-parser-repair', repaired.value);
  }
  const repairedPg = parseWithRepairs(pgText, viaPg);
  if (repairedPg) return parsedVia('libpg-query-rewrite-repair', repairedPg.value);
  return { via: 'none', description: unparsed(normalized, firstError || 'not parsed') };
}

function describePostgres(normalized: string): DetailedDescription {
  const attempt = attemptPostgres('postgres');
  const direct = attempt(normalized);
  if (direct.ok) return parsedVia('libpg-query', direct.value);
  const repaired = parseWithRepairs(normalized, attempt);
  if (repaired) return parsedVia('libpg-query-repair', repaired.value);
  return { via: 'none', description: unparsed(normalized, direct.message) };
}

/** describeShape plus which parser step produced it. */
export function describeShapeDetailed(normalized: string, engine: Engine): DetailedDescription {
  if (!parsers) return { via: 'none', description: unparsed(normalized, 'shape parsers are not loaded: await loadShapeParsers() once at startup') };
  try {
    return engine === 'mysql' ? describeMysql(normalized) : describePostgres(normalized);
  } catch (error) {
    return { via: 'none', description: unparsed(normalized, firstLine(error)) };
  }
}

/** Features of a normalized statement (see agent/shape/types.ts). Never throws; `parsed: false` says why. */
export function describeShape(normalized: string, engine: Engine): ShapeDescription {
  return describeShapeDetailed(normalized, engine).description;
}
