import { hashText, textH2 } from './lexer.js';

/**
 * Word lists for the shape lexer. Keys are lower case, because the lexer folds every unquoted word to lower
 * case before it looks it up.
 *
 * RESERVED: words that cannot be a bare column or table name (PostgreSQL's reserved list plus the MySQL words
 * that act as operators), https://www.postgresql.org/docs/15/sql-keywords-appendix.html. They decide two
 * things: a `-` after one of them is a sign (`THEN -1`), and a quoted identifier spelling one of them keeps
 * its quotes in the normalized text so that it stays parseable.
 *
 * KEYWORDS: everything printed in upper case. Only the normalized text's looks depend on it, never the id: the
 * id hashes every word in lower case, so `NAME` in a MariaDB digest and `name` in a log meet either way.
 */
export const RESERVED: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization', 'between',
  'binary', 'both', 'by', 'case', 'cast', 'check', 'collate', 'collation', 'column', 'concurrently',
  'constraint', 'create', 'cross', 'current_catalog', 'current_date', 'current_role', 'current_schema',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'delete', 'desc', 'distinct',
  'div', 'do', 'else', 'elseif', 'end', 'except', 'exists', 'false', 'fetch', 'for', 'foreign', 'freeze', 'from',
  'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner', 'insert', 'intersect', 'interval',
  'into', 'is', 'isnull', 'join', 'key', 'lateral', 'leading', 'left', 'like', 'limit', 'localtime',
  'localtimestamp', 'mod', 'natural', 'not', 'notnull', 'null', 'offset', 'on', 'only', 'or', 'order', 'outer',
  'overlaps', 'placing', 'primary', 'references', 'regexp', 'return', 'returning', 'right', 'rlike', 'select',
  'session_user', 'set', 'similar', 'some', 'symmetric', 'table', 'tablesample', 'then', 'to', 'trailing',
  'true', 'union', 'unique', 'update', 'user', 'using', 'values', 'variadic', 'verbose', 'when', 'where',
  'window', 'with', 'xor',
]);

/** Statement and clause words that are rarely column names (`status`, `type`, `data` are left out). */
const MORE_KEYWORDS = [
  'abort', 'add', 'alter', 'auto_increment', 'begin', 'call', 'cascade', 'cascaded',
  'charset', 'close', 'commit', 'committed', 'conflict', 'copy', 'current', 'cursor',
  'cycle', 'database', 'databases', 'deallocate', 'declare', 'deferred', 'delayed', 'describe', 'drop',
  'duplicate', 'escape', 'exclusive', 'execute', 'explain', 'extension', 'following', 'function', 'grouping',
  'high_priority', 'if', 'ignore', 'immediate', 'index', 'indexes', 'inout', 'insensitive', 'instead',
  'isolation', 'lock', 'locked', 'low_priority', 'materialized', 'merge', 'names', 'no', 'nothing', 'nowait',
  'nulls', 'of', 'optimize', 'out', 'over', 'overriding', 'owned', 'partition', 'preceding', 'prepare',
  'prepared', 'privileges', 'procedure', 'range', 'recursive', 'reindex', 'release', 'rename', 'repeatable',
  'replace', 'reset', 'restart', 'restrict', 'revoke', 'rollback', 'row', 'rows', 'savepoint', 'schema',
  'schemas', 'sequence', 'serializable', 'share', 'show', 'skip', 'sql_calc_found_rows', 'sql_no_cache',
  'start', 'straight_join', 'tables', 'temporary', 'transaction', 'trigger', 'truncate', 'unbounded',
  'uncommitted', 'unlock', 'unsigned', 'until', 'use', 'vacuum', 'view',
];

export const KEYWORDS: ReadonlySet<string> = new Set([...RESERVED, ...MORE_KEYWORDS]);

/** Upper-case spelling of every keyword, looked up by its lower-case form (saves an allocation per word). */
export const KEYWORD_UPPER: ReadonlyMap<string, string> = new Map([...KEYWORDS].map((k) => [k, k.toUpperCase()]));

/**
 * After these words a `-` is a sign, not a subtraction (`THEN -1`, `LIMIT -1`, `= ANY (-1)`), so `-1` folds
 * into one literal the way PostgreSQL's grammar folds it (pg_stat_statements shows `$1`, not `-$1`).
 * Words that end an expression (`END`, `NULL`, `CURRENT_DATE`) are not here.
 */
export const SIGN_AFTER: ReadonlySet<string> = new Set([
  'all', 'and', 'any', 'as', 'between', 'by', 'case', 'default', 'distinct', 'div', 'else', 'elseif', 'escape',
  'exists', 'from', 'having', 'ilike', 'in', 'interval', 'is', 'like', 'limit', 'mod', 'not', 'offset', 'on',
  'or', 'regexp', 'return', 'returning', 'rlike', 'select', 'set', 'some', 'then', 'to', 'values', 'when',
  'where', 'xor',
]);

/*
 * Keywords and recently seen names by hash. The word scanner already hashed the word in two 30-bit lanes;
 * two words of the same length whose 60 bits both agree are taken as the same word (a false match needs a
 * 1-in-10^18 coincidence), so a known word is neither compared again nor sliced nor lower-cased.
 */
const TABLE_BITS = 10;
const KW_TABLE: (readonly [string, string, number])[][] = Array.from({ length: 1 << TABLE_BITS }, () => []);
for (const k of KEYWORDS) {
  const h1 = hashText(k);
  KW_TABLE[h1 & ((1 << TABLE_BITS) - 1)].push([k, k.toUpperCase(), textH2]);
}

/** The `[lower, UPPER]` spelling of the keyword of length `len` with lanes `h1`, `h2`, or undefined. */
export function matchKeyword(len: number, h1: number, h2: number): readonly [string, string, number] | undefined {
  const bucket = KW_TABLE[h1 & ((1 << TABLE_BITS) - 1)];
  for (let b = 0; b < bucket.length; b++) {
    const entry = bucket[b];
    if (entry[2] === h2 && entry[0].length === len) return entry;
  }
  return undefined;
}

/**
 * Slot → the last word that hashed to it: its lower-case text, its keyword spelling (undefined for a name)
 * and its second lane. One lookup per word on the hot path; the keyword table is read only on a miss.
 */
const NAME_BITS = 12;
const NAME_TABLE: string[] = new Array<string>(1 << NAME_BITS).fill('');
const NAME_UPPER: (string | undefined)[] = new Array<string | undefined>(1 << NAME_BITS).fill(undefined);
const NAME_H2 = new Int32Array(1 << NAME_BITS);

/** Set by `lookupWord`: the keyword spelling of the word it returned, or undefined for a plain name. */
export let lookedUpKeyword: string | undefined;

/**
 * The lower-case word at `sql[i, end)` (ASCII) with lanes `h1`, `h2` from `scanWordHashed`; sets
 * `lookedUpKeyword`.
 */
export function lookupWord(sql: string, i: number, end: number, h1: number, h2: number, hasUpper: boolean): string {
  const slot = h1 & ((1 << NAME_BITS) - 1);
  const cached = NAME_TABLE[slot];
  const len = end - i;
  if (NAME_H2[slot] === h2 && cached.length === len && cached !== '') {
    lookedUpKeyword = NAME_UPPER[slot];
    return cached;
  }
  const kw = matchKeyword(len, h1, h2);
  if (kw !== undefined) {
    NAME_TABLE[slot] = kw[0];
    NAME_UPPER[slot] = kw[1];
    NAME_H2[slot] = h2;
    lookedUpKeyword = kw[1];
    return kw[0];
  }
  const raw = sql.slice(i, end);
  const name = hasUpper ? raw.toLowerCase() : raw;
  // A slice may keep its whole statement alive: only names of ordinary statements are remembered.
  if (sql.length <= 65_536) {
    NAME_TABLE[slot] = name;
    NAME_UPPER[slot] = undefined;
    NAME_H2[slot] = h2;
  }
  lookedUpKeyword = undefined;
  return name;
}
