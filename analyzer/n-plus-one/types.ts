/**
 * What the N+1 detector reads (sequences, shapes, tags, aggregate buckets) and what it reports. Pure types.
 */
import type { Engine } from '../../agent/events.js';
import type { ShapeFeatures } from '../../agent/shape/types.js';

/** One statement of a session as the detector sees it (the store's SessionStatement). */
export interface SeqStatement {
  readonly shapeId: string;
  /** Epoch ms of completion (log time). */
  readonly timeMs: number;
  readonly durationMs: number | null;
  /** Rows sent/affected; 0 when the source does not say. */
  readonly rows: number;
}

export interface Sequence {
  readonly session: string;
  readonly statements: readonly SeqStatement[];
}

export interface ShapeInfo {
  readonly id: string;
  readonly engine: Engine;
  readonly normalized: string;
  readonly features: ShapeFeatures;
  /** Most frequent value per sqlcommenter/marginalia tag (route, controller, action, …). */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface DetectorOptions {
  /** Iterations a loop needs in one unit of work. Default 5. */
  readonly minRepeats: number;
  /** A loop counts when its wall time reaches this … Default 50 ms. */
  readonly minLoopMs: number;
  /** … or this share of its unit's wall time. Default 0.2. */
  readonly minLoopShare: number;
  /** A gap longer than this (end of one statement to start of the next) ends a unit of work, outside a transaction. Default 50 ms. */
  readonly maxGapMs: number;
  /** Longest multi-query loop body. Default 4 shapes. */
  readonly maxLoopShapes: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  minRepeats: 5, minLoopMs: 50, minLoopShare: 0.2, maxGapMs: 50, maxLoopShapes: 4,
};

/** One statement of an example timeline, offsets from the unit's first statement. */
export interface TimelineEntry {
  readonly offsetMs: number;
  readonly shape: string;
  readonly role: 'parent' | 'child' | 'other';
  readonly durationMs: number | null;
  readonly rows: number | null;
}

export interface LoopEvidence {
  /** Units of work (requests, transactions) in which the loop was seen. */
  readonly units: number;
  readonly avgFanOut: number;
  readonly maxFanOut: number;
  /** Time spent in the loop's statements (server durations), all units. */
  readonly totalMs: number;
  /** Wall time of the loops (first child start to last child end), all units: the round trips the app waited. */
  readonly loopWallMs: number;
  readonly sessions: number;
  /** Units where the parent's row count was known, and those where it equalled the loop length (±10%). */
  readonly rowsKnownUnits: number;
  readonly rowsMatchedUnits: number;
  readonly exampleTimeline: readonly TimelineEntry[];
}

export type Confidence = 'high' | 'medium' | 'low';

export interface NPlusOneFinding {
  readonly kind: 'n-plus-one';
  /** `detected` from session sequences, `suspected` from aggregates only. */
  readonly status: 'detected' | 'suspected';
  readonly engine: Engine;
  /** The first child shape; multi-query loops list all in childShapes. */
  readonly childShape: string;
  readonly childQuery: string;
  readonly childShapes: readonly string[];
  readonly childQueries: readonly string[];
  readonly parentShape?: string;
  readonly parentQuery?: string;
  readonly evidence: LoopEvidence | AggregateEvidence;
  readonly confidence: Confidence;
  readonly suggestion: string;
  /** Tags of the child (else the parent) shape: where the loop is in the code. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface BatchingFinding {
  readonly kind: 'batching';
  readonly engine: Engine;
  readonly shape: string;
  readonly query: string;
  readonly evidence: { readonly units: number; readonly avgRun: number; readonly maxRun: number; readonly totalMs: number; readonly sessions: number };
  readonly suggestion: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Calls and rows of one shape in one interval (pg_stat_statements / digest deltas). */
export interface AggregateBucket {
  readonly shapeId: string;
  readonly bucketMs: number;
  readonly calls: number;
  readonly rows: number;
  readonly totalMs: number;
}

export interface AggregateEvidence {
  /** Intervals in which both shapes ran. */
  readonly intervals: number;
  /** Child calls per parent row, mean over the intervals, and its coefficient of variation. */
  readonly callsPerParentRow: number;
  readonly ratioCv: number;
  readonly childCalls: number;
  readonly childRowsPerCall: number;
  readonly totalMs: number;
}
