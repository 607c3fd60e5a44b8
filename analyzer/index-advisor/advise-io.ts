/**
 * `qprof advise indexes` end to end: read shapes, their time and the catalog from the store, plan the
 * advice, validate it on a live server when asked (HypoPG on PostgreSQL, EXPLAIN on MySQL), and map it to
 * SPEC §3 rows. The logic lives in the pure modules next to this one.
 */
import type { Engine } from '../../agent/events.js';
import type { CatalogSnapshot } from '../../agent/catalog/types.js';
import { errorCode, type MonitorSession } from '../../agent/stats/queryable.js';
import type { Db } from '../../storage/db.js';
import { readLatestCatalog } from '../../storage/catalog-repo.js';
import { readShapes } from '../../storage/shapes-repo.js';
import { readOneSourceTotals } from '../../storage/stats-repo.js';
import { readTargets, selectTargets, type TargetRow } from '../../storage/targets-repo.js';
import { mapCreateAdvice, planIndexAdvice, validationVerdicts, type ValidationResult } from './advise.js';
import { defaultAdvisorOptions, type AdvisorOptions, type IndexAdvice, type ShapeUse, type Verdict } from './types.js';
import { validateWithHypopg } from './validate-postgres.js';
import { validateWithExplain } from './validate-mysql.js';

export interface AdviseIndexesOptions {
  readonly target?: string;
  /** Window, epoch ms; default everything stored. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
  /** Opens the validation session for a target's engine, or null when no --validate was given. */
  readonly openValidation?: (engine: Engine) => Promise<MonitorSession | null>;
  readonly advisor?: Partial<AdvisorOptions>;
}

export interface TargetAdvice {
  readonly target: TargetRow;
  readonly shapes: readonly ShapeUse[];
  readonly advice: readonly IndexAdvice[];
  readonly verdicts: readonly Verdict[];
  readonly notes: readonly string[];
}

/** One source per shape (the one with most calls: samples over logs when both cover it), never added up. */
export function readShapeUses(db: Db, targetId: number, sinceMs = Number.NEGATIVE_INFINITY, untilMs = Number.POSITIVE_INFINITY): ShapeUse[] {
  const best = new Map(readOneSourceTotals(db, { sinceMs, untilMs, targetId }).map((t) => [t.shapeId, t]));
  return readShapes(db, [...best.keys()]).map((s) => {
    const t = best.get(s.id)!;
    return { id: s.id, normalized: s.normalized, features: s.features, calls: t.calls, totalMs: t.totalMs, rowsExamined: t.rowsExamined, rows: t.rows };
  });
}

function liveRowsOf(catalog: CatalogSnapshot) {
  return (schema: string, table: string) => catalog.tables?.find((t) => t.schema === schema && t.name === table)?.liveRows ?? null;
}

export async function adviseIndexes(db: Db, options: AdviseIndexesOptions): Promise<TargetAdvice[]> {
  const targets = selectTargets(readTargets(db), options.target);
  const out: TargetAdvice[] = [];
  for (const target of targets) {
    const catalog = readLatestCatalog(db, target.id);
    const shapes = readShapeUses(db, target.id, options.sinceMs, options.untilMs);
    const notes: string[] = [];
    if (!catalog.tables) notes.push(`${target.name}: no catalog stored: run qprof sample --${target.engine === 'postgres' ? 'pg' : 'mysql'} URL --catalog (advice needs table sizes, indexes and column statistics)`);
    const advisorOptions = { ...defaultAdvisorOptions, ...options.advisor };
    const plan = planIndexAdvice(target.engine, shapes, catalog, advisorOptions);
    let validations = new Map<string, ValidationResult>();
    const fallback = catalog.columns && catalog.columns.length > 0 ? 'statistics' : 'heuristic';
    const session = plan.chosen.length > 0 && options.openValidation ? await options.openValidation(target.engine) : null;
    if (plan.chosen.length > 0 && options.openValidation && !session) {
      notes.push(`${target.name} is a ${target.engine} target but --validate points at another engine: not validated`);
    }
    if (session) {
      try {
        if (target.engine === 'postgres') {
          const v = await validateWithHypopg(session, plan, shapes, advisorOptions.defaultSchema);
          if (!v.available) notes.push('HypoPG is not installed on the validation server: recommendations rest on statistics (CREATE EXTENSION hypopg; to prove them with what-if plans)');
          if (v.skippedShapes > 0) notes.push(`${v.skippedShapes} shape(s) could not be planned with placeholders and were judged on statistics`);
          validations = v.results;
        } else {
          validations = await validateWithExplain(session, plan, shapes, liveRowsOf(catalog));
        }
      } catch (error) {
        // A failed validation (privilege, timeout) leaves the statistics verdicts standing, said once.
        notes.push(`validation failed (${errorCode(error) ?? (error as Error).message}): recommendations rest on statistics`);
        validations = new Map();
      } finally {
        await session.close();
      }
    }
    const advice = [...mapCreateAdvice(plan, shapes, catalog, validations, fallback), ...plan.drops];
    out.push({ target, shapes, advice, verdicts: [...plan.verdicts, ...validationVerdicts(plan, validations)], notes });
  }
  return out;
}
