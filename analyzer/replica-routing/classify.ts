/**
 * The hard rules: a shape that writes, locks, calls a volatile, sequence, lock or session function, touches a
 * temporary or unlogged table, or ran inside a transaction that wrote stays on the primary, whatever its
 * read-after-write gaps. Pure.
 */
import type { CatalogFunction } from '../../agent/catalog/types.js';
import type { FunctionCall, ShapeFeatures } from '../../agent/shape/types.js';
import type { RoutingShape, TransactionUse } from './types.js';

/**
 * Functions whose result depends on the session or the server they run on, even where pg_proc calls them
 * stable (txid_current, pg_backend_pid) or MySQL has no volatility at all (LAST_INSERT_ID, FOUND_ROWS).
 */
const sessionBound = new Set([
  'nextval', 'setval', 'currval', 'lastval', 'set_config', 'txid_current', 'txid_current_if_assigned', 'pg_current_xact_id',
  'pg_current_xact_id_if_assigned', 'pg_backend_pid', 'pg_current_wal_lsn', 'pg_notify', 'pg_is_in_recovery',
  'last_insert_id', 'found_rows', 'row_count', 'connection_id', 'get_lock', 'release_lock', 'release_all_locks',
  'is_free_lock', 'is_used_lock', 'master_pos_wait', 'source_pos_wait', 'master_gtid_wait',
]);

const writeKinds: Readonly<Record<string, string>> = {
  insert: 'writes (INSERT)', update: 'writes (UPDATE)', delete: 'writes (DELETE)', merge: 'writes (MERGE)',
  ddl: 'changes the schema (DDL)', copy: 'COPY', call: 'calls a procedure', lock: 'takes a table lock',
  transaction: 'transaction control', set: 'changes a session setting', utility: 'maintenance or utility command',
  show: 'shows server or session state', explain: 'EXPLAIN (planner output of this server)', unknown: 'statement kind unknown',
};

export interface ClassifyContext {
  /** User functions from the catalog, keyed by `schema.name` and by bare `name`. */
  readonly functions: ReadonlyMap<string, CatalogFunction['volatility']>;
  /** The functions catalog was captured (else unknown user functions are unknown, not missing). */
  readonly haveFunctionCatalog: boolean;
  /** Bare lower-case names of temporary and unlogged tables created by seen statements. */
  readonly temporaryTables: ReadonlySet<string>;
  readonly transactions: ReadonlyMap<string, TransactionUse>;
}

/** Bare lower-case table names a statement touches. */
export function tableNames(features: ShapeFeatures): string[] {
  return [...new Set(features.tables.map((t) => t.name.toLowerCase()))];
}

function bareName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function functionReason(fn: FunctionCall, ctx: ClassifyContext): string | null {
  const bare = bareName(fn.name);
  if (sessionBound.has(bare)) return `calls ${bare}() (sequence, lock or session function)`;
  if (fn.builtin) return fn.volatile ? `calls volatile ${bare}()` : null;
  const volatility = ctx.functions.get(fn.name) ?? ctx.functions.get(bare);
  if (volatility === undefined) {
    return ctx.haveFunctionCatalog
      ? `calls ${fn.name}(), not found in the catalog's functions: volatility unknown`
      : `calls user function ${fn.name}() of unknown volatility (run qprof sample --catalog to read provolatile)`;
  }
  return volatility === 'volatile' ? `calls user function ${fn.name}() declared VOLATILE` : null;
}

/** Temporary and unlogged tables named in DDL shapes: a replica has neither. */
export function detectTemporaryTables(normalizedTexts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const re = /\bCREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP|TEMPORARY|UNLOGGED)\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w$."`]+)/gi;
  for (const text of normalizedTexts) {
    for (const m of text.matchAll(re)) out.add(bareName(m[1]!.replace(/["`]/g, '').toLowerCase()));
    const altered = /\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?([\w$."`]+)\s+SET\s+UNLOGGED\b/i.exec(text);
    if (altered) out.add(bareName(altered[1]!.replace(/["`]/g, '').toLowerCase()));
  }
  return out;
}

/**
 * Reasons that keep a shape on the primary; empty means it is a plain read (replica or conditional,
 * decided by its read-after-write gaps).
 */
export function detectPrimaryReasons(shape: RoutingShape, ctx: ClassifyContext): string[] {
  const f = shape.features;
  const reasons: string[] = [];
  if (f.kind !== 'select') reasons.push(writeKinds[f.kind] ?? `statement kind ${f.kind}`);
  else if (!shape.parsed) reasons.push('could not be parsed: its tables and functions are unknown');
  const written = f.tables.filter((t) => t.access !== 'read').map((t) => t.name);
  if (written.length > 0 && f.kind === 'select') reasons.push(`writes ${written.join(', ')}`);
  if (f.writesInCte) reasons.push('data-modifying statement inside WITH');
  if (f.selectInto) reasons.push('SELECT INTO creates a table');
  if (f.lock) reasons.push(`locking read (FOR ${f.lock.toUpperCase()})`);
  for (const fn of f.functions) {
    const reason = functionReason(fn, ctx);
    if (reason && !reasons.includes(reason)) reasons.push(reason);
  }
  const temporary = tableNames(f).filter((t) => ctx.temporaryTables.has(t) || t.startsWith('pg_temp'));
  if (temporary.length > 0) reasons.push(`reads temporary or unlogged ${temporary.join(', ')} (not on a replica)`);
  const tx = ctx.transactions.get(shape.id);
  if (tx && tx.inWriteTransaction > 0) {
    reasons.push(`inside a transaction that writes (${tx.inWriteTransaction} of ${tx.calls} calls)`);
  }
  return reasons;
}

/** Catalog functions by `schema.name` and bare `name` (the most volatile overload wins). */
export function mapCatalogFunctions(functions: readonly CatalogFunction[]): Map<string, CatalogFunction['volatility']> {
  const rank = { immutable: 0, stable: 1, volatile: 2 } as const;
  const out = new Map<string, CatalogFunction['volatility']>();
  const put = (key: string, v: CatalogFunction['volatility']) => {
    const seen = out.get(key);
    if (seen === undefined || rank[v] > rank[seen]) out.set(key, v);
  };
  for (const fn of functions) {
    put(`${fn.schema}.${fn.name}`.toLowerCase(), fn.volatility);
    put(fn.name.toLowerCase(), fn.volatility);
  }
  return out;
}
