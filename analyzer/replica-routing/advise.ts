/**
 * Plans `qprof advise replicas` for one target: hard rules first (classify.ts), then read-after-write gaps
 * against the stick window from the measured lag (read-after-write.ts, lag.ts), then load shares (rank.ts).
 * Pure: the store is read by advise-io.ts.
 */
import type { CatalogFunction } from '../../agent/catalog/types.js';
import type { Engine } from '../../agent/events.js';
import { detectPrimaryReasons, detectTemporaryTables, mapCatalogFunctions, tableNames } from './classify.js';
import { detectLagBound, mapStickWindowMs, percentile, type ReplicationReading } from './lag.js';
import { mapLoadSummary, sortAdvice } from './rank.js';
import { detectSequenceFindings, mapShapeRole, type ShapeRole } from './read-after-write.js';
import type { ReadAfterWrite, RouteAdvice, RoutingOptions, RoutingReport, RoutingShape, SequenceStatement } from './types.js';

export interface RoutingInput {
  readonly target: string;
  readonly engine: Engine;
  /** Shapes with their time in the window. */
  readonly shapes: readonly RoutingShape[];
  /** Shapes that only appear in sessions (no time of their own), needed to read the sequences. */
  readonly sequenceOnlyShapes?: readonly Omit<RoutingShape, 'calls' | 'totalMs'>[];
  readonly sessions: readonly (readonly SequenceStatement[])[];
  /** null when the functions catalog was never captured. */
  readonly catalogFunctions: readonly CatalogFunction[] | null;
  readonly replication: readonly ReplicationReading[];
  readonly options: RoutingOptions;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? s.toFixed(0) : s >= 1 ? s.toFixed(1).replace(/\.0$/, '') : s.toFixed(2).replace(/0$/, '')} s`;
}

function summarizeGaps(raw: ReadAfterWrite | undefined): RouteAdvice['readAfterWrite'] {
  if (!raw) return undefined;
  return { reads: raw.reads, afterOwnWrite: raw.afterOwnWrite, minGapMs: raw.gapsMs[0] ?? null, p50GapMs: percentile(raw.gapsMs, 0.5) };
}

function decideRead(shape: RoutingShape, raw: ReadAfterWrite | undefined, stickMs: number, haveSessions: boolean): Pick<RouteAdvice, 'route' | 'reasons' | 'condition' | 'stickMs' | 'stickTables'> {
  if (!haveSessions || !raw) {
    const why = haveSessions ? 'not seen in any logged session' : 'no session sequences for this target (ingest its logs)';
    return {
      route: 'conditional', reasons: [`read-your-writes not measured: ${why}`], stickMs,
      condition: `only if the application tolerates reads ${formatSeconds(stickMs)} stale`, stickTables: tableNames(shape.features),
    };
  }
  const inside = raw.gapsMs.filter((g) => g <= stickMs);
  if (inside.length === 0) {
    const closest = raw.gapsMs[0];
    return {
      route: 'replica',
      reasons: [closest === undefined
        ? `plain read; never followed a write to its tables in the same session (${raw.reads} reads)`
        : `plain read; ${raw.afterOwnWrite} of ${raw.reads} reads followed an own write, the closest ${formatSeconds(closest)} later (stick window ${formatSeconds(stickMs)})`],
    };
  }
  const tables = Object.entries(raw.minGapMsByTable).filter(([, g]) => g <= stickMs).map(([t]) => t).sort();
  return {
    route: 'conditional', stickMs, stickTables: tables,
    reasons: [`read-your-writes: ${inside.length} of ${raw.reads} reads came within ${formatSeconds(stickMs)} of the same session's write to ${tables.join(', ')} (closest ${raw.gapsMs[0]!.toFixed(0)} ms)`],
    condition: `stick to the primary for ${formatSeconds(stickMs)} after a write to ${tables.join(', ')} in the same session`,
  };
}

export function planReplicaRouting(input: RoutingInput): RoutingReport {
  const notes: string[] = [];
  const roles = new Map<string, ShapeRole>();
  for (const s of [...input.shapes, ...(input.sequenceOnlyShapes ?? [])]) roles.set(s.id, mapShapeRole(s.features, s.normalized));
  const { readAfterWrite, transactions } = detectSequenceFindings(input.sessions, roles);
  const lag = detectLagBound(input.replication, input.options.assumedLagSeconds);
  const stickMs = mapStickWindowMs(lag, input.options.marginMs);
  if (lag.source === 'assumed') {
    notes.push(`no replication snapshots: lag bound assumed ${input.options.assumedLagSeconds} s (sample the primary with qprof sample --catalog while it has replicas, or pass --lag)`);
  }
  if (input.catalogFunctions === null) notes.push('no functions catalog: calls of user functions stay on the primary (qprof sample --catalog reads provolatile)');
  const haveSessions = input.sessions.length > 0;
  if (!haveSessions) notes.push('no session sequences: read-your-writes cannot be measured, plain reads are conditional (ingest the logs with a session id in the prefix)');
  const ctx = {
    functions: mapCatalogFunctions(input.catalogFunctions ?? []),
    haveFunctionCatalog: input.catalogFunctions !== null,
    temporaryTables: detectTemporaryTables([...input.shapes, ...(input.sequenceOnlyShapes ?? [])].map((s) => s.normalized)),
    transactions,
  };
  const totalMs = input.shapes.reduce((sum, s) => sum + s.totalMs, 0);
  const advice: RouteAdvice[] = input.shapes.map((shape) => {
    const primary = detectPrimaryReasons(shape, ctx);
    const raw = readAfterWrite.get(shape.id);
    const decided = primary.length > 0 ? { route: 'primary' as const, reasons: primary } : decideRead(shape, raw, stickMs, haveSessions);
    return {
      engine: shape.engine, shape: shape.id, query: shape.normalized, ...decided,
      loadShare: totalMs > 0 ? shape.totalMs / totalMs : 0, calls: shape.calls, totalMs: shape.totalMs,
      tables: tableNames(shape.features),
      ...(shape.features.kind === 'select' && raw ? { readAfterWrite: summarizeGaps(raw) } : {}),
    };
  });
  return { target: input.target, engine: input.engine, lag, stickMs, advice: sortAdvice(advice), load: mapLoadSummary(advice, totalMs), notes };
}
