/**
 * `qprof advise n-plus-one` end to end: per target, read the session sequences, shapes and tags from the
 * store and detect loops; a target without sequences (only pg_stat_statements / digest samples) gets the
 * aggregate-only detector. The logic lives in the pure modules next to this one.
 */
import type { Db } from '../../storage/db.js';
import { readSessionSequences } from '../../storage/sessions-repo.js';
import { readShapes } from '../../storage/shapes-repo.js';
import { readStatsBuckets } from '../../storage/stats-repo.js';
import { readShapeTags } from '../../storage/tags-repo.js';
import { readTargets, selectTargets, type TargetRow } from '../../storage/targets-repo.js';
import { detectFromSequences } from './aggregate-evidence.js';
import { defaultAggregateOptions, detectFromAggregates, type AggregateOptions } from './from-aggregates.js';
import { defaultDetectorOptions, type BatchingFinding, type DetectorOptions, type NPlusOneFinding, type ShapeInfo } from './types.js';

export interface AdviseNPlusOneOptions {
  /** Only this target (name). */
  readonly target?: string;
  readonly sinceMs?: number;
  readonly untilMs?: number;
  readonly detector?: Partial<DetectorOptions>;
  readonly aggregates?: Partial<AggregateOptions>;
}

export interface TargetNPlusOne {
  readonly target: TargetRow;
  readonly findings: NPlusOneFinding[];
  readonly batching: BatchingFinding[];
  /** 'sequences' when session sequences were read, 'aggregates' when only statement statistics were. */
  readonly basis: 'sequences' | 'aggregates' | 'none';
}

export function adviseNPlusOne(db: Db, options: AdviseNPlusOneOptions = {}): TargetNPlusOne[] {
  const detector = { ...defaultDetectorOptions, ...options.detector };
  const targets = selectTargets(readTargets(db), options.target || undefined);
  const sinceMs = options.sinceMs ?? Number.NEGATIVE_INFINITY;
  const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
  const shapeRows = readShapes(db);
  const out: TargetNPlusOne[] = [];
  for (const target of targets) {
    const tags = readShapeTags(db, target.id);
    const shapes = new Map<string, ShapeInfo>(shapeRows.filter((s) => s.engine === target.engine)
      .map((s) => [s.id, { id: s.id, engine: s.engine, normalized: s.normalized, features: s.features, tags: tags.get(s.id) ?? {} }]));
    const sequences = readSessionSequences(db, target.id, { sinceMs, untilMs, order: 'log' });
    if (sequences.length > 0) {
      const { findings, batching } = detectFromSequences(sequences, shapes, detector);
      out.push({ target, findings, batching, basis: 'sequences' });
      continue;
    }
    const buckets = readStatsBuckets(db, { sinceMs, untilMs, targetId: target.id });
    const findings = detectFromAggregates(buckets, shapes, { ...defaultAggregateOptions, ...options.aggregates });
    out.push({ target, findings, batching: [], basis: buckets.length > 0 ? 'aggregates' : 'none' });
  }
  return out;
}
