/**
 * One statement-statistics sample, wired end to end: read the previous state from the store, read the
 * server (through an engine's reader), diff, fingerprint new entries, register new shapes, and write the
 * per-shape deltas together with the new state in one transaction. Engine-independent; `qprof sample` and
 * the agent call it. The logic lives in agent/stats (pure); this file only connects it to the store.
 */
import type { Engine } from '../../agent/events.js';
import type { Fingerprint } from '../../agent/shape/types.js';
import { fingerprint } from '../../agent/shape/fingerprint.js';
import { describeShape, loadShapeParsers } from '../../agent/shape/describe.js';
import { applySample, parseState, serializeState, type SampleInput } from '../../agent/stats/sample-state.js';
import { detectSampleWarnings } from '../../agent/stats/warnings.js';
import { inTransaction, type Db } from '../../storage/db.js';
import { addStatBuckets, readSamplerState, writeSamplerState, type StatsSource } from '../../storage/sample-repo.js';
import { readShapeIds, upsertShapes } from '../../storage/shapes-repo.js';
import type { TargetRow } from '../../storage/targets-repo.js';
import { defaults } from '../defaults.js';

/** What an engine reader returns: the reading (without its time) and what it cost the server. */
export interface EngineReading {
  readonly input: Omit<SampleInput, 'takenMs'>;
  readonly databaseMs: number;
  /** Setting that bounds the table (pg_stat_statements.max, performance_schema_digests_size), for warnings. */
  readonly capacity: number | null;
}

export interface StatsSampleReport {
  readonly target: string;
  readonly engine: Engine;
  readonly source: StatsSource;
  readonly takenMs: number;
  /** First sample for this target: stored as the baseline, no deltas yet. */
  readonly baseline: boolean;
  /** Seconds covered by the deltas (0 for a baseline). */
  readonly intervalMs: number;
  readonly entries: number;
  readonly shapesChanged: number;
  readonly newShapes: number;
  readonly calls: number;
  readonly totalMs: number;
  readonly warnings: readonly string[];
  /** Time the monitored server spent answering, and qprof's own time for the rest of the sample. */
  readonly databaseMs: number;
  readonly qprofMs: number;
  /** New statement-history events stored (MySQL events_statements_history_long), when read. */
  readonly sessionEvents?: number;
}

export interface StatsCycleOptions {
  readonly db: Db;
  readonly target: TargetRow;
  readonly source: StatsSource;
  readonly read: (isKnown: (key: string) => boolean) => Promise<EngineReading>;
  /** Returns true for statements qprof itself sent (dropped from the shapes). */
  readonly isOwn: (text: string, fp: Fingerprint) => boolean;
  readonly nowMs?: () => number;
}

let parsersLoaded: Promise<void> | null = null;

/** Load the shape parsers once per process. */
export async function ensureShapeParsers(): Promise<void> {
  parsersLoaded ??= loadShapeParsers();
  await parsersLoaded;
}

/** Shapes among `fingerprints` not in the store yet, described once (parse), ready for upsertShapes. */
export function describeNewShapes(db: Db, engine: Engine, fingerprints: Iterable<Fingerprint>, firstSeenMs: number) {
  const candidates = [...fingerprints];
  if (candidates.length === 0) return [];
  const known = readShapeIds(db, engine);
  const out = [];
  for (const fp of candidates) {
    if (known.has(fp.id)) continue;
    known.add(fp.id);
    const description = describeShape(fp.normalized, engine);
    out.push({ id: fp.id, engine, normalized: fp.normalized, parsed: description.parsed, truncated: fp.truncated,
      features: description.features, firstSeenMs });
  }
  return out;
}

export async function runStatsSample(options: StatsCycleOptions): Promise<StatsSampleReport> {
  const { db, target, source } = options;
  const now = options.nowMs ?? Date.now;
  await ensureShapeParsers();
  const stored = readSamplerState(db, target.id, source);
  const previous = stored ? parseState(stored.json) : null;
  const raw = await options.read((key) => previous?.shapes.has(key) ?? false);
  const startedMs = performance.now();
  const takenMs = now();
  const outcome = applySample(previous, { ...raw.input, takenMs }, (text) => {
    const fp = fingerprint(text, target.engine);
    return options.isOwn(text, fp) ? null : fp;
  });
  // Register every shape at first sight (the baseline included): later samples know the entry's shape id
  // from the state only, and its bucket row needs the shape row.
  const newShapes = describeNewShapes(db, target.engine, outcome.fingerprints.values(), previous?.reading.takenMs ?? takenMs);
  const bucketMs = Math.floor((takenMs - 1) / defaults.bucketMs) * defaults.bucketMs;
  inTransaction(db, () => {
    if (newShapes.length > 0) upsertShapes(db, newShapes, takenMs);
    if (outcome.byShape.size > 0) addStatBuckets(db, target.id, source, bucketMs, outcome.byShape);
    writeSamplerState(db, target.id, source, takenMs, serializeState(outcome.state));
  });
  let calls = 0;
  let totalMs = 0;
  for (const d of outcome.byShape.values()) { calls += d.calls; totalMs += d.totalMs; }
  return {
    target: target.name, engine: target.engine, source, takenMs, baseline: outcome.baseline,
    intervalMs: previous ? takenMs - previous.reading.takenMs : 0,
    entries: outcome.state.reading.entries.size, shapesChanged: outcome.byShape.size, newShapes: newShapes.length,
    calls, totalMs, warnings: detectSampleWarnings(outcome, source, raw.capacity),
    databaseMs: raw.databaseMs, qprofMs: performance.now() - startedMs,
  };
}
