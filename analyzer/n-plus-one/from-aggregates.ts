/**
 * Suspected N+1 from aggregates alone (pg_stat_statements / digest deltas, no sequences): a child that is a
 * single-row lookup by key equality whose calls per interval track the rows a candidate parent returned in
 * the same interval, with a stable ratio. Weaker than a seen loop, so always `suspected`, low confidence.
 * Pure.
 */
import { suggestRewrite } from './suggest.js';
import type { AggregateBucket, AggregateEvidence, NPlusOneFinding, ShapeInfo } from './types.js';

export interface AggregateOptions {
  /** Intervals in which both shapes ran. Default 4. */
  readonly minIntervals: number;
  /** Largest coefficient of variation of child calls per parent row. Default 0.15. */
  readonly maxRatioCv: number;
  /** Child calls per parent row must lie in this range (one lookup per row, give or take). Default [0.5, 2]. */
  readonly ratioRange: readonly [number, number];
  /** A single-row lookup returns at most this many rows per call on average. Default 1.5. */
  readonly maxChildRowsPerCall: number;
  /** Parents return several rows per call. Default 2. */
  readonly minParentRowsPerCall: number;
  /** The child must have run at least this many times. Default 50. */
  readonly minChildCalls: number;
}

export const defaultAggregateOptions: AggregateOptions = {
  minIntervals: 4, maxRatioCv: 0.15, ratioRange: [0.5, 2], maxChildRowsPerCall: 1.5, minParentRowsPerCall: 2, minChildCalls: 50,
};

interface Series { calls: number; rows: number; totalMs: number; byBucket: Map<number, AggregateBucket> }

function seriesOf(buckets: readonly AggregateBucket[]): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const b of buckets) {
    let s = out.get(b.shapeId);
    if (!s) out.set(b.shapeId, s = { calls: 0, rows: 0, totalMs: 0, byBucket: new Map() });
    s.calls += b.calls; s.rows += b.rows; s.totalMs += b.totalMs;
    const prev = s.byBucket.get(b.bucketMs);
    s.byBucket.set(b.bucketMs, prev
      ? { ...prev, calls: prev.calls + b.calls, rows: prev.rows + b.rows, totalMs: prev.totalMs + b.totalMs }
      : b);
  }
  return out;
}

const isKeyLookup = (shape: ShapeInfo) => shape.features.kind === 'select' && shape.features.lock === null
  && shape.features.tables.some((t) => t.equality.length > 0) && shape.features.tables.every((t) => t.in.length === 0);
const isRead = (shape: ShapeInfo) => shape.features.kind === 'select' && shape.features.lock === null;

/** Ratios of child calls to parent rows per shared interval, with their mean and coefficient of variation. */
export function ratioStats(child: Series, parent: Series): { n: number; mean: number; cv: number } {
  const ratios: number[] = [];
  for (const [bucket, c] of child.byBucket) {
    const p = parent.byBucket.get(bucket);
    if (p && p.rows > 0 && c.calls > 0) ratios.push(c.calls / p.rows);
  }
  const n = ratios.length;
  if (n === 0) return { n, mean: 0, cv: Number.POSITIVE_INFINITY };
  const mean = ratios.reduce((a, b) => a + b, 0) / n;
  const variance = ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / n;
  return { n, mean, cv: Math.sqrt(variance) / mean };
}

export function detectFromAggregates(
  buckets: readonly AggregateBucket[], shapes: ReadonlyMap<string, ShapeInfo>, options: AggregateOptions = defaultAggregateOptions,
): NPlusOneFinding[] {
  const series = seriesOf(buckets);
  const parents = [...series].filter(([id, s]) => {
    const shape = shapes.get(id);
    return shape && isRead(shape) && s.calls > 0 && s.rows / s.calls >= options.minParentRowsPerCall;
  });
  const findings: NPlusOneFinding[] = [];
  for (const [childId, child] of series) {
    const shape = shapes.get(childId);
    if (!shape || !isKeyLookup(shape) || child.calls < options.minChildCalls) continue;
    if (child.rows / child.calls > options.maxChildRowsPerCall) continue;
    let best: { id: string; n: number; mean: number; cv: number } | null = null;
    for (const [parentId, parent] of parents) {
      if (parentId === childId || shapes.get(parentId)?.engine !== shape.engine) continue;
      const stats = ratioStats(child, parent);
      if (stats.n < options.minIntervals || stats.cv > options.maxRatioCv) continue;
      if (stats.mean < options.ratioRange[0] || stats.mean > options.ratioRange[1]) continue;
      if (!best || stats.cv < best.cv) best = { id: parentId, ...stats };
    }
    if (!best) continue;
    const parentShape = shapes.get(best.id)!;
    const evidence: AggregateEvidence = {
      intervals: best.n, callsPerParentRow: Math.round(best.mean * 100) / 100, ratioCv: Math.round(best.cv * 1000) / 1000,
      childCalls: child.calls, childRowsPerCall: Math.round((child.rows / child.calls) * 100) / 100,
      totalMs: Math.round(child.totalMs * 100) / 100,
    };
    findings.push({
      kind: 'n-plus-one', status: 'suspected', engine: shape.engine, childShape: childId, childQuery: shape.normalized,
      childShapes: [childId], childQueries: [shape.normalized], parentShape: best.id, parentQuery: parentShape.normalized,
      evidence, confidence: 'low', suggestion: suggestRewrite(parentShape, [shape]), tags: shape.tags ?? parentShape.tags ?? {},
    });
  }
  return findings.sort((a, b) => b.evidence.totalMs - a.evidence.totalMs);
}
