/**
 * Every statement the shop app sends is declared once, with what it reads and writes and how a replica
 * router should treat it. The ground-truth file is built from these declarations plus what the run observed.
 */
import type { Engine } from '../../agent/events.js';

export type Route = 'primary' | 'conditional' | 'replica';

/** How a statement is planted for the N+1 evaluation (absent: not part of a planted pattern). */
export type NPlusOneRole = 'parent' | 'child' | 'independent' | 'batched' | 'bulk' | 'row-by-row-write';

type Text = string | ((listLength: number) => string);

export interface StatementSpec {
  /** Stable name used in the ground truth: `table.purpose`. */
  readonly name: string;
  /** PostgreSQL text with `$n` placeholders; list statements take the IN-list length. Absent: MariaDB only. */
  readonly pg?: Text;
  /** MariaDB text with `?`; default: `pg` with `$n` turned into `?` (only when they appear in order). */
  readonly my?: Text;
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  /** Run only on this engine (a writable CTE, `= ANY($1)`, a sequence call with engine-specific syntax). */
  readonly only?: Engine;
  readonly nPlusOne?: NPlusOneRole;
  /** `FOR UPDATE` / `FOR SHARE` / `LOCK IN SHARE MODE`. */
  readonly lock?: boolean;
  /** Volatile or session-bound functions called (`nextval`, `random`, `LAST_INSERT_ID`, `UUID`). */
  readonly volatileCalls?: readonly string[];
  /** A read inside a transaction that also writes: must stay on the primary. */
  readonly inWriteTransaction?: boolean;
  /** A read that follows the same session's write to the same table within milliseconds. */
  readonly readYourWrites?: boolean;
  /** BEGIN / COMMIT / ROLLBACK. */
  readonly transactionControl?: boolean;
  /** Session settings, advisory locks, maintenance commands (VACUUM, DO, ANALYZE): primary only. */
  readonly sessionOrUtility?: string;
  /** PostgreSQL: a named prepared statement, so logs show `execute <name>`. Default: unnamed. */
  readonly pgNamed?: boolean;
  /**
   * mysql2 `query` (the default: parameters interpolated by the client, as most Node ORMs do) or `execute`
   * (a server-side prepared statement). MariaDB 10.11 keeps no digest and no SQL_TEXT in performance_schema
   * for prepared executions (`statement/com/Execute`); the slow log shows them with their literals.
   */
  readonly mysqlMode?: 'execute' | 'query';
}

export interface StatementDef extends Required<Pick<StatementSpec, 'name' | 'reads' | 'writes'>> {
  readonly spec: StatementSpec;
  readonly list: boolean;
  readonly route: Route;
  readonly reasons: readonly string[];
  text(engine: Engine, listLength?: number): string;
  runsOn(engine: Engine): boolean;
}

/** `$1 … $n` in order of appearance, each once, become `?`; anything else needs an explicit MariaDB text. */
export function pgToMysql(sql: string, name: string): string {
  let expected = 1;
  const converted = sql.replace(/\$(\d+)/g, (_, n: string) => {
    if (Number(n) !== expected) throw new Error(`statement ${name}: $${n} out of order, give an explicit MariaDB text`);
    expected++;
    return '?';
  });
  if (/::|\bANY\s*\(|RETURNING|ILIKE|\binterval\s+'/i.test(converted)) {
    throw new Error(`statement ${name}: PostgreSQL-only syntax, give an explicit MariaDB text`);
  }
  return converted;
}

/** `$first, $first+1, …` for an IN list of `count` items. */
export function pgList(count: number, first = 1): string {
  return Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
}

export function myList(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function routeOf(spec: StatementSpec): { route: Route; reasons: string[] } {
  const reasons: string[] = [];
  if (spec.transactionControl) reasons.push('transaction control');
  if (spec.sessionOrUtility) reasons.push(spec.sessionOrUtility);
  if (spec.writes?.length) reasons.push(`writes ${spec.writes.join(', ')}`);
  if (spec.lock) reasons.push('locking read');
  for (const fn of spec.volatileCalls ?? []) reasons.push(`calls ${fn}()`);
  if (spec.inWriteTransaction) reasons.push('inside a transaction that writes');
  if (reasons.length) return { route: 'primary', reasons };
  if (spec.readYourWrites) {
    return { route: 'conditional', reasons: [`reads ${spec.reads?.join(', ')} right after the same session wrote it`] };
  }
  return { route: 'replica', reasons: ['plain read'] };
}

export function stmt(spec: StatementSpec): StatementDef {
  const { pg } = spec;
  if (pg === undefined && spec.only !== 'mysql') throw new Error(`statement ${spec.name}: PostgreSQL text missing`);
  const list = typeof pg === 'function' || typeof spec.my === 'function';
  const render = (text: Text | undefined, n: number) => {
    if (text === undefined) throw new Error(`statement ${spec.name} has no text for this engine`);
    return typeof text === 'function' ? text(n) : text;
  };
  const myText: Text | undefined = spec.only === 'postgres' ? undefined : spec.my ?? (typeof pg === 'function'
    ? (n: number) => pgToMysql(pg(n), spec.name)
    : pgToMysql(pg as string, spec.name));
  if (spec.only !== 'postgres') render(myText, 3); // fail at load time, not in the middle of a run
  return {
    name: spec.name,
    reads: spec.reads ?? [],
    writes: spec.writes ?? [],
    spec,
    list,
    ...routeOf(spec),
    text: (engine, listLength = 3) => render(engine === 'postgres' ? pg : myText, listLength),
    runsOn: (engine) => spec.only === undefined || spec.only === engine,
  };
}

export type TagStyle = 'sqlcommenter' | 'marginalia';

/**
 * sqlcommenter (https://google.github.io/sqlcommenter/spec/): keys sorted, values URL-encoded and quoted,
 * appended at the end. marginalia (Rails): `key:value` pairs, appended too.
 */
export function renderTagComment(tags: Readonly<Record<string, string>>, style: TagStyle): string {
  if (style === 'marginalia') {
    return `/*${Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',')}*/`;
  }
  const pairs = Object.keys(tags).sort().map((k) => `${encodeURIComponent(k)}='${encodeURIComponent(tags[k]).replace(/'/g, "\\'")}'`);
  return `/*${pairs.join(',')}*/`;
}
