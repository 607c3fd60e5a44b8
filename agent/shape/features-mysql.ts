/**
 * ShapeFeatures from a node-sql-parser (MySQL/MariaDB grammar) AST. Same rules as features-postgres.ts:
 * FROM scopes resolve aliases, CTEs and derived tables are not tables, predicates are read by
 * features-mysql-predicates.ts. Pure; unexpected nodes are walked generically.
 */
import { FeatureBuilder, childScope, isCte, resolveColumn, type Scope } from './features-builder.js';
import { analyzeMysqlPredicate, columnParts, walkMysqlExpression, type MyNode } from './features-mysql-predicates.js';
import type { ShapeFeatures, StatementKind } from './types.js';

const kinds: Record<string, StatementKind> = {
  select: 'select', insert: 'insert', replace: 'insert', update: 'update', delete: 'delete', show: 'show',
  desc: 'show', set: 'set', transaction: 'transaction', use: 'utility', create: 'ddl', alter: 'ddl', drop: 'ddl',
  truncate: 'ddl', rename: 'ddl', grant: 'ddl', revoke: 'ddl', lock: 'lock', unlock: 'lock', call: 'call',
  explain: 'explain', load_data: 'copy',
};

/** Features of `parser.astify(sql)` (one statement or a list); kind from the first statement. */
export function mapMysqlAst(ast: MyNode): ShapeFeatures {
  const b = new FeatureBuilder('mysql');
  const statements: MyNode[] = Array.isArray(ast) ? ast : [ast];
  statements.forEach((stmt, index) => {
    if (index === 0) b.kind = kinds[String(stmt?.type ?? '').toLowerCase()] ?? 'utility';
    walkMysqlStatement(stmt, null, b, true);
  });
  return b.build();
}

function addFromItem(item: MyNode, scope: Scope, b: FeatureBuilder, access: 'read' | 'write'): void {
  if (!item || typeof item !== 'object') return;
  if (item.expr?.ast) {
    b.subqueries += 1;
    walkMysqlStatement(item.expr.ast, scope, b, false);
    b.addDerived(scope, item.as ?? null);
  } else if (typeof item.table === 'string') {
    const schema = item.db ?? item.schema ?? null;
    if (schema === null && isCte(scope, item.table)) b.addDerived(scope, item.as ?? item.table, item.table);
    else b.addTable(scope, schema === null ? null : String(schema), item.table, item.as ?? null, access);
  } else if (item.expr) {
    walkMysqlExpression(item.expr, scope, b, walkMysqlStatement);
    b.addDerived(scope, item.as ?? null);
  }
}

/** FROM items (with JOIN … ON / USING); those named in `written` are the targets of an UPDATE / DELETE. */
function addFrom(items: MyNode, scope: Scope, b: FeatureBuilder, written: ReadonlySet<string> = new Set()): void {
  for (const item of Array.isArray(items) ? items : []) {
    const before = scope.sources.length;
    const write = written.has(String(item?.as ?? item?.table)) || written.has(String(item?.table));
    addFromItem(item, scope, b, write ? 'write' : 'read');
    for (const using of item.using ?? []) {
      const column = String(using?.value ?? using);
      for (const source of [scope.sources[before - 1], scope.sources[before]]) if (source) b.addColumn('join', { source, column });
    }
    if (item.on) {
      analyzeMysqlPredicate(item.on, scope, b);
      walkMysqlExpression(item.on, scope, b, walkMysqlStatement);
    }
  }
}

export function walkMysqlStatement(node: MyNode, parent: Scope | null, b: FeatureBuilder, top: boolean): string {
  const type = String(node?.type ?? '').toLowerCase();
  const scope = childScope(parent);
  for (const cte of node?.with ?? []) {
    const name = String(cte?.name?.value ?? cte?.name ?? '');
    if (node.with.recursive || cte.recursive) scope.ctes.add(name);
    const inner = walkMysqlStatement(cte?.stmt?.ast ?? cte?.stmt, scope, b, false);
    if (inner !== 'select' && inner !== '') b.writesInCte = true;
    scope.ctes.add(name);
  }
  switch (type) {
    case 'select': walkSelect(node, scope, b, top); break;
    case 'insert': case 'replace': {
      if (node.values?.type === 'select' || node.values?.ast) walkMysqlStatement(node.values.ast ?? node.values, scope, b, false);
      else walkMysqlExpression(node.values, scope, b, walkMysqlStatement);
      if (node.select) walkMysqlStatement(node.select, scope, b, false);
      for (const item of node.table ?? []) addFromItem(item, scope, b, 'write');
      walkMysqlExpression([node.set, node.on_duplicate_update], scope, b, walkMysqlStatement);
      break;
    }
    case 'update': {
      const targets: string[] = (node.set ?? []).map((s: MyNode) => s?.table).filter((t: unknown) => typeof t === 'string');
      const first = node.table?.[0];
      addFrom(node.table, scope, b, new Set(targets.length ? targets : [String(first?.as ?? first?.table)]));
      walkMysqlExpression(node.set, scope, b, walkMysqlStatement);
      walkWhere(node, scope, b);
      walkOrderLimit(node, scope, b, [], top);
      break;
    }
    case 'delete': {
      addFrom(node.from, scope, b, new Set((node.table ?? []).map((t: MyNode) => String(t?.as ?? t?.table))));
      walkWhere(node, scope, b);
      walkOrderLimit(node, scope, b, [], top);
      break;
    }
    case 'create': case 'truncate': case 'alter': case 'rename':
      for (const item of node.table ?? node.name ?? []) if (typeof item?.table === 'string') addFromItem(item, scope, b, 'write');
      break;
    case 'explain':
      if (node.expr && typeof node.expr === 'object') walkMysqlStatement(node.expr, parent, b, top);
      break;
    case 'desc':
      if (typeof node.table === 'string') b.addTable(scope, null, node.table, null, 'read');
      break;
    case 'lock':
      for (const item of node.tables ?? []) addFromItem(item?.table ?? item, scope, b, 'read');
      break;
    default:
      break;
  }
  return type;
}

function walkWhere(node: MyNode, scope: Scope, b: FeatureBuilder): void {
  analyzeMysqlPredicate(node.where, scope, b);
  walkMysqlExpression(node.where, scope, b, walkMysqlStatement);
}

function walkSelect(node: MyNode, scope: Scope, b: FeatureBuilder, top: boolean): void {
  addFrom(node.from, scope, b);
  walkWhere(node, scope, b);
  const targets: MyNode[] = Array.isArray(node.columns) ? node.columns : [];
  walkMysqlExpression([targets, node.having, node.groupby], scope, b, walkMysqlStatement);
  for (const item of node.groupby?.columns ?? (Array.isArray(node.groupby) ? node.groupby : [])) {
    const column = outputColumn(item, targets, scope);
    if (column) b.addColumn('groupBy', column);
  }
  walkOrderLimit(node, scope, b, targets, top && !node._next);
  const lock = String(node.locking_read?.type ?? node.locking_read ?? '').toUpperCase();
  if (lock.includes('UPDATE')) b.addLock('update');
  else if (lock.includes('SHARE')) b.addLock('share');
  // the next UNION branch sees this statement's CTEs but not its FROM items
  if (node._next) walkMysqlStatement(node._next, { parent: scope.parent, sources: [], ctes: scope.ctes }, b, top);
}

function walkOrderLimit(node: MyNode, scope: Scope, b: FeatureBuilder, targets: readonly MyNode[], top: boolean): void {
  for (const item of Array.isArray(node.orderby) ? node.orderby : []) {
    walkMysqlExpression(item?.expr, scope, b, walkMysqlStatement);
    b.addOrderBy(outputColumn(item?.expr, targets, scope), String(item?.type).toUpperCase() === 'DESC' ? 'desc' : 'asc');
  }
  const values: MyNode[] = node.limit?.value ?? [];
  if (top && values.length > 0) {
    b.limit = true;
    if (values.length > 1) b.offset = true;
  }
}

/** GROUP BY / ORDER BY item as a table column: a column, an output alias or a position. */
function outputColumn(item: MyNode, targets: readonly MyNode[], scope: Scope) {
  let expr = item;
  if (item?.type === 'number') expr = targets[Number(item.value) - 1]?.expr;
  const parts = columnParts(expr);
  if (parts && parts.qualifiers.length === 0) {
    const aliased = targets.find((t) => t?.as === parts.column);
    if (aliased) expr = aliased.expr;
  }
  const resolved = columnParts(expr);
  return resolved ? resolveColumn(scope, resolved.qualifiers, resolved.column) : null;
}
