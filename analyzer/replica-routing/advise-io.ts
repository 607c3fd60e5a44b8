/**
 * `qprof advise replicas` end to end: read each target's shapes with their time, its session sequences, its
 * functions catalog and every replication snapshot from the store, and plan the routing (advise.ts).
 */
import { ConfigError } from '../../agent/errors.js';
import type { Db } from '../../storage/db.js';
import { readLatestCatalog } from '../../storage/catalog-repo.js';
import { readReplicationSnapshots } from '../../storage/replication-repo.js';
import { readSessionSequences } from '../../storage/sessions-repo.js';
import { readShapes } from '../../storage/shapes-repo.js';
import { readOneSourceTotals } from '../../storage/stats-repo.js';
import { readTargets, selectTargets } from '../../storage/targets-repo.js';
import { planReplicaRouting } from './advise.js';
import { defaultRoutingOptions, type RoutingOptions, type RoutingReport, type RoutingShape } from './types.js';

export interface AdviseReplicasOptions {
  readonly target?: string;
  /** Window, epoch ms; default everything stored. */
  readonly sinceMs?: number;
  readonly untilMs?: number;
  /**
   * Take replication snapshots and the functions catalog from this target (the sampled primary, when the
   * logs were ingested as another target). Default: the target itself, else any target of the same engine.
   */
  readonly catalogFrom?: string;
  readonly routing?: Partial<RoutingOptions>;
}

export function adviseReplicas(db: Db, options: AdviseReplicasOptions = {}): RoutingReport[] {
  const targets = readTargets(db);
  const selected = selectTargets(targets, options.target || undefined);
  const from = options.catalogFrom ? targets.find((t) => t.name === options.catalogFrom) : undefined;
  if (options.catalogFrom && !from) throw new ConfigError(`--catalog-from ${options.catalogFrom}: no such target`, `known targets: ${targets.map((t) => t.name).join(', ')}`);
  const window = { sinceMs: options.sinceMs ?? Number.NEGATIVE_INFINITY, untilMs: options.untilMs ?? Number.POSITIVE_INFINITY };
  const routing = { ...defaultRoutingOptions, ...options.routing };
  const reports: RoutingReport[] = [];
  for (const target of selected) {
    // One source per shape (the one with most calls), never added up.
    const best = new Map(readOneSourceTotals(db, { ...window, targetId: target.id }).map((t) => [t.shapeId, { calls: t.calls, totalMs: t.totalMs }]));
    // Log order, not time order: a session runs one statement at a time, but MariaDB's slow log dates statements
    // to the second, so sorting by time can put a read before the write it followed and hide a read-your-writes.
    const sequences = readSessionSequences(db, target.id, { ...window, order: 'log' });
    const sessionShapeIds = new Set<string>();
    for (const seq of sequences) for (const s of seq.statements) sessionShapeIds.add(s.shapeId);
    const rows = readShapes(db, [...new Set([...best.keys(), ...sessionShapeIds])]);
    const shapes: RoutingShape[] = [];
    const sequenceOnlyShapes: Omit<RoutingShape, 'calls' | 'totalMs'>[] = [];
    for (const r of rows) {
      const base = { id: r.id, engine: r.engine, normalized: r.normalized, parsed: r.parsed, features: r.features };
      const totals = best.get(r.id);
      if (totals) shapes.push({ ...base, ...totals });
      else sequenceOnlyShapes.push(base);
    }
    if (shapes.length === 0) continue;
    // Logs and samples of one server are often two targets: without --catalog-from, fall back to the
    // catalog of any sampled target of the same engine.
    const sameEngine = targets.filter((t) => t.engine === target.engine && t.id !== target.id);
    let functions = readLatestCatalog(db, from?.id ?? target.id).functions ?? null;
    for (const other of from ? [] : sameEngine) functions ??= readLatestCatalog(db, other.id).functions ?? null;
    let replication = readReplicationSnapshots(db, { targetId: from?.id ?? target.id, ...window });
    if (!from && !replication.some((r) => r.replication.role !== 'standalone')) {
      replication = readReplicationSnapshots(db, { engine: target.engine, ...window });
    }
    const report = planReplicaRouting({
      target: target.name, engine: target.engine, shapes, sequenceOnlyShapes,
      sessions: sequences.map((s) => s.statements), catalogFunctions: functions, replication, options: routing,
    });
    reports.push(report);
  }
  return reports;
}
