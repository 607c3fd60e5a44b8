/**
 * Cheap text rewrites that let MySQL/MariaDB statements through parsers that do not know every MySQL form.
 * They only have to keep what the features read (tables, predicates, ORDER/GROUP BY, LIMIT, locks), so an
 * index hint can go and `a <=> b` can become `a = b`. Quoted text is never touched. Pure.
 *
 * - `rewriteForMysqlParser`: for node-sql-parser, which rejects index hints (`FORCE INDEX (k)`),
 *   `STRAIGHT_JOIN`, `PARTITION (p)`, `FOR SHARE`, `<=>`, `UPDATE LOW_PRIORITY`, MariaDB's `NEXT VALUE FOR s`
 *   and performance_schema's `IN (...)` digest form.
 * - `rewriteForPostgresParser`: a PostgreSQL-compatible spelling for libpg-query, the second fallback:
 *   backticks → double quotes, `?` → `$n`, `LIMIT a, b` → `LIMIT b OFFSET a`, `LOCK IN SHARE MODE` → `FOR SHARE`.
 * - `recognizeUtility`: SHOW / SET / BEGIN / COMMIT / USE / GRANT / ANALYZE TABLE … statements whose features
 *   are trivial.
 */
import type { StatementKind } from './types.js';
import { detectStatementKind } from './statement-kind.js';

/** Apply `edit` to the unquoted stretches of `sql` only. */
function outsideQuotes(sql: string, edit: (code: string) => string): string {
  const parts = sql.split(/('(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"|`(?:[^`]|``)*`)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : edit(part))).join('');
}

function common(code: string): string {
  return code
    .replace(/\b(?:FORCE|USE|IGNORE)\s+(?:INDEX|KEY)(?:\s+FOR\s+(?:JOIN|ORDER\s+BY|GROUP\s+BY))?\s*\([^)]*\)/gi, ' ')
    .replace(/\bPARTITION\s*\([^)]*\)/gi, ' ')
    .replace(/\b(SELECT)((?:\s+(?:ALL|DISTINCT|DISTINCTROW))?)((?:\s+(?:HIGH_PRIORITY|STRAIGHT_JOIN|SQL_SMALL_RESULT|SQL_BIG_RESULT|SQL_BUFFER_RESULT|SQL_NO_CACHE|SQL_CACHE|SQL_CALC_FOUND_ROWS))+)\b/gi, '$1$2')
    .replace(/\bSTRAIGHT_JOIN\b/gi, 'JOIN')
    .replace(/\b(UPDATE|DELETE|INSERT|REPLACE)((?:\s+(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|QUICK|IGNORE))+)\b/gi, '$1')
    .replace(/\bNEXT\s+VALUE\s+FOR\s+([\w.`"]+)/gi, 'nextval($1)') // MariaDB sequences
    .replace(/\bPREVIOUS\s+VALUE\s+FOR\s+([\w.`"]+)/gi, 'lastval($1)')
    .replace(/\bIN\s*\(\s*\.\.\.\s*\)/gi, 'IN (?)')
    .replace(/@\s*\?/g, '@v'); // a user variable as a digest prints it (`@ ?`)
}

/** `ON DUPLICATE KEY UPDATE a = VALUES(a)` → `ON CONFLICT DO UPDATE SET a = EXCLUDED.a`. */
function onDuplicateToConflict(code: string): string {
  const at = code.search(/\bON\s+DUPLICATE\s+KEY\s+UPDATE\b/i);
  if (at < 0) return code;
  const tail = code.slice(at)
    .replace(/\bON\s+DUPLICATE\s+KEY\s+UPDATE\b/i, 'ON CONFLICT DO UPDATE SET')
    .replace(/\bVALUES\s*\(\s*([^()]+?)\s*\)/gi, 'EXCLUDED.$1');
  return code.slice(0, at) + tail;
}

/**
 * The fingerprint writes MySQL's `LIMIT offset, count` as a collapsed list, `LIMIT ? /*, ... *\/`; spell it
 * out again so the parsers see the offset. Applied before every parse.
 */
export function expandCollapsedLimit(sql: string): string {
  return sql.includes('LIMIT') ? sql.replace(/\bLIMIT\s+\?\s*\/\*,\s*\.\.\.\s*\*\//g, 'LIMIT ?, ?') : sql;
}

export function rewriteForMysqlParser(sql: string): string {
  return outsideQuotes(sql, (code) => common(code)
    .replace(/<=>/g, '=')
    .replace(/\bFOR\s+SHARE\b/gi, 'LOCK IN SHARE MODE'));
}

export function rewriteForPostgresParser(sql: string): string {
  let n = 0;
  const code = outsideQuotes(sql, (part) => common(part)
    .replace(/\bLIMIT\s+(\?|\d+)\s*,\s*(\?|\d+)/gi, 'LIMIT $2 OFFSET $1')
    .replace(/\bLOCK\s+IN\s+SHARE\s+MODE\b/gi, 'FOR SHARE')
    .replace(/<=>/g, ' IS NOT DISTINCT FROM ')
    .replace(/\bSQL_CALC_FOUND_ROWS\b/gi, ' ')
    .replace(/\bREPLACE\s+INTO\b/gi, 'INSERT INTO'));
  return outsideQuotes(onDuplicateToConflict(code).replace(/`((?:[^`]|``)*)`/g, (_, name: string) => `"${name.replace(/``/g, '`').replace(/"/g, '""')}"`), (part) => part.replace(/\?/g, () => `$${++n}`));
}

const utilityWords = /^\s*(?:SHOW|SET|BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|USE|FLUSH|KILL|XA|RESET|PURGE|HELP|INSTALL|UNINSTALL|BINLOG|STOP|CHANGE|CACHE\s+INDEX|LOAD\s+INDEX|DEALLOCATE|UNLOCK\s+TABLES|DESCRIBE|DESC|DO\s+SLEEP|GRANT|REVOKE|(?:CREATE|ALTER|DROP|RENAME)\s+(?:USER|ROLE)|(?:ANALYZE|OPTIMIZE|CHECK|REPAIR|CHECKSUM)\s+(?:NO_WRITE_TO_BINLOG\s+|LOCAL\s+)?TABLE)\b/i;

/**
 * SHOW / SET / transaction control / USE and other statements with no table features. SET with a subquery
 * (`SET @x = (SELECT …)`) is left to the parsers. Returns the kind, or null when it is not such a statement.
 */
export function recognizeUtility(sql: string): StatementKind | null {
  if (!utilityWords.test(sql) || /\bSELECT\b/i.test(sql)) return null;
  return detectStatementKind(sql);
}
