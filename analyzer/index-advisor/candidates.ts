/**
 * Index candidates from shape features, one per (shape, table) that needs one, with a verdict for every
 * (shape, table) so `--explain SHAPE` can say why a shape got nothing. Pure.
 *
 * Key order follows the equality–sort–range rule: equality columns (most selective first), then the ORDER BY
 * columns when the shape stops early (LIMIT), else one range column. Join columns count as equality columns
 * on the inner side only: a table without a filter of its own, joined to a table that has one.
 */
import type { Engine } from '../../agent/events.js';
import type { CatalogColumn, CatalogIndex, CatalogSnapshot, CatalogTable } from '../../agent/catalog/types.js';
import type { ShapeFeatures, TableFeatures } from '../../agent/shape/types.js';
import { detectIncludeColumns } from './covering.js';
import { findServingIndex } from './existing.js';
import { qualifiedName, resolveTable } from './resolve.js';
import { describeLowSelectivity, equalitySelectivity, rangeSelectivity } from './selectivity.js';
import type { AdvisorOptions, Candidate, ShapeUse, Verdict } from './types.js';

export interface CandidateResult {
  readonly candidates: Candidate[];
  readonly verdicts: Verdict[];
}

const readKinds = new Set(['select', 'update', 'delete']);
/** Equality columns that keep more than this fraction of the rows are not worth a key position. */
const payingFraction = 0.5;
/** Unknown statistics: assume a column is selective (an FK without statistics usually is). */
const unknownFraction = 0.01;

function hasOwnFilter(t: TableFeatures): boolean {
  return t.equality.length + t.in.length + t.range.length + t.likePrefix.length + t.expressions.length > 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item); else out.set(k, [item]);
  }
  return out;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

interface TableContext {
  readonly engine: Engine;
  readonly table: CatalogTable;
  readonly indexes: readonly CatalogIndex[];
  readonly columns: ReadonlyMap<string, CatalogColumn>;
  readonly mariadb: boolean;
  readonly maxSelectivity: number;
  readonly hotShare: number;
  readonly totalMs: number;
}

export function buildCandidates(engine: Engine, shapes: readonly ShapeUse[], catalog: CatalogSnapshot, options: AdvisorOptions): CandidateResult {
  const candidates: Candidate[] = [];
  const verdicts: Verdict[] = [];
  const tables = catalog.tables ?? [];
  const indexes = catalog.indexes ?? [];
  const columnsByTable = new Map<string, Map<string, CatalogColumn>>();
  for (const c of catalog.columns ?? []) {
    const key = `${c.schema}.${c.table}`;
    if (!columnsByTable.has(key)) columnsByTable.set(key, new Map());
    columnsByTable.get(key)!.set(c.column, c);
  }
  const tablesByName = groupBy(tables, (t) => t.name);
  const indexesByTable = groupBy(indexes, (i) => `${i.schema}.${i.table}`);
  const mariadb = /mariadb/i.test(catalog.settings?.version ?? '');
  const totalMs = shapes.reduce((a, s) => a + s.totalMs, 0);
  for (const shape of shapes) {
    const f = shape.features;
    if (!readKinds.has(f.kind)) continue;
    const filtered = f.tables.filter(hasOwnFilter).length;
    for (const tf of f.tables) {
      const verdict = (outcome: Verdict['outcome'], message: string, index?: string) =>
        verdicts.push({ shape: shape.id, table: tf.schema ? `${tf.schema}.${tf.name}` : tf.name, outcome, message, ...(index ? { index } : {}) });
      const table = resolveTable(tf, tablesByName.get(tf.name) ?? [], options.defaultSchema);
      if (!table) {
        verdict('unknown-table', `${tf.schema ? `${tf.schema}.` : ''}${tf.name} is not in the catalog (run qprof sample --catalog, or pass --schema when several schemas have it)`);
        continue;
      }
      const name = qualifiedName(table);
      if ((table.liveRows ?? 0) < options.minTableRows) {
        verdict('tiny', `${name} is tiny (${table.liveRows ?? 0} rows): a scan reads a few pages, an index would not pay`);
        continue;
      }
      const tableIndexes = indexesByTable.get(name) ?? [];
      const ctx: TableContext = { engine, table, indexes: tableIndexes, columns: columnsByTable.get(name) ?? new Map(), mariadb, maxSelectivity: options.maxSelectivity, hotShare: options.hotShare, totalMs };
      const inner = !hasOwnFilter(tf) && tf.join.length > 0 && filtered > 0;
      const built = [...expressionCandidates(shape, tf, ctx, verdict), ...keyCandidate(shape, f, tf, ctx, inner, verdict)];
      for (const candidate of built) {
        const served = findServingIndex(candidate, tableIndexes);
        if (served) verdict('served', `${name}: already served by ${served.name} (${served.expression ?? served.columns.join(', ')})`, served.name);
        else {
          candidates.push(candidate);
          verdict('candidate', `${name}: candidate (${candidate.expression ?? candidate.columns.join(', ')})${candidate.where ? ` WHERE ${candidate.where}` : ''}: ${candidate.why}`);
        }
      }
    }
  }
  return { candidates, verdicts };
}

function partialPredicate(tf: TableFeatures, engine: Engine): string | null {
  if (engine !== 'postgres' || tf.isNull.length === 0) return null;
  return unique(tf.isNull).map((c) => `${c} IS NULL`).join(' AND ');
}

function expressionCandidates(shape: ShapeUse, tf: TableFeatures, ctx: TableContext, verdict: (o: Verdict['outcome'], m: string) => void): Candidate[] {
  const out: Candidate[] = [];
  for (const e of tf.expressions) {
    if (ctx.engine === 'mysql' && ctx.mariadb) {
      verdict('unsupported', `${qualifiedName(ctx.table)}: MariaDB cannot index the expression ${e.expression} (it needs a generated column and a query written against it)`);
      continue;
    }
    out.push({
      table: { schema: ctx.table.schema, name: ctx.table.name }, columns: e.columns, equalityCount: 0, descending: [],
      expression: e.expression, where: partialPredicate(tf, ctx.engine), include: [], shapes: [shape.id], weightMs: shape.totalMs,
      why: `filters on ${e.expression}, which a plain index on ${e.columns.join(', ')} cannot serve`,
    });
  }
  return out;
}

function keyCandidate(shape: ShapeUse, f: ShapeFeatures, tf: TableFeatures, ctx: TableContext, inner: boolean,
  verdict: (o: Verdict['outcome'], m: string) => void): Candidate[] {
  const name = qualifiedName(ctx.table);
  const sel = (c: string) => equalitySelectivity(ctx.columns.get(c), ctx.table.liveRows);
  const eqSource = inner ? tf.join : tf.equality;
  const scored = unique(eqSource).map((c) => ({ column: c, s: sel(c) })).sort((a, b) => (a.s.fraction ?? unknownFraction) - (b.s.fraction ?? unknownFraction));
  const paying = scored.filter((x, i) => i === 0 || (x.s.fraction ?? unknownFraction) <= payingFraction);
  const keys = paying.map((x) => x.column);
  let fraction = paying.reduce((acc, x) => acc * (x.s.fraction ?? unknownFraction), 1);
  const inCols = unique(tf.in).filter((c) => !keys.includes(c));
  for (const c of inCols) { keys.push(c); fraction *= Math.min(1, (sel(c).fraction ?? unknownFraction) * 3); }
  const equalityCount = paying.length + inCols.length;
  const orderCols = tf.orderBy.map((o) => o.column).filter((c) => !keys.includes(c));
  const sorted = f.limit && inCols.length === 0 && orderCols.length > 0 && f.tables.length === 1;
  const rangeCols = unique([...tf.range, ...tf.likePrefix]).filter((c) => !keys.includes(c));
  let descending: string[] = [];
  let how = '';
  if (sorted) {
    keys.push(...orderCols);
    const dirs = new Set(tf.orderBy.map((o) => o.direction));
    if (dirs.size > 1) descending = tf.orderBy.filter((o) => o.direction === 'desc').map((o) => o.column);
    how = `, then ${orderCols.join(', ')} so ORDER BY … LIMIT stops early`;
    if (rangeCols.length > 0 && rangeCols[0] === orderCols[0]) fraction *= rangeSelectivity;
  } else if (rangeCols.length > 0) {
    keys.push(rangeCols[0]!);
    fraction *= rangeSelectivity;
    how = `, then the range on ${rangeCols[0]}`;
  }
  if (keys.length === 0) {
    if (tf.expressions.length === 0) verdict('no-predicate', `${name}: no filter, join or sort+limit on it that an index could serve (the shape reads it whole)`);
    return [];
  }
  if (!sorted && fraction > ctx.maxSelectivity && scored.length > 0 && keys.length === equalityCount) {
    const worst = scored[0]!;
    verdict('low-selectivity', describeLowSelectivity(name, worst.column, worst.s));
    return [];
  }
  const hot = ctx.engine === 'postgres' && f.kind === 'select' && f.tables.length === 1 && ctx.totalMs > 0 && shape.totalMs / ctx.totalMs >= ctx.hotShare;
  const include = hot ? detectIncludeColumns(shape.normalized, tf, keys) ?? [] : [];
  const lead = equalityCount > 0 ? `${inner ? 'joins on' : 'filters on'} ${keys.slice(0, equalityCount).join(' and ')}`
    : sorted ? `sorts by ${orderCols.join(', ')} with a LIMIT` : `filters on a range of ${keys[0]}`;
  return [{
    table: { schema: ctx.table.schema, name: ctx.table.name }, columns: keys, equalityCount, descending,
    expression: null, where: partialPredicate(tf, ctx.engine), include, shapes: [shape.id], weightMs: shape.totalMs,
    why: `${lead}${equalityCount > 0 ? how : ''}${include.length > 0 ? `; INCLUDE ${include.join(', ')} makes this hot shape an index-only scan` : ''}`,
  }];
}
