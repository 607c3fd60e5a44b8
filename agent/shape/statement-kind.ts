/**
 * What can be said about a statement no parser accepts: its kind from the first keyword, and the tables named
 * right after FROM / JOIN / INTO / UPDATE by a token scan. Used for `parsed: false` shapes (truncated digests,
 * syntax a parser does not know). Pure, linear, never throws.
 */
import type { StatementKind, TableFeatures } from './types.js';

const firstKeyword: Record<string, StatementKind> = {
  select: 'select', values: 'select', table: 'select', insert: 'insert', replace: 'insert', update: 'update',
  delete: 'delete', merge: 'merge', begin: 'transaction', start: 'transaction', commit: 'transaction',
  rollback: 'transaction', savepoint: 'transaction', release: 'transaction', end: 'transaction',
  abort: 'transaction', xa: 'transaction', set: 'set', reset: 'set', show: 'show', describe: 'show', desc: 'show',
  explain: 'explain', copy: 'copy', load: 'copy', call: 'call', lock: 'lock', unlock: 'lock', create: 'ddl',
  alter: 'ddl', drop: 'ddl', truncate: 'ddl', rename: 'ddl', grant: 'ddl', revoke: 'ddl', comment: 'ddl',
  vacuum: 'utility', analyze: 'utility', cluster: 'utility', reindex: 'utility', checkpoint: 'utility',
  listen: 'utility', notify: 'utility', unlisten: 'utility', discard: 'utility', do: 'utility', use: 'utility',
  flush: 'utility', kill: 'utility', optimize: 'utility', prepare: 'utility', execute: 'utility',
  deallocate: 'utility', fetch: 'utility', close: 'utility', declare: 'utility', move: 'utility', handler: 'utility',
  check: 'utility', checksum: 'utility', repair: 'utility', install: 'utility', uninstall: 'utility', purge: 'utility',
  change: 'utility', stop: 'utility', help: 'utility', binlog: 'utility', cache: 'utility',
};

interface Token {
  readonly text: string;
  /** Lower-cased bare word, or null for quoted identifiers and punctuation. */
  readonly word: string | null;
  readonly identifier: string | null;
}

/** Words, quoted identifiers and punctuation; string literals and comments are skipped. */
export function scanTokens(sql: string, limit = 4000): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^'\\]|''|\\.)*'?|"((?:[^"]|"")*)"?|`((?:[^`]|``)*)`?|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)|(\.\.\.|::|[^\s])/gy;
  let match: RegExpExecArray | null;
  while (tokens.length < limit && (match = re.exec(sql)) !== null && match[0].length > 0) {
    const [text, dq, bq, word, punct] = match;
    if (dq !== undefined) tokens.push({ text, word: null, identifier: dq.replace(/""/g, '"') });
    else if (bq !== undefined) tokens.push({ text, word: null, identifier: bq.replace(/``/g, '`') });
    else if (word !== undefined) tokens.push({ text, word: word.toLowerCase(), identifier: word.toLowerCase() });
    else if (punct !== undefined) tokens.push({ text, word: null, identifier: null });
  }
  return tokens;
}

/** The statement kind from its first keyword; `WITH … SELECT|INSERT|…` looks past the CTEs. */
export function detectStatementKind(sql: string): StatementKind {
  const tokens = scanTokens(sql, 2000);
  let i = 0;
  while (tokens[i]?.text === '(') i += 1;
  const first = tokens[i]?.word ?? '';
  if (first !== 'with') return firstKeyword[first] ?? 'unknown';
  let depth = 0;
  for (const token of tokens.slice(i + 1)) {
    if (token.text === '(') depth += 1;
    else if (token.text === ')') depth -= 1;
    else if (depth === 0 && token.word && ['select', 'insert', 'update', 'delete', 'merge'].includes(token.word)) return firstKeyword[token.word]!;
  }
  return 'select';
}

/** Words after FROM/JOIN/INTO/UPDATE that precede the table name. */
const modifiers = new Set(['only', 'lateral', 'low_priority', 'ignore', 'quick', 'delayed', 'high_priority']);
/** Words that can follow FROM/JOIN without naming a table. */
const notTables = new Set(['select', 'unnest', 'generate_series', 'json_table', 'dual', 'values', 'with']);
const aliasStop = new Set(['where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'on', 'using', 'group', 'order', 'limit', 'having', 'set', 'values', 'select', 'union', 'for', 'window', 'straight_join', 'force', 'use', 'ignore', 'partition', 'returning', 'default', 'offset', 'lock', 'fetch', 'into', 'except', 'intersect']);
/** SQL-syntax functions whose arguments use FROM: `EXTRACT(year FROM t)`, `SUBSTRING(s FROM 2)`, `TRIM(BOTH FROM s)`. */
const fromFunctions = new Set(['extract', 'substring', 'trim', 'position', 'overlay']);

function emptyTable(schema: string | null, name: string, access: TableFeatures['access']): TableFeatures {
  return { schema, name, aliases: [], access, equality: [], in: [], range: [], likePrefix: [], isNull: [], isNotNull: [], join: [], orderBy: [], groupBy: [], expressions: [] };
}

/** Tables named after FROM / JOIN / INTO / UPDATE (and in FROM comma lists), with read/write access. */
export function scanTables(sql: string): TableFeatures[] {
  const tokens = scanTokens(sql);
  const found = new Map<string, TableFeatures>();
  const parens: boolean[] = []; // per open parenthesis: is it a FROM-syntax function's argument list?
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.text === '(') parens.push(fromFunctions.has(tokens[i - 1]?.word ?? ''));
    else if (token.text === ')') parens.pop();
    const keyword = token.word;
    if (keyword !== 'from' && keyword !== 'join' && keyword !== 'into' && keyword !== 'update') continue;
    if (parens[parens.length - 1] || tokens[i - 1]?.word === 'distinct') continue; // IS DISTINCT FROM
    const write = keyword === 'into' || keyword === 'update' || (keyword === 'from' && tokens[i - 1]?.word === 'delete');
    let j = i + 1;
    for (;;) {
      while (tokens[j]?.word && modifiers.has(tokens[j]!.word!)) j += 1;
      const start = tokens[j];
      if (!start?.identifier || (start.word && (notTables.has(start.word) || aliasStop.has(start.word)))) break;
      const path = [start.identifier];
      j += 1;
      while (tokens[j]?.text === '.' && tokens[j + 1]?.identifier) {
        path.push(tokens[j + 1]!.identifier!);
        j += 2;
      }
      // `FROM f(…)` is a table function; `INTO t (a, b)` is a column list
      if ((tokens[j]?.text === '(' && keyword !== 'into') || path.length > 3) break;
      const name = path[path.length - 1]!;
      const schema = path.length > 1 ? path[path.length - 2]! : null;
      const key = `${schema}.${name}`;
      const previous = found.get(key);
      const access = write ? 'write' : 'read';
      found.set(key, emptyTable(schema, name, previous && previous.access !== access ? 'read-write' : access));
      if (keyword !== 'from') break;
      if (tokens[j]?.word === 'as') j += 1;
      if (tokens[j]?.identifier && !(tokens[j]!.word && aliasStop.has(tokens[j]!.word!))) j += 1;
      if (tokens[j]?.text !== ',') break;
      j += 1;
    }
  }
  return [...found.values()];
}
