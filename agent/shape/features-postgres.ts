/**
 * ShapeFeatures from a libpg-query (PostgreSQL's own parser) JSON AST: statements, FROM scopes, CTEs and
 * subqueries. Predicates are read by features-postgres-predicates.ts. Pure; never throws on an unexpected
 * node (unknown nodes are walked generically for functions and subqueries).
 */
import type { Engine } from '../events.js';
import { FeatureBuilder, childScope, isCte, resolveColumn, type Scope } from './features-builder.js';
import { analyzePredicate, columnRefParts, walkExpression, type PgNode } from './features-postgres-predicates.js';
import type { ShapeFeatures, StatementKind } from './types.js';

const kinds: Record<string, StatementKind> = {
  SelectStmt: 'select', InsertStmt: 'insert', UpdateStmt: 'update', DeleteStmt: 'delete', MergeStmt: 'merge',
  TransactionStmt: 'transaction', VariableSetStmt: 'set', VariableShowStmt: 'show', ExplainStmt: 'explain',
  CopyStmt: 'copy', CallStmt: 'call', LockStmt: 'lock', TruncateStmt: 'ddl', IndexStmt: 'ddl', ViewStmt: 'ddl',
  CreateTableAsStmt: 'ddl', RenameStmt: 'ddl', GrantStmt: 'ddl', CommentStmt: 'ddl', DefineStmt: 'ddl',
};

export function statementKindOf(type: string): StatementKind {
  return kinds[type] ?? (/^(Create|Alter|Drop)/.test(type) ? 'ddl' : 'utility');
}

const locks: Record<string, NonNullable<ShapeFeatures['lock']>> = {
  LCS_FORUPDATE: 'update', LCS_FORNOKEYUPDATE: 'no key update', LCS_FORSHARE: 'share', LCS_FORKEYSHARE: 'key share',
};

/** Features of a parsed statement list (`parseSync(...).stmts`); kind from the first statement. */
export function mapPostgresAst(stmts: readonly PgNode[], engine: Engine): ShapeFeatures {
  const b = new FeatureBuilder(engine);
  stmts.forEach((raw, index) => {
    const stmt = raw?.stmt ?? {};
    const type = Object.keys(stmt)[0] ?? '';
    if (index === 0) b.kind = statementKindOf(type);
    walkStatement(stmt, null, b, true);
  });
  return b.build();
}

function addRangeVar(node: PgNode, scope: Scope, b: FeatureBuilder, access: 'read' | 'write'): void {
  const name = String(node.relname ?? '');
  const schema = node.schemaname ? String(node.schemaname) : null;
  const alias = node.alias?.aliasname ? String(node.alias.aliasname) : null;
  if (schema === null && isCte(scope, name)) b.addDerived(scope, alias ?? name, name);
  else b.addTable(scope, schema, name, alias, access);
}

/** Walk one statement node (`{ SelectStmt: … }`); returns its type name. */
export function walkStatement(wrapper: PgNode, parent: Scope | null, b: FeatureBuilder, top: boolean): string {
  const type = Object.keys(wrapper ?? {})[0] ?? '';
  const node: PgNode = wrapper?.[type] ?? {};
  const scope = childScope(parent);
  walkWith(node.withClause, scope, b);
  switch (type) {
    case 'SelectStmt': walkSelect(node, scope, b, top); break;
    case 'InsertStmt':
      // the source query first: it must not see the target table as one of its sources
      if (node.selectStmt) walkStatement(node.selectStmt, scope, b, false);
      addRangeVar(node.relation ?? {}, scope, b, 'write');
      walkExpression(node.onConflictClause, scope, b, walkStatement);
      walkExpression(node.returningClause ?? node.returningList, scope, b, walkStatement);
      break;
    case 'UpdateStmt': case 'DeleteStmt':
      addRangeVar(node.relation ?? {}, scope, b, 'write');
      for (const from of node.fromClause ?? node.usingClause ?? []) walkFromItem(from, scope, b);
      walkExpression(node.targetList, scope, b, walkStatement);
      analyzePredicate(node.whereClause, scope, b);
      walkExpression(node.whereClause, scope, b, walkStatement);
      walkExpression(node.returningClause ?? node.returningList, scope, b, walkStatement);
      break;
    case 'MergeStmt':
      addRangeVar(node.relation ?? {}, scope, b, 'write');
      walkFromItem(node.sourceRelation, scope, b);
      analyzePredicate(node.joinCondition, scope, b);
      walkExpression([node.joinCondition, node.mergeWhenClauses], scope, b, walkStatement);
      break;
    case 'CopyStmt':
      if (node.relation) addRangeVar(node.relation, scope, b, node.is_from ? 'write' : 'read');
      if (node.query) walkStatement(node.query, scope, b, false);
      break;
    case 'TruncateStmt': case 'LockStmt':
      for (const rel of node.relations ?? []) addRangeVar(rel.RangeVar ?? {}, scope, b, type === 'LockStmt' ? 'read' : 'write');
      break;
    case 'IndexStmt': case 'AlterTableStmt': case 'CreateStmt':
      if (node.relation) addRangeVar(node.relation, scope, b, 'write');
      break;
    case 'ExplainStmt': case 'PrepareStmt': case 'DeclareCursorStmt':
      if (node.query) walkStatement(node.query, parent, b, top);
      break;
    case 'CreateTableAsStmt': case 'ViewStmt':
      if (node.query) walkStatement(node.query, parent, b, false);
      break;
    default:
      walkExpression(node, scope, b, walkStatement);
  }
  return type;
}

function walkWith(withClause: PgNode, scope: Scope, b: FeatureBuilder): void {
  for (const cte of withClause?.ctes ?? []) {
    const node = cte.CommonTableExpr ?? {};
    if (withClause.recursive) scope.ctes.add(String(node.ctename));
    const type = walkStatement(node.ctequery ?? {}, scope, b, false);
    if (type !== 'SelectStmt' && type !== '') b.writesInCte = true;
    scope.ctes.add(String(node.ctename));
  }
}

function walkFromItem(item: PgNode, scope: Scope, b: FeatureBuilder): void {
  if (!item) return;
  if (item.RangeVar) addRangeVar(item.RangeVar, scope, b, 'read');
  else if (item.JoinExpr) {
    const join = item.JoinExpr;
    const before = scope.sources.length;
    walkFromItem(join.larg, scope, b);
    const middle = scope.sources.length;
    walkFromItem(join.rarg, scope, b);
    for (const using of join.usingClause ?? []) {
      const column = String(using.String?.sval ?? '');
      // USING (col): the column of the nearest table on each side
      for (const source of [scope.sources[middle - 1], scope.sources[scope.sources.length - 1]]) {
        if (source && scope.sources.indexOf(source) >= before) b.addColumn('join', { source, column });
      }
    }
    analyzePredicate(join.quals, scope, b);
    walkExpression(join.quals, scope, b, walkStatement);
  } else if (item.RangeSubselect) {
    b.subqueries += 1;
    walkStatement(item.RangeSubselect.subquery, scope, b, false);
    b.addDerived(scope, item.RangeSubselect.alias?.aliasname ?? null);
  } else {
    const alias = item.RangeFunction?.alias?.aliasname ?? null;
    walkExpression(item, scope, b, walkStatement);
    b.addDerived(scope, alias);
  }
}

function walkSelect(node: PgNode, scope: Scope, b: FeatureBuilder, top: boolean): void {
  if (node.op && node.op !== 'SETOP_NONE') {
    walkStatement({ SelectStmt: node.larg }, scope, b, false);
    walkStatement({ SelectStmt: node.rarg }, scope, b, false);
  }
  for (const from of node.fromClause ?? []) walkFromItem(from, scope, b);
  if (node.intoClause?.rel) {
    b.selectInto = true;
    const rel = node.intoClause.rel;
    b.addTable(null, rel.schemaname ?? null, String(rel.relname), null, 'write');
  }
  analyzePredicate(node.whereClause, scope, b);
  walkExpression([node.targetList, node.whereClause, node.havingClause, node.valuesLists, node.groupClause], scope, b, walkStatement);
  const targets: PgNode[] = (node.targetList ?? []).map((t: PgNode) => t.ResTarget ?? {});
  for (const item of node.groupClause ?? []) {
    const column = outputColumn(item, targets, scope);
    if (column) b.addColumn('groupBy', column);
  }
  for (const item of node.sortClause ?? []) {
    const sort = item.SortBy ?? {};
    walkExpression(sort.node, scope, b, walkStatement);
    b.addOrderBy(outputColumn(sort.node, targets, scope), sort.sortby_dir === 'SORTBY_DESC' ? 'desc' : 'asc');
  }
  for (const clause of node.lockingClause ?? []) {
    const lock = locks[clause.LockingClause?.strength];
    if (lock) b.addLock(lock);
  }
  if (top) {
    if (node.limitCount && !node.limitCount.A_Const?.isnull) b.limit = true;
    if (node.limitOffset) b.offset = true;
  }
}

/** A GROUP BY / ORDER BY item as a table column: a column, an output alias, or a position (`ORDER BY 2`). */
function outputColumn(item: PgNode, targets: readonly PgNode[], scope: Scope) {
  let expr = item;
  const position = item?.A_Const?.ival?.ival;
  if (typeof position === 'number') expr = targets[position - 1]?.val;
  const parts = columnRefParts(expr);
  if (parts && parts.qualifiers.length === 0) {
    const aliased = targets.find((t) => t.name === parts.column);
    if (aliased) expr = aliased.val;
  }
  const resolved = columnRefParts(expr);
  return resolved ? resolveColumn(scope, resolved.qualifiers, resolved.column) : null;
}
