/**
 * Predicates and expressions of a libpg-query AST: which column is compared how (equality, IN, range,
 * LIKE prefix, IS [NOT] NULL, join), expression predicates (`lower(email) = $1`), and a generic walk that
 * collects function calls and subqueries from any expression. Pure.
 */
import { classifyOperator, comparison, record, resolveColumn, type FeatureBuilder, type Operand, type ResolvedColumn, type Scope } from './features-builder.js';

/** libpg-query's JSON AST node; shapes are checked at run time, so a new node type is walked, never trusted. */
export type PgNode = any;

type WalkStatement = (wrapper: PgNode, scope: Scope | null, b: FeatureBuilder, top: boolean) => string;

export function columnRefParts(node: PgNode): { qualifiers: string[]; column: string } | null {
  const fields: PgNode[] | undefined = node?.ColumnRef?.fields;
  if (!fields?.length) return null;
  const names = fields.map((f) => f.String?.sval);
  if (names.some((n) => typeof n !== 'string')) return null; // `t.*`
  return { qualifiers: names.slice(0, -1), column: names[names.length - 1] };
}

function functionName(call: PgNode): string {
  const parts: string[] = (call.funcname ?? []).map((f: PgNode) => String(f.String?.sval ?? ''));
  // EXTRACT(…), TRIM(…), x AT TIME ZONE y are SQL syntax the parser maps to pg_catalog functions
  if (call.funcformat === 'COERCE_SQL_SYNTAX' && parts[0] === 'pg_catalog') parts.shift();
  return parts.join('.');
}

/** Collect function calls and subqueries anywhere below `node`. */
export function walkExpression(node: PgNode, scope: Scope, b: FeatureBuilder, walkStatement: WalkStatement): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walkExpression(item, scope, b, walkStatement);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'FuncCall') b.addFunction(functionName(value));
    else if (key === 'SQLValueFunction') b.addFunction(String((value as PgNode).op ?? '').replace(/^SVFOP_|_N$/g, '').toLowerCase());
    else if (key === 'SubLink') {
      b.subqueries += 1;
      walkStatement((value as PgNode).subselect, scope, b, false);
      walkExpression((value as PgNode).testexpr, scope, b, walkStatement);
      continue;
    } else if (key.endsWith('Stmt')) {
      walkStatement({ [key]: value }, scope, b, false);
      continue;
    }
    walkExpression(value, scope, b, walkStatement);
  }
}

function hasColumn(node: PgNode): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasColumn);
  if (node.ColumnRef) return true;
  if (node.SubLink) return false; // a scalar subquery is a value here
  return Object.values(node).some(hasColumn);
}

function collectColumns(node: PgNode, scope: Scope, out: (ResolvedColumn | null)[]): void {
  if (node === null || typeof node !== 'object' || node.SubLink) return;
  if (Array.isArray(node)) return node.forEach((n) => collectColumns(n, scope, out));
  const parts = columnRefParts(node);
  if (parts) out.push(resolveColumn(scope, parts.qualifiers, parts.column));
  else if (node.ColumnRef) out.push(null);
  else for (const value of Object.values(node)) collectColumns(value, scope, out);
}

/** Normalized text of a small expression (`lower(email)`, `(data ->> $1)`), or null when too complex. */
export function renderExpression(node: PgNode): string | null {
  if (!node || typeof node !== 'object') return null;
  const parts = columnRefParts(node);
  if (parts) return parts.column;
  if (node.ParamRef) return `$${node.ParamRef.number}`;
  if (node.A_Const) {
    const c = node.A_Const;
    if (c.isnull) return 'NULL';
    if (c.sval) return `'${String(c.sval.sval ?? '').replace(/'/g, "''")}'`;
    if (c.ival) return String(c.ival.ival ?? 0);
    if (c.fval) return String(c.fval.fval);
    if (c.boolval) return c.boolval.boolval ? 'true' : 'false';
    return null;
  }
  if (node.FuncCall) {
    const args = (node.FuncCall.args ?? []).map(renderExpression);
    if (args.includes(null)) return null;
    return `${functionName(node.FuncCall)}(${node.FuncCall.agg_star ? '*' : args.join(', ')})`;
  }
  if (node.TypeCast) {
    const arg = renderExpression(node.TypeCast.arg);
    const type = (node.TypeCast.typeName?.names ?? []).map((n: PgNode) => n.String?.sval).filter((n: string) => n !== 'pg_catalog').join('.');
    return arg && type ? `${arg}::${type}` : null;
  }
  if (node.A_Expr?.kind === 'AEXPR_OP') {
    const op = node.A_Expr.name?.map((n: PgNode) => n.String?.sval).join('.');
    const left = node.A_Expr.lexpr ? renderExpression(node.A_Expr.lexpr) : '';
    const right = renderExpression(node.A_Expr.rexpr);
    return left !== null && right !== null ? `(${left ? `${left} ` : ''}${op} ${right})` : null;
  }
  if (node.CoalesceExpr) {
    const args = (node.CoalesceExpr.args ?? []).map(renderExpression);
    return args.includes(null) ? null : `COALESCE(${args.join(', ')})`;
  }
  return null;
}

function operand(node: PgNode, scope: Scope): Operand {
  const parts = columnRefParts(node);
  if (parts) return { kind: 'column', resolved: resolveColumn(scope, parts.qualifiers, parts.column) };
  if (!hasColumn(node)) return { kind: 'value' };
  const text = renderExpression(node);
  const found: (ResolvedColumn | null)[] = [];
  collectColumns(node, scope, found);
  if (text === null || found.includes(null)) return { kind: 'other' };
  return { kind: 'expression', text, columns: found as ResolvedColumn[] };
}

/** A LIKE pattern that can use a btree prefix: a placeholder (its value is unknown) or `'abc%'`. */
function isPrefixPattern(node: PgNode): boolean {
  if (node?.ParamRef) return true;
  const text = node?.A_Const?.sval?.sval;
  return typeof text === 'string' && text.length > 0 && !/^[%_]/.test(text);
}

/** Record the predicates of a WHERE / ON / HAVING tree. AND and OR branches both count; NOT hides its operand. */
export function analyzePredicate(node: PgNode, scope: Scope, b: FeatureBuilder): void {
  if (!node || typeof node !== 'object') return;
  if (node.BoolExpr) {
    if (node.BoolExpr.boolop !== 'NOT_EXPR') for (const arg of node.BoolExpr.args ?? []) analyzePredicate(arg, scope, b);
    return;
  }
  const parts = columnRefParts(node);
  if (parts) return b.addColumn('equality', resolveColumn(scope, parts.qualifiers, parts.column)); // WHERE active
  if (node.NullTest) {
    const target = operand(node.NullTest.arg, scope);
    if (target.kind === 'column') b.addColumn(node.NullTest.nulltesttype === 'IS_NULL' ? 'isNull' : 'isNotNull', target.resolved);
    return;
  }
  if (node.SubLink) {
    const link = node.SubLink;
    const op = link.operName?.[0]?.String?.sval ?? '=';
    if (link.subLinkType === 'ANY_SUBLINK' && op === '=') record(operand(link.testexpr, scope), 'in', b);
    return;
  }
  const expr = node.A_Expr;
  if (!expr) return;
  const op: string = expr.name?.[expr.name.length - 1]?.String?.sval ?? '';
  const left = operand(expr.lexpr, scope);
  switch (expr.kind) {
    case 'AEXPR_OP': {
      const category = classifyOperator(op);
      if (category) comparison(left, operand(expr.rexpr, scope), category, b);
      break;
    }
    case 'AEXPR_NOT_DISTINCT':
      comparison(left, operand(expr.rexpr, scope), 'equality', b);
      break;
    case 'AEXPR_OP_ANY': case 'AEXPR_IN':
      if (op === '=' && operand(expr.rexpr, scope).kind === 'value') record(left, 'in', b);
      break;
    case 'AEXPR_LIKE':
      if (op === '~~' && isPrefixPattern(expr.rexpr)) record(left, 'like-prefix', b);
      break;
    case 'AEXPR_BETWEEN': case 'AEXPR_BETWEEN_SYM':
      if (operand(expr.rexpr, scope).kind === 'value') record(left, 'range', b);
      break;
  }
}
