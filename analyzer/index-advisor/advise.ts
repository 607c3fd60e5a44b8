/**
 * The index advisor, pure: shapes with their time + catalog → consolidated create candidates, drop advice
 * and a verdict for every (shape, table). Validation (validate-postgres.ts, validate-mysql.ts) then confirms
 * or removes candidates; `mapCreateAdvice` turns the survivors into SPEC §3 rows.
 */
import type { Engine } from '../../agent/events.js';
import type { CatalogSnapshot } from '../../agent/catalog/types.js';
import { buildCandidates } from './candidates.js';
import { consolidate, type Consolidated } from './consolidate.js';
import { indexName, renderCreateStatement } from './ddl.js';
import { detectDroppableIndexes } from './drop-advice.js';
import { findExtendedIndex } from './existing.js';
import { resolveTable } from './resolve.js';
import { mapWritesPerRead } from './write-rate.js';
import type { AdvisorOptions, IndexAdvice, ShapeUse, Validation, Verdict } from './types.js';

export interface AdvicePlan {
  readonly engine: Engine;
  readonly chosen: readonly Consolidated[];
  readonly drops: readonly IndexAdvice[];
  readonly verdicts: readonly Verdict[];
  readonly totalMs: number;
}

/** What a validation found for one candidate (keyed by its index name). */
export interface ValidationResult {
  readonly kept: boolean;
  readonly validated: Validation;
  readonly costBefore?: number;
  readonly costAfter?: number;
  readonly planChange?: string;
  /** Why it was removed, or what the server said; becomes a verdict / part of the reason. */
  readonly note?: string;
  /** The planner preferred the same keys without the INCLUDE columns. */
  readonly dropInclude?: boolean;
}

export function planIndexAdvice(engine: Engine, shapes: readonly ShapeUse[], catalog: CatalogSnapshot, options: AdvisorOptions): AdvicePlan {
  const totalMs = shapes.reduce((a, s) => a + s.totalMs, 0);
  const { candidates, verdicts } = buildCandidates(engine, shapes, catalog, options);
  const rates = mapWritesPerRead(shapes, catalog.tables ?? [], options.defaultSchema);
  const merged = consolidate(candidates, catalog.tables ?? [], totalMs, engine, options, rates);
  const schemas = new Set<string>();
  for (const shape of shapes) {
    for (const t of shape.features.tables) {
      const resolved = resolveTable(t, catalog.tables ?? [], options.defaultSchema);
      if (resolved) schemas.add(resolved.schema);
    }
  }
  const serving = new Set(verdicts.filter((v) => v.outcome === 'served').map((v) => v.index ?? ''));
  const drops = detectDroppableIndexes(engine, catalog.indexes ?? [], schemas, serving);
  return { engine, chosen: merged.chosen, drops, verdicts: [...verdicts, ...merged.verdicts], totalMs };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

export function mapCreateAdvice(plan: AdvicePlan, shapes: readonly ShapeUse[], catalog: CatalogSnapshot,
  validations: ReadonlyMap<string, ValidationResult>, fallback: Validation): IndexAdvice[] {
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const out: IndexAdvice[] = [];
  for (const chosen of plan.chosen) {
    const v = validations.get(indexName(chosen));
    if (v && !v.kept) continue;
    const c = v?.dropInclude ? { ...chosen, include: [], why: chosen.why.replace(/; INCLUDE .*$/, '') } : chosen;
    const served = [...c.shapes].sort((a, b) => (byId.get(b)?.totalMs ?? 0) - (byId.get(a)?.totalMs ?? 0));
    const extended = findExtendedIndex(c, catalog.indexes ?? []);
    const cost = v?.costBefore !== undefined && v.costAfter !== undefined ? `; plan cost ${Math.round(v.costBefore)} → ${Math.round(v.costAfter)}` : '';
    const reason = `${served.length === 1 ? 'One shape' : `${served.length} shapes`} (${percent(c.timeShare)} of the time): ${c.why}`
      + `${extended ? ` (extends ${extended.name})` : ''}${cost}.`;
    out.push({
      action: 'create', engine: plan.engine, table: `${c.table.schema}.${c.table.name}`, columns: c.columns,
      ...(c.expression ? { expression: c.expression } : {}), ...(c.where ? { where: c.where } : {}),
      ...(c.include.length > 0 ? { include: c.include } : {}),
      statement: renderCreateStatement(c, plan.engine), shapes: served, queries: served.map((id) => byId.get(id)?.normalized ?? id), reason,
      benefit: {
        timeShare: c.timeShare, totalMs: c.weightMs, estimatedSizeBytes: c.estimatedSizeBytes, writesPerRead: c.writesPerRead,
        ...(v?.costBefore !== undefined ? { costBefore: v.costBefore } : {}), ...(v?.costAfter !== undefined ? { costAfter: v.costAfter } : {}),
        ...(v?.planChange ? { planChange: v.planChange } : {}),
      },
      validated: v?.validated ?? fallback,
    });
  }
  return out;
}

/** Verdicts added by a validation for the candidates it removed. */
export function validationVerdicts(plan: AdvicePlan, validations: ReadonlyMap<string, ValidationResult>): Verdict[] {
  const out: Verdict[] = [];
  for (const c of plan.chosen) {
    const v = validations.get(indexName(c));
    if (!v || v.kept) continue;
    for (const shape of c.shapes) out.push({ shape, table: `${c.table.schema}.${c.table.name}`, outcome: 'rejected', message: `(${c.expression ?? c.columns.join(', ')}) ${v.note ?? 'brought no cost reduction'}` });
  }
  return out;
}
