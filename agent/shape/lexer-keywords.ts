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

const MORE_KEYWORDS = [
  'abort', 'action', 'add', 'after', 'alter', 'always', 'attach', 'auto_increment', 'before', 'begin', 'bigint',
  'boolean', 'call', 'cascade', 'cascaded', 'change', 'char', 'character', 'charset', 'checkpoint', 'close',
  'cluster', 'comment', 'commit', 'committed', 'conflict', 'copy', 'cost', 'cube', 'current', 'cursor',
  'cycle', 'data', 'database', 'databases', 'deallocate', 'declare', 'deferred', 'delayed', 'describe', 'detach',
  'disable', 'discard', 'drop', 'duplicate', 'each', 'enable', 'engine', 'escape', 'event', 'exclusive',
  'execute', 'explain', 'extension', 'filter', 'first', 'following', 'force', 'format', 'function', 'functions',
  'global', 'grouping', 'handler', 'high_priority', 'if', 'ignore', 'immediate', 'index', 'indexes', 'inherit',
  'inout', 'insensitive', 'instead', 'isolation', 'language', 'last', 'level', 'load', 'local', 'lock',
  'locked', 'logged', 'low_priority', 'match', 'matched', 'materialized', 'merge', 'mode', 'names', 'next',
  'no', 'nothing', 'nowait', 'nulls', 'of', 'optimize', 'out', 'over', 'overriding', 'owned', 'owner',
  'partition', 'plans', 'policy', 'preceding', 'prepare', 'prepared', 'privileges', 'procedure', 'quick',
  'range', 'read', 'recursive', 'reindex', 'release', 'rename', 'repeatable', 'replace', 'reset', 'restart',
  'restrict', 'revoke', 'role', 'rollback', 'rollup', 'routine', 'row', 'rows', 'rule', 'savepoint', 'schema',
  'schemas', 'sequence', 'serializable', 'session', 'share', 'show', 'skip', 'snapshot', 'sql_calc_found_rows',
  'sql_no_cache', 'start', 'statement', 'status', 'straight_join', 'stored', 'strict', 'system', 'tables',
  'temp', 'temporary', 'ties', 'transaction', 'trigger', 'truncate', 'type', 'unbounded', 'uncommitted',
  'unlogged', 'unlock', 'unsigned', 'until', 'use', 'vacuum', 'variables', 'view', 'views', 'volatile',
  'warnings', 'work', 'write', 'zone',
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
