/**
 * Accumulates ShapeFeatures while a dialect walker (features-postgres.ts, features-mysql.ts) visits an AST,
 * and resolves column references to tables through the FROM scopes of the statement.
 *
 * Column resolution rule: a qualified column (`o.id`, `shop.orders.id`) goes to the table its qualifier names,
 * searched from the innermost scope outwards (correlated subqueries see outer aliases). An unqualified column
 * goes to the table of the innermost scope when that scope has exactly one source and it is a table; in a
 * scope with several sources (a join), or whose only source is a derived table or CTE, it is skipped: without
 * the catalog it cannot be placed, and a wrong table would mislead the index advisor more than a missing column.
 */
import type { Engine } from '../events.js';
import { classifyFunction } from './functions.js';
import type { ExpressionPredicate, FunctionCall, OrderColumn, ShapeFeatures, StatementKind, TableFeatures } from './types.js';

/** One FROM item: a real table (with its key in the builder) or a derived table / CTE / table function. */
export interface Source {
  readonly alias: string | null;
  readonly schema: string | null;
  readonly name: string;
  /** null for derived tables, CTE references and table functions: their columns are not attributed. */
  readonly tableKey: string | null;
}

export interface Scope {
  readonly parent: Scope | null;
  readonly sources: Source[];
  /** CTE names visible here (a FROM reference to one is not a table). */
  readonly ctes: Set<string>;
}

export function childScope(parent: Scope | null): Scope {
  return { parent, sources: [], ctes: new Set() };
}

export function isCte(scope: Scope | null, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.ctes.has(name)) return true;
  return false;
}

/** A column resolved to a FROM item; `source` tells a self-join's two sides apart. */
export interface ResolvedColumn {
  readonly source: Source;
  readonly column: string;
}

/**
 * Resolve `qualifiers.column`: qualifiers are `[]`, `[alias or table]` or `[schema, table]`. Returns null when
 * the column cannot be placed (see the module comment). A derived table's column resolves to its source
 * (tableKey null): no table feature, but it still tells a join condition from a same-source comparison.
 */
export function resolveColumn(scope: Scope | null, qualifiers: readonly string[], column: string): ResolvedColumn | null {
  if (qualifiers.length === 0) {
    for (let s = scope; s; s = s.parent) {
      if (s.sources.length === 0) continue;
      return s.sources.length === 1 ? { source: s.sources[0]!, column } : null;
    }
    return null;
  }
  const name = qualifiers[qualifiers.length - 1]!;
  const schema = qualifiers.length > 1 ? qualifiers[qualifiers.length - 2]! : null;
  for (let s = scope; s; s = s.parent) {
    const byAlias = schema === null ? s.sources.find((source) => source.alias === name) : undefined;
    const found = byAlias ?? s.sources.find((source) => source.alias === null && source.name === name && (schema === null || source.schema === schema));
    if (found) return { source: found, column };
  }
  return null;
}

type ColumnList = 'equality' | 'in' | 'range' | 'likePrefix' | 'isNull' | 'isNotNull' | 'join' | 'groupBy';

interface MutableTable {
  schema: string | null;
  name: string;
  aliases: Set<string>;
  read: boolean;
  write: boolean;
  lists: Record<ColumnList, Set<string>>;
  orderBy: Map<string, OrderColumn['direction']>;
  expressions: Map<string, ExpressionPredicate>;
}

function emptyLists(): Record<ColumnList, Set<string>> {
  return { equality: new Set(), in: new Set(), range: new Set(), likePrefix: new Set(), isNull: new Set(), isNotNull: new Set(), join: new Set(), groupBy: new Set() };
}

/** Mutable accumulator for one statement's features; `build()` freezes them into plain arrays. */
export class FeatureBuilder {
  kind: StatementKind = 'unknown';
  limit = false;
  offset = false;
  lock: ShapeFeatures['lock'] = null;
  writesInCte = false;
  subqueries = 0;
  selectInto = false;
  readonly #engine: Engine;
  readonly #tables = new Map<string, MutableTable>();
  readonly #functions = new Map<string, FunctionCall>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Register a table reference in `scope` (when given) and return its source. */
  addTable(scope: Scope | null, schema: string | null, name: string, alias: string | null, access: 'read' | 'write'): Source {
    const key = schema === null ? name : `${schema}.${name}`;
    let table = this.#tables.get(key);
    if (!table) {
      table = { schema, name, aliases: new Set(), read: false, write: false, lists: emptyLists(), orderBy: new Map(), expressions: new Map() };
      this.#tables.set(key, table);
    }
    if (alias !== null && alias !== name) table.aliases.add(alias);
    if (access === 'read') table.read = true;
    else table.write = true;
    const source: Source = { alias, schema, name, tableKey: key };
    scope?.sources.push(source);
    return source;
  }

  addDerived(scope: Scope, alias: string | null, name = alias ?? ''): void {
    scope.sources.push({ alias, schema: null, name, tableKey: null });
  }

  addColumn(list: ColumnList, resolved: ResolvedColumn | null): void {
    const table = resolved?.source.tableKey ? this.#tables.get(resolved.source.tableKey) : undefined;
    table?.lists[list].add(resolved!.column);
  }

  addOrderBy(resolved: ResolvedColumn | null, direction: OrderColumn['direction']): void {
    const table = resolved?.source.tableKey ? this.#tables.get(resolved.source.tableKey) : undefined;
    if (table && !table.orderBy.has(resolved!.column)) table.orderBy.set(resolved!.column, direction);
  }

  /** An expression predicate whose columns all resolved to one table. */
  addExpression(resolved: readonly ResolvedColumn[], expression: string, op: ExpressionPredicate['op']): void {
    const keys = new Set(resolved.map((r) => r.source.tableKey));
    const key = keys.size === 1 ? [...keys][0] : null;
    const table = key ? this.#tables.get(key) : undefined;
    if (!table) return;
    const columns = [...new Set(resolved.map((r) => r.column))];
    table.expressions.set(`${op} ${expression}`, { expression, columns, op });
  }

  addFunction(name: string): void {
    if (!this.#functions.has(name)) this.#functions.set(name, classifyFunction(name, this.#engine));
  }

  /** The strongest row lock seen wins (a `FOR UPDATE` in a subquery still locks). */
  addLock(lock: NonNullable<ShapeFeatures['lock']>): void {
    const strength = ['key share', 'share', 'no key update', 'update'];
    if (this.lock === null || strength.indexOf(lock) > strength.indexOf(this.lock)) this.lock = lock;
  }

  build(): ShapeFeatures {
    const tables: TableFeatures[] = [...this.#tables.values()].map((t) => ({
      schema: t.schema,
      name: t.name,
      aliases: [...t.aliases],
      access: t.read && t.write ? 'read-write' : t.write ? 'write' : 'read',
      equality: [...t.lists.equality],
      in: [...t.lists.in],
      range: [...t.lists.range],
      likePrefix: [...t.lists.likePrefix],
      isNull: [...t.lists.isNull],
      isNotNull: [...t.lists.isNotNull],
      join: [...t.lists.join],
      orderBy: [...t.orderBy].map(([column, direction]) => ({ column, direction })),
      groupBy: [...t.lists.groupBy],
      expressions: [...t.expressions.values()],
    }));
    return {
      kind: this.kind,
      tables,
      limit: this.limit,
      offset: this.offset,
      lock: this.lock,
      functions: [...this.#functions.values()],
      writesInCte: this.writesInCte,
      subqueries: this.subqueries,
      selectInto: this.selectInto,
    };
  }
}

/** Comparison operators by what an index can do with them. `<>` and friends are no index predicate. */
export function classifyOperator(op: string): 'equality' | 'range' | null {
  if (op === '=' || op === '<=>') return 'equality';
  if (op === '<' || op === '>' || op === '<=' || op === '>=') return 'range';
  return null;
}

/** One side of a comparison, as the dialect walkers classify it. */
export type Operand =
  | { kind: 'column'; resolved: ResolvedColumn | null }
  | { kind: 'expression'; text: string; columns: ResolvedColumn[] }
  | { kind: 'value' }
  | { kind: 'other' };

const listFor = { equality: 'equality', range: 'range', in: 'in', 'like-prefix': 'likePrefix' } as const;

/** `target op value`: a column goes to its list, an expression over one table becomes an expression predicate. */
export function record(target: Operand, op: ExpressionPredicate['op'], b: FeatureBuilder): void {
  if (target.kind === 'column') b.addColumn(listFor[op], target.resolved);
  else if (target.kind === 'expression') b.addExpression(target.columns, target.text, op);
}

/** `left op right`: column = column across two FROM items is a join; column = value a predicate. */
export function comparison(left: Operand, right: Operand, op: 'equality' | 'range', b: FeatureBuilder): void {
  if (left.kind === 'column' && right.kind === 'column') {
    if (left.resolved && right.resolved && left.resolved.source !== right.resolved.source) {
      b.addColumn('join', left.resolved);
      b.addColumn('join', right.resolved);
    }
  } else if (right.kind === 'value') record(left, op, b);
  else if (left.kind === 'value') record(right, op, b);
}

