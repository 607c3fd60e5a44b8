/**
 * Predicates and expressions of a node-sql-parser AST (MySQL/MariaDB): the same classification as
 * features-postgres-predicates.ts on the other parser's node shapes. Pure.
 */
import { classifyOperator, comparison, record, resolveColumn, type FeatureBuilder, type Operand, type ResolvedColumn, type Scope } from './features-builder.js';

/** node-sql-parser's AST node; shapes are checked at run time. */
export type MyNode = any;

type WalkStatement = (node: MyNode, scope: Scope | null, b: FeatureBuilder, top: boolean) => string;

function text(value: MyNode): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return text(value.expr?.value ?? value.value);
  return null;
}

/**
 * Functions MariaDB's digest text prints without parentheses (`CURDATE`, `NOW` stays `NOW ( )`), so the
 * parser sees a column; they are the niladic date/time functions.
 */
const bareFunctions = new Set(['curdate', 'curtime', 'current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp', 'utc_date', 'utc_time', 'utc_timestamp', 'sysdate']);

/** A column reference that is really a niladic function (`created_at >= CURDATE` in a digest). */
export function bareFunction(node: MyNode): string | null {
  if (node?.type !== 'column_ref' || (node.table ?? null) !== null) return null;
  const name = text(node.column)?.toLowerCase() ?? '';
  return bareFunctions.has(name) ? name : null;
}

export function columnParts(node: MyNode): { qualifiers: string[]; column: string } | null {
  if (node?.type !== 'column_ref' || bareFunction(node)) return null;
  const column = text(node.column);
  if (column === null || column === '*') return null;
  const qualifiers = [node.db ?? node.schema, node.table].filter((q): q is string => typeof q === 'string' && q !== '');
  return { qualifiers, column };
}

function functionName(node: MyNode): string | null {
  if (node.type === 'aggr_func') return String(node.name).toLowerCase();
  const parts: string[] = (node.name?.name ?? []).map((p: MyNode) => String(p?.value ?? ''));
  const schema = node.name?.schema?.value;
  const name = (schema ? [schema, ...parts] : parts).join('.').toLowerCase();
  return name === 'exists' || name === 'values' || name === '' ? null : name; // EXISTS (…) and VALUES(col) are syntax
}

/** Collect function calls and subqueries anywhere below `node`. */
export function walkMysqlExpression(node: MyNode, scope: Scope, b: FeatureBuilder, walkStatement: WalkStatement): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walkMysqlExpression(item, scope, b, walkStatement);
    return;
  }
  if (node.ast && typeof node.ast === 'object') {
    b.subqueries += 1;
    walkStatement(node.ast, scope, b, false);
    return;
  }
  const bare = bareFunction(node);
  if (bare) b.addFunction(bare);
  if (node.type === 'function' || node.type === 'aggr_func') {
    const name = functionName(node);
    if (name) b.addFunction(name);
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'name') walkMysqlExpression(value, scope, b, walkStatement);
}

function hasColumn(node: MyNode): boolean {
  if (node === null || typeof node !== 'object' || node.ast) return false;
  if (Array.isArray(node)) return node.some(hasColumn);
  if (node.type === 'column_ref') return !bareFunction(node);
  return Object.values(node).some(hasColumn);
}

function collectColumns(node: MyNode, scope: Scope, out: (ResolvedColumn | null)[]): void {
  if (node === null || typeof node !== 'object' || node.ast) return;
  if (Array.isArray(node)) return node.forEach((n) => collectColumns(n, scope, out));
  const parts = columnParts(node);
  if (parts) out.push(resolveColumn(scope, parts.qualifiers, parts.column));
  else if (node.type === 'column_ref' && !bareFunction(node)) out.push(null);
  else for (const value of Object.values(node)) collectColumns(value, scope, out);
}

/** Normalized text of a small expression (`lower(email)`), or null when too complex. */
export function renderMysqlExpression(node: MyNode): string | null {
  if (!node || typeof node !== 'object') return null;
  const parts = columnParts(node);
  if (parts) return parts.column;
  if (node.type === 'origin' || node.type === 'param') return String(node.value === '?' ? '?' : node.value);
  if (node.type === 'number') return String(node.value);
  if (node.type === 'single_quote_string' || node.type === 'string') return `'${String(node.value).replace(/'/g, "''")}'`;
  if (node.type === 'function' || node.type === 'aggr_func') {
    const name = functionName(node);
    const args: MyNode[] = node.type === 'aggr_func' ? [node.args?.expr] : node.args?.value ?? [];
    const rendered = args.map((a) => (a?.type === 'star' ? '*' : renderMysqlExpression(a)));
    return name && !rendered.includes(null) ? `${name}(${rendered.join(', ')})` : null;
  }
  if (node.type === 'binary_expr') {
    const left = renderMysqlExpression(node.left);
    const right = renderMysqlExpression(node.right);
    return left !== null && right !== null ? `(${left} ${node.operator} ${right})` : null;
  }
  return null;
}

function operand(node: MyNode, scope: Scope): Operand {
  const parts = columnParts(node);
  if (parts) return { kind: 'column', resolved: resolveColumn(scope, parts.qualifiers, parts.column) };
  if (!hasColumn(node)) return { kind: 'value' };
  const rendered = renderMysqlExpression(node);
  const found: (ResolvedColumn | null)[] = [];
  collectColumns(node, scope, found);
  if (rendered === null || found.includes(null)) return { kind: 'other' };
  return { kind: 'expression', text: rendered, columns: found as ResolvedColumn[] };
}

function isPrefixPattern(node: MyNode): boolean {
  if (node?.type === 'origin' && node.value === '?') return true;
  if (node?.type === 'param') return true;
  return typeof node?.value === 'string' && /string/.test(String(node.type)) && node.value.length > 0 && !/^[%_]/.test(node.value);
}

/** Record the predicates of a WHERE / ON tree. AND, OR and XOR branches count; NOT hides its operand. */
export function analyzeMysqlPredicate(node: MyNode, scope: Scope, b: FeatureBuilder): void {
  if (!node || typeof node !== 'object') return;
  const parts = columnParts(node);
  if (parts) return b.addColumn('equality', resolveColumn(scope, parts.qualifiers, parts.column)); // WHERE active
  if (node.type !== 'binary_expr') return;
  const op = String(node.operator).toUpperCase();
  if (op === 'AND' || op === 'OR' || op === 'XOR' || op === '&&' || op === '||') {
    analyzeMysqlPredicate(node.left, scope, b);
    analyzeMysqlPredicate(node.right, scope, b);
    return;
  }
  const left = operand(node.left, scope);
  const category = classifyOperator(op);
  if (category) return comparison(left, operand(node.right, scope), category, b);
  switch (op) {
    case 'IN':
      if (node.right?.ast || operand(node.right, scope).kind === 'value') record(left, 'in', b);
      break;
    case 'LIKE':
      if (isPrefixPattern(node.right)) record(left, 'like-prefix', b);
      break;
    case 'BETWEEN':
      if (operand(node.right, scope).kind === 'value') record(left, 'range', b);
      break;
    case 'IS': case 'IS NOT':
      if (node.right?.type === 'null' && left.kind === 'column') b.addColumn(op === 'IS' ? 'isNull' : 'isNotNull', left.resolved);
      break;
  }
}
