/**
 * describeShape: the features of a normalized statement, from the parser that covers the dialect best
 * (README "Design notes / Parsers" has the figures). Runs once per new shape, so it may cost a parse; it is
 * sync, pure and never throws. Parsers load once, asynchronously, with `loadShapeParsers()`.
 *
 * PostgreSQL: libpg-query (PostgreSQL's own grammar).
 * MySQL/MariaDB, in order, first success wins:
 *   1. utility recognizer (SHOW, SET, BEGIN, COMMIT, USE …: trivial features);
 *   2. node-sql-parser (MariaDB grammar) on the text;
 *   3. node-sql-parser on a rewrite (index hints, STRAIGHT_JOIN, FOR SHARE, `<=>`, digest `IN (...)`);
 *   4. libpg-query on a PostgreSQL-compatible rewrite (backticks, `?` → `$n`, `LIMIT a, b`);
 *   else `parsed: false` with the first-keyword kind and the tables a token scan finds.
 */
import type { Engine } from '../events.js';
import { mapMysqlAst } from './features-mysql.js';
import { recognizeUtility, rewriteForMysqlParser, rewriteForPostgresParser } from './features-mysql-rewrite.js';
import { mapPostgresAst } from './features-postgres.js';
import { detectStatementKind, scanTables } from './statement-kind.js';
import type { ShapeDescription, ShapeFeatures, StatementKind } from './types.js';

interface Parsers {
  readonly parsePostgres: (sql: string) => { stmts?: unknown[] };
  readonly parseMysql: (sql: string) => unknown;
}

let parsers: Parsers | null = null;
let loading: Promise<void> | null = null;

/** Load the parsers (libpg-query's WebAssembly module, node-sql-parser's MariaDB grammar). Await once at startup. */
export function loadShapeParsers(): Promise<void> {
  loading ??= (async () => {
    const [pg, mysql] = await Promise.all([import('libpg-query'), import('node-sql-parser/build/mariadb.js')]);
    await pg.loadModule();
    const mysqlParser = new mysql.default.Parser();
    parsers = {
      parsePostgres: (sql) => pg.parseSync(sql) as { stmts?: unknown[] },
      parseMysql: (sql) => mysqlParser.astify(sql, { database: 'MariaDB' }),
    };
  })();
  return loading;
}

/** Which step of the chain produced the description (for `npm run bench` and tests). */
export type ParseVia = 'libpg-query' | 'utility' | 'node-sql-parser' | 'node-sql-parser-rewrite' | 'libpg-query-rewrite' | 'none';

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

function describeMysql(normalized: string): DetailedDescription {
  const utility = recognizeUtility(normalized);
  if (utility) {
    return { via: 'utility', description: { parsed: true, features: emptyFeatures(utility) } };
  }
  let firstError = '';
  if (normalized.length <= maxMysqlParserChars) {
    try {
      return { via: 'node-sql-parser', description: { parsed: true, features: mapMysqlAst(parsers!.parseMysql(normalized)) } };
    } catch (error) {
      firstError = firstLine(error);
    }
    const rewritten = rewriteForMysqlParser(normalized);
    if (rewritten !== normalized) {
      try {
        return { via: 'node-sql-parser-rewrite', description: { parsed: true, features: mapMysqlAst(parsers!.parseMysql(rewritten)) } };
      } catch { /* next fallback */ }
    }
  }
  try {
    return { via: 'libpg-query-rewrite', description: { parsed: true, features: viaPostgres(rewriteForPostgresParser(normalized), 'mysql') } };
  } catch (error) {
    return { via: 'none', description: unparsed(normalized, firstError || firstLine(error)) };
  }
}

/** describeShape plus which parser step produced it. */
export function describeShapeDetailed(normalized: string, engine: Engine): DetailedDescription {
  if (!parsers) return { via: 'none', description: unparsed(normalized, 'shape parsers are not loaded: await loadShapeParsers() once at startup') };
  try {
    if (engine === 'mysql') return describeMysql(normalized);
    return { via: 'libpg-query', description: { parsed: true, features: viaPostgres(normalized, 'postgres') } };
  } catch (error) {
    return { via: 'none', description: unparsed(normalized, firstLine(error)) };
  }
}

/** Features of a normalized statement (see agent/shape/types.ts). Never throws; `parsed: false` says why. */
export function describeShape(normalized: string, engine: Engine): ShapeDescription {
  return describeShapeDetailed(normalized, engine).description;
}
