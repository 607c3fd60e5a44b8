/**
 * What-if proof on PostgreSQL with HypoPG: in one read-only transaction that is rolled back, EXPLAIN every
 * affected SELECT shape, create the candidates as hypothetical indexes, EXPLAIN again, and keep the indexes
 * the planner uses with a real cost reduction. Plain EXPLAIN only, never ANALYZE, never a write statement.
 *
 * Placeholders: PostgreSQL 15 has no EXPLAIN (GENERIC_PLAN), so each shape is PREPAREd and planned with
 * `plan_cache_mode = force_generic_plan` and `EXPLAIN EXECUTE` with NULL arguments: a generic plan never looks
 * at the values, so it is the plan an application with bind parameters gets, estimated from pg_stats
 * averages (https://www.postgresql.org/docs/15/sql-prepare.html). Each shape is prepared again after the
 * hypothetical indexes exist, because HypoPG does not invalidate cached plans.
 */
import { errorCode, type Queryable } from '../../agent/stats/queryable.js';
import type { AdvicePlan, ValidationResult } from './advise.js';
import { indexName, renderCreateStatement } from './ddl.js';
import type { ShapeUse } from './types.js';

const marker = '/* qprof */';
/** An index must cut the summed plan cost of its shapes by at least this fraction to count as a reduction. */
export const minCostReduction = 0.1;

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Total Cost': number; Plans?: PlanNode[] }
interface Explained { readonly cost: number; readonly scans: Map<string, string>; readonly indexes: Set<string> }

export interface PgValidation {
  /** False when HypoPG is not installed: the caller falls back to statistics and says so once. */
  readonly available: boolean;
  readonly results: Map<string, ValidationResult>;
  readonly skippedShapes: number;
}

/** Walk a plan: total cost, the scan node type per table, and the index names used. */
export function mapExplain(plan: PlanNode): Explained {
  const scans = new Map<string, string>();
  const indexes = new Set<string>();
  const walk = (node: PlanNode) => {
    if (node['Relation Name'] && !scans.has(node['Relation Name'])) scans.set(node['Relation Name'], node['Node Type']);
    if (node['Index Name']) indexes.add(node['Index Name']);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return { cost: plan['Total Cost'], scans, indexes };
}

function paramCount(sql: string): number {
  let max = 0;
  for (const m of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * A typed literal becomes `INTERVAL $2` in a shape, which is not SQL; `$2::interval` is the same cast and
 * prepares. Other texts are unchanged.
 */
export function mapTypedPlaceholders(sql: string): string {
  return sql.replace(/\b(INTERVAL|DATE|TIMESTAMPTZ|TIMESTAMP|TIME)\s+\$(\d+)/gi, (_m, type: string, n: string) => `$${n}::${type.toLowerCase()}`);
}

async function explainShape(session: Queryable, shape: ShapeUse, statement: string): Promise<Explained | null> {
  const n = paramCount(shape.normalized);
  try {
    await session.query(`${marker} SAVEPOINT qprof_shape`);
    await session.query(`${marker} PREPARE ${statement} AS ${mapTypedPlaceholders(shape.normalized)}`);
    const args = n > 0 ? `(${Array.from({ length: n }, () => 'NULL').join(', ')})` : '';
    const { rows } = await session.query(`${marker} EXPLAIN (FORMAT JSON) EXECUTE ${statement}${args}`);
    await session.query(`${marker} DEALLOCATE ${statement}`);
    await session.query(`${marker} RELEASE SAVEPOINT qprof_shape`);
    const json = (rows[0] as Record<string, unknown>)['QUERY PLAN'];
    const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
    return mapExplain(parsed[0]!.Plan);
  } catch {
    // A shape that does not prepare (a parameter whose type cannot be inferred, a truncated text) is skipped.
    await session.query(`${marker} ROLLBACK TO SAVEPOINT qprof_shape`);
    return null;
  }
}

export async function validateWithHypopg(session: Queryable, plan: AdvicePlan, shapes: readonly ShapeUse[], searchPath: string | null): Promise<PgValidation> {
  const { rows } = await session.query(`${marker} SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'hypopg'`);
  if (rows.length === 0) return { available: false, results: new Map(), skippedShapes: 0 };
  // Qualified calls: --schema changes the search_path, which may no longer name the extension's schema.
  const hypopg = (rows[0] as { schema: string }).schema;
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const affected = [...new Set(plan.chosen.flatMap((c) => c.shapes))].map((id) => byId.get(id)!).filter((s) => s && s.features.kind === 'select');
  const results = new Map<string, ValidationResult>();
  let skippedShapes = 0;
  await session.query(`${marker} BEGIN READ ONLY`);
  try {
    await session.query(`${marker} SET LOCAL plan_cache_mode = force_generic_plan`);
    if (searchPath) await session.query(`${marker} SELECT set_config('search_path', quote_ident($1) || ', ' || current_setting('search_path'), true)`, [searchPath]);
    const before = new Map<string, Explained>();
    for (const [i, shape] of affected.entries()) {
      const e = await explainShape(session, shape, `qprof_before_${i}`);
      if (e) before.set(shape.id, e); else skippedShapes += 1;
    }
    const hypoNames = new Map<string, string>();
    const plainNames = new Map<string, string>();
    for (const c of plan.chosen) {
      try {
        await session.query(`${marker} SAVEPOINT qprof_hypo`);
        const created = await session.query(`${marker} SELECT indexname FROM ${hypopg}.hypopg_create_index($1)`, [renderCreateStatement(c, 'postgres', true)]);
        await session.query(`${marker} RELEASE SAVEPOINT qprof_hypo`);
        hypoNames.set(indexName(c), String((created.rows[0] as { indexname: string }).indexname));
        if (c.include.length > 0) {
          // The same keys without INCLUDE compete in the same plans: if the planner prefers them, INCLUDE does not pay
          // (an index-only scan is costed with heap visits while the visibility map is not yet set).
          const plain = await session.query(`${marker} SELECT indexname FROM ${hypopg}.hypopg_create_index($1)`, [renderCreateStatement({ ...c, include: [] }, 'postgres', true)]);
          plainNames.set(indexName(c), String((plain.rows[0] as { indexname: string }).indexname));
        }
      } catch (error) {
        // The table is gone or differs on the validation server (catalog snapshot older than the schema).
        await session.query(`${marker} ROLLBACK TO SAVEPOINT qprof_hypo`);
        results.set(indexName(c), { kept: true, validated: 'statistics', note: `HypoPG could not create it (${errorCode(error) ?? 'error'})` });
      }
    }
    const after = new Map<string, Explained>();
    for (const [i, shape] of affected.entries()) {
      if (!before.has(shape.id)) continue;
      const e = await explainShape(session, shape, `qprof_after_${i}`);
      if (e) after.set(shape.id, e);
    }
    for (const c of plan.chosen) {
      const name = indexName(c);
      const hypo = hypoNames.get(name);
      if (hypo === undefined) continue;
      const measured = c.shapes.filter((id) => before.has(id) && after.has(id));
      if (measured.length === 0) {
        results.set(name, { kept: true, validated: 'statistics', note: 'no SELECT shape of it could be planned (writes are never explained)' });
        continue;
      }
      const costBefore = measured.reduce((a, id) => a + before.get(id)!.cost, 0);
      const costAfter = measured.reduce((a, id) => a + after.get(id)!.cost, 0);
      const plainHypo = plainNames.get(name);
      const usedWithInclude = measured.filter((id) => after.get(id)!.indexes.has(hypo));
      const usedPlain = plainHypo === undefined ? [] : measured.filter((id) => after.get(id)!.indexes.has(plainHypo));
      const dropInclude = usedPlain.length > 0 && usedWithInclude.length === 0;
      const used = [...usedWithInclude, ...usedPlain];
      const first = used[0];
      const planChange = first
        ? `${before.get(first)!.scans.get(c.table.name) ?? 'scan'} → ${after.get(first)!.scans.get(c.table.name) ?? 'index scan'} on ${c.table.name}` : undefined;
      const kept = used.length > 0 && costAfter <= costBefore * (1 - minCostReduction);
      results.set(name, {
        kept, validated: 'hypopg', costBefore, costAfter, ...(planChange ? { planChange } : {}), ...(dropInclude ? { dropInclude } : {}),
        ...(kept ? {} : { note: used.length === 0 ? 'was not chosen by the planner in a what-if plan (HypoPG)' : `cut the plan cost only ${Math.round(costBefore)} → ${Math.round(costAfter)} (HypoPG)` }),
      });
    }
    await session.query(`${marker} SELECT ${hypopg}.hypopg_reset()`);
  } finally {
    await session.query(`${marker} ROLLBACK`);
  }
  return { available: true, results, skippedShapes };
}
