/**
 * Drop advice from the catalog: exact duplicates, redundant btree prefixes (same uniqueness), and unused
 * indexes (no scans since the statistics reset), never a primary key, a unique index or one that backs a
 * foreign key. Pure.
 */
import type { Engine } from '../../agent/events.js';
import type { CatalogIndex } from '../../agent/catalog/types.js';
import { renderDropStatement } from './ddl.js';
import { isBtree, normalizeExpression } from './existing.js';
import type { IndexAdvice } from './types.js';

function keyOf(i: CatalogIndex): string[] {
  return i.columns.map((c) => c ?? `expr:${normalizeExpression(i.expression ?? '')}`);
}

function sameScope(a: CatalogIndex, b: CatalogIndex): boolean {
  return a.schema === b.schema && a.table === b.table && normalizeExpression(a.where ?? '') === normalizeExpression(b.where ?? '');
}

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((c, i) => long[i] === c);
}

function advice(engine: Engine, i: CatalogIndex, reason: string): IndexAdvice {
  return {
    action: 'drop', engine, table: `${i.schema}.${i.table}`, columns: i.columns.map((c) => c ?? i.expression ?? '?'),
    ...(i.expression ? { expression: i.expression } : {}), ...(i.where ? { where: i.where } : {}),
    statement: renderDropStatement({ schema: i.schema, name: i.table }, i.name, engine), shapes: [], queries: [], reason,
    benefit: { timeShare: 0, totalMs: 0, estimatedSizeBytes: null, writesPerRead: null, sizeBytes: i.sizeBytes }, validated: 'statistics', index: i.name,
  };
}

/**
 * `schemas`: only judge indexes of these schemas (the ones the analysed shapes touch); all when null.
 * `serving`: names of indexes that serve an analysed shape (never unused, whatever the counters say: index
 * scan counters reach the statistics views late).
 */
export function detectDroppableIndexes(engine: Engine, indexes: readonly CatalogIndex[], schemas: ReadonlySet<string> | null,
  serving: ReadonlySet<string> = new Set()): IndexAdvice[] {
  const pool = indexes.filter((i) => i.valid && (schemas === null || schemas.has(i.schema)));
  const out: IndexAdvice[] = [];
  const dropped = new Set<CatalogIndex>();
  for (const a of pool) {
    if (a.primary || !isBtree(a)) continue;
    for (const b of pool) {
      if (a === b || dropped.has(b) || !isBtree(b) || !sameScope(a, b)) continue;
      const ka = keyOf(a);
      const kb = keyOf(b);
      if (ka.join() === kb.join()) {
        // Keep the constraint-bearing one, else the first by name.
        const keepB = b.primary || (b.unique && !a.unique) || (b.unique === a.unique && b.name < a.name);
        if (!keepB) continue;
        out.push(advice(engine, a, `duplicate of ${b.name} (same columns${a.where ? ' and predicate' : ''}): every write maintains both`));
        dropped.add(a);
        break;
      }
      if (a.unique === b.unique && !a.unique && isPrefix(ka, kb)) {
        out.push(advice(engine, a, `redundant: its columns (${ka.join(', ')}) lead ${b.name} (${kb.join(', ')}), which serves the same lookups`));
        dropped.add(a);
        break;
      }
    }
  }
  for (const a of pool) {
    if (a.primary || dropped.has(a)) continue;
    if (a.scans === 0 && !a.unique && !a.backsForeignKey && !serving.has(a.name)) {
      out.push(advice(engine, a, `unused: no scan since the statistics were reset, yet every write to ${a.table} maintains it`));
      dropped.add(a);
    }
  }
  return out.sort((x, y) => (y.benefit.sizeBytes ?? 0) - (x.benefit.sizeBytes ?? 0));
}
