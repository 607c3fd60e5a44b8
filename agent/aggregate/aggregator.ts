/**
 * Events + fingerprints → what the store keeps for logs: per (shape, time bucket) aggregates with a latency
 * histogram, per-session statement sequences packed in chunks, tags, plan summaries and (opt-in) samples.
 * A stateful holder that is drained once per flush; pure (no I/O, no clock).
 */
import type { PlanSummary, QueryEvent } from '../events.js';
import type { Fingerprint } from '../shape/types.js';
import { createHistogram, recordValue, type Histogram } from './histogram.js';
import { SessionChunkBuilder, type SessionChunk } from './session-chunks.js';

/** Totals of one shape in one time bucket (source 'log'). */
export interface BucketAggregate {
  readonly shapeId: string;
  /** Start of the bucket, epoch ms. */
  readonly bucketMs: number;
  calls: number;
  totalMs: number;
  minMs: number | null;
  maxMs: number | null;
  /** Rows sent plus rows affected, where the log says. */
  rows: number;
  rowsExamined: number | null;
  errors: number;
  lockWaitMs: number;
  tempBytes: number;
  fullScans: number;
  tmpTables: number;
  readonly hist: Histogram;
}

/** A shape seen in this batch, with the fingerprint that named it first. */
export interface SeenShape {
  readonly fingerprint: Fingerprint;
  firstSeenMs: number;
  lastSeenMs: number;
}

/** A statement with its literals, only collected with keepSamples. */
export interface Sample {
  readonly shapeId: string;
  readonly timeMs: number;
  readonly sql: string;
  readonly params: readonly string[] | null;
  readonly durationMs: number | null;
}

export interface PlanCount {
  readonly shapeId: string;
  readonly plan: PlanSummary;
  count: number;
  lastSeenMs: number;
}

/** Everything gathered since the last drain. */
export interface AggregateBatch {
  readonly buckets: readonly BucketAggregate[];
  readonly shapes: readonly SeenShape[];
  readonly sessions: readonly SessionChunk[];
  /** `[shapeId, tag, value, count]`. */
  readonly tags: readonly (readonly [string, string, string, number])[];
  readonly plans: readonly PlanCount[];
  readonly samples: readonly Sample[];
  /** Events whose statement is unknown (an ERROR without STATEMENT, a lock wait without query). */
  readonly unattributed: number;
}

export interface AggregatorOptions {
  /** Width of a stat bucket in ms. Default 60 000 (1 minute). */
  readonly bucketMs?: number;
  /** Keep statements with their literals (personal data!). Default false. */
  readonly keepSamples?: boolean;
  /** With keepSamples: the slowest N statements per shape per batch. Default 3. */
  readonly samplesPerShape?: number;
}

export class Aggregator {
  readonly #bucketMs: number;
  readonly #keepSamples: boolean;
  readonly #samplesPerShape: number;
  #buckets = new Map<string, BucketAggregate>();
  #shapes = new Map<string, SeenShape>();
  #sessions = new Map<string, SessionChunkBuilder>();
  #tags = new Map<string, number>();
  #plans = new Map<string, PlanCount>();
  #samples = new Map<string, Sample[]>();
  #unattributed = 0;

  constructor(options: AggregatorOptions = {}) {
    this.#bucketMs = options.bucketMs ?? 60_000;
    this.#keepSamples = options.keepSamples ?? false;
    this.#samplesPerShape = options.samplesPerShape ?? 3;
  }

  /** Add one event; `fp` is the fingerprint of its statement, null when it has none. */
  add(event: QueryEvent, fp: Fingerprint | null): void {
    if (!fp) {
      this.#unattributed++;
      return;
    }
    this.#noteShape(fp, event.timeMs);
    const bucket = this.#bucketFor(fp.id, event.timeMs);
    switch (event.kind) {
      case 'statement': {
        bucket.calls++;
        const duration = event.durationMs;
        if (duration !== null && Number.isFinite(duration)) {
          // Durations are whole microseconds (PostgreSQL prints 3 decimals of ms, MySQL 6 of s): rounding each sum
          // to them keeps totals exact whatever the flush boundaries, so a resumed ingest equals a single run.
          bucket.totalMs = roundUs(bucket.totalMs + duration);
          bucket.minMs = bucket.minMs === null ? duration : Math.min(bucket.minMs, duration);
          bucket.maxMs = bucket.maxMs === null ? duration : Math.max(bucket.maxMs, duration);
          recordValue(bucket.hist, duration);
        }
        const rows = (event.rowsSent ?? 0) + (event.rowsAffected ?? 0);
        bucket.rows += rows;
        if (event.rowsExamined !== undefined) bucket.rowsExamined = (bucket.rowsExamined ?? 0) + event.rowsExamined;
        if (event.lockMs) bucket.lockWaitMs = roundUs(bucket.lockWaitMs + event.lockMs);
        if (event.fullScan) bucket.fullScans++;
        if (event.tmpTable) bucket.tmpTables++;
        if (event.plan) this.#notePlan(fp.id, event.plan, event.timeMs);
        if (event.session !== null) this.#sessionFor(event).push(fp.id, event.timeMs, duration, rows);
        if (this.#keepSamples) this.#noteSample(fp.id, event.timeMs, event.sql, event.params ?? null, duration);
        break;
      }
      case 'error':
        bucket.errors++;
        break;
      case 'lock-wait':
        // "still waiting … after 1000 ms" is followed by "acquired … after 3000 ms": count the final wait once.
        if (event.acquired) bucket.lockWaitMs = roundUs(bucket.lockWaitMs + event.waitedMs);
        break;
      case 'temp-file':
        bucket.tempBytes += event.sizeBytes;
        break;
    }
    for (const tag in fp.tags) {
      const key = `${fp.id}\u0000${tag}\u0000${fp.tags[tag]}`;
      this.#tags.set(key, (this.#tags.get(key) ?? 0) + 1);
    }
  }

  /** Number of (shape, bucket) aggregates held: a measure of memory in use. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Hand over everything gathered and start empty. */
  drain(): AggregateBatch {
    const batch: AggregateBatch = {
      buckets: [...this.#buckets.values()],
      shapes: [...this.#shapes.values()],
      sessions: [...this.#sessions.values()].map((builder) => builder.build()),
      tags: [...this.#tags].map(([key, count]) => {
        const [shapeId, tag, value] = key.split('\u0000') as [string, string, string];
        return [shapeId, tag, value, count] as const;
      }),
      plans: [...this.#plans.values()],
      samples: [...this.#samples.values()].flat(),
      unattributed: this.#unattributed,
    };
    this.#buckets = new Map();
    this.#shapes = new Map();
    this.#sessions = new Map();
    this.#tags = new Map();
    this.#plans = new Map();
    this.#samples = new Map();
    this.#unattributed = 0;
    return batch;
  }

  #bucketFor(shapeId: string, timeMs: number): BucketAggregate {
    const bucketMs = Math.floor(timeMs / this.#bucketMs) * this.#bucketMs;
    const key = `${shapeId}@${bucketMs}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = {
        shapeId, bucketMs, calls: 0, totalMs: 0, minMs: null, maxMs: null, rows: 0, rowsExamined: null,
        errors: 0, lockWaitMs: 0, tempBytes: 0, fullScans: 0, tmpTables: 0, hist: createHistogram(),
      };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #noteShape(fp: Fingerprint, timeMs: number): void {
    const seen = this.#shapes.get(fp.id);
    if (!seen) this.#shapes.set(fp.id, { fingerprint: fp, firstSeenMs: timeMs, lastSeenMs: timeMs });
    else {
      if (timeMs < seen.firstSeenMs) seen.firstSeenMs = timeMs;
      if (timeMs > seen.lastSeenMs) seen.lastSeenMs = timeMs;
    }
  }

  #sessionFor(event: QueryEvent): SessionChunkBuilder {
    const key = event.session!;
    let builder = this.#sessions.get(key);
    if (!builder) {
      builder = new SessionChunkBuilder(key, event.user ?? null, event.database ?? null, event.application ?? null);
      this.#sessions.set(key, builder);
    }
    return builder;
  }

  #notePlan(shapeId: string, plan: PlanSummary, timeMs: number): void {
    const key = `${shapeId}\u0000${plan.nodeTypes.join(',')}\u0000${plan.seqScans.join(',')}`;
    const existing = this.#plans.get(key);
    if (existing) {
      existing.count++;
      existing.lastSeenMs = Math.max(existing.lastSeenMs, timeMs);
    } else this.#plans.set(key, { shapeId, plan, count: 1, lastSeenMs: timeMs });
  }

  #noteSample(shapeId: string, timeMs: number, sql: string, params: readonly string[] | null, durationMs: number | null): void {
    const kept = this.#samples.get(shapeId) ?? [];
    const sample: Sample = { shapeId, timeMs, sql, params, durationMs };
    if (kept.length < this.#samplesPerShape) kept.push(sample);
    else {
      // keep the slowest: they are the ones worth an EXPLAIN
      let fastest = 0;
      for (let i = 1; i < kept.length; i++) if ((kept[i]!.durationMs ?? -1) < (kept[fastest]!.durationMs ?? -1)) fastest = i;
      if ((durationMs ?? -1) > (kept[fastest]!.durationMs ?? -1)) kept[fastest] = sample;
    }
    this.#samples.set(shapeId, kept);
  }
}

/** Round milliseconds to whole microseconds (the store does the same when it adds batches). */
export function roundUs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
