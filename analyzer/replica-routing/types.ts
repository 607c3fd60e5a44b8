/**
 * Replica routing: which shapes may run on a read replica, under which condition, and how much primary time
 * that moves. Types shared by the pure modules of this folder.
 */
import type { Engine } from '../../agent/events.js';
import type { ShapeFeatures } from '../../agent/shape/types.js';

export type Route = 'primary' | 'conditional' | 'replica';

/** A stored shape with the time it took on the primary in the window (one source per shape). */
export interface RoutingShape {
  readonly id: string;
  readonly engine: Engine;
  readonly normalized: string;
  readonly parsed: boolean;
  readonly features: ShapeFeatures;
  readonly calls: number;
  readonly totalMs: number;
}

/** What one session's statement looks like to the sequence analyses. */
export interface SequenceStatement {
  readonly shapeId: string;
  /** Completion time, epoch ms. */
  readonly timeMs: number;
  readonly durationMs: number | null;
}

/** Per read shape: gaps between the same session's last committed write to a table it reads and the read. */
export interface ReadAfterWrite {
  readonly shapeId: string;
  /** Calls of the shape seen in session sequences. */
  readonly reads: number;
  /** Reads that came after a write by the same session to one of the tables they read. */
  readonly afterOwnWrite: number;
  /** Gaps in ms, ascending (write commit → read start), one per read after an own write. */
  readonly gapsMs: readonly number[];
  /** Per written table, the smallest gap seen. */
  readonly minGapMsByTable: Readonly<Record<string, number>>;
}

/** Per shape: calls seen inside an explicit transaction that wrote (before or after the call). */
export interface TransactionUse {
  readonly shapeId: string;
  readonly calls: number;
  readonly inWriteTransaction: number;
}

/** Replica lag over time, from catalog replication snapshots, or the assumed bound when there are none. */
export interface LagBound {
  readonly source: 'measured' | 'assumed';
  readonly samples: number;
  readonly p50Seconds: number | null;
  readonly p99Seconds: number | null;
  readonly maxSeconds: number | null;
  /** The bound the rule uses: p99 when measured, the assumed value otherwise. */
  readonly boundSeconds: number;
  /** Where the samples came from (target and replica names). */
  readonly from: readonly string[];
}

export interface RoutingOptions {
  /** Lag bound used when no replication snapshot exists, seconds. Default 1. */
  readonly assumedLagSeconds: number;
  /** Added to twice the lag bound to form the stick window, ms. Default 1000. See README "Replica routing". */
  readonly marginMs: number;
}

export const defaultRoutingOptions: RoutingOptions = { assumedLagSeconds: 1, marginMs: 1000 };

/** One row of `qprof advise replicas` (SPEC §3) plus the evidence behind it. */
export interface RouteAdvice {
  readonly engine: Engine;
  readonly shape: string;
  readonly query: string;
  readonly route: Route;
  readonly reasons: readonly string[];
  /** Fraction of the target's primary statement time this shape took in the window. */
  readonly loadShare: number;
  readonly calls: number;
  readonly totalMs: number;
  readonly tables: readonly string[];
  /** conditional only: the condition in words, and the stick window and tables it applies to. */
  readonly condition?: string;
  readonly stickMs?: number;
  readonly stickTables?: readonly string[];
  readonly readAfterWrite?: { readonly reads: number; readonly afterOwnWrite: number; readonly minGapMs: number | null; readonly p50GapMs: number | null };
}

/** Load that would move, per table and in total. */
export interface LoadSummary {
  readonly totalMs: number;
  readonly replicaMs: number;
  readonly replicaShare: number;
  readonly conditionalMs: number;
  readonly conditionalShare: number;
  /** Replica-routable time per table; a join's time is split evenly over the tables it reads. */
  readonly byTable: readonly { readonly table: string; readonly replicaMs: number; readonly share: number }[];
}

export interface RoutingReport {
  readonly target: string;
  readonly engine: Engine;
  readonly lag: LagBound;
  readonly stickMs: number;
  readonly advice: readonly RouteAdvice[];
  readonly load: LoadSummary;
  readonly notes: readonly string[];
}
