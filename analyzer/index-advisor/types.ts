/**
 * Types of the index advisor: what it reads (shapes with their time, the catalog), what it produces
 * (recommendations per ../shared/SPEC.md §3) and why a shape got nothing (verdicts for `--explain`).
 */
import type { Engine } from '../../agent/events.js';
import type { ShapeFeatures } from '../../agent/shape/types.js';

/** One shape with its time in the analysed window (one source per shape, never added up). */
export interface ShapeUse {
  readonly id: string;
  readonly normalized: string;
  readonly features: ShapeFeatures;
  readonly calls: number;
  readonly totalMs: number;
  /** MySQL digests: rows examined and sent, for the rows-examined-per-row-sent ratio; else null. */
  readonly rowsExamined: number | null;
  readonly rows: number;
}

export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

/** A proposed index before consolidation: one per (shape, table) that needs one. */
export interface Candidate {
  readonly table: TableRef;
  /** Key columns in index order (for an expression index: the columns the expression reads). */
  readonly columns: readonly string[];
  /** How many leading columns are equality columns (their order among themselves does not matter for serving). */
  readonly equalityCount: number;
  /** Columns sorted descending in the index (only when an ORDER BY mixes directions). */
  readonly descending: readonly string[];
  /** Index expression, e.g. `lower(email)`; then `columns` are the columns it reads. */
  readonly expression: string | null;
  /** Partial-index predicate, e.g. `deleted_at IS NULL`. */
  readonly where: string | null;
  /** Non-key INCLUDE columns (PostgreSQL) that make a hot shape index-only. */
  readonly include: readonly string[];
  readonly shapes: readonly string[];
  /** Time of the shapes served, ms in the window. */
  readonly weightMs: number;
  /** Why, in words (first shape's). */
  readonly why: string;
}

export type Validation = 'hypopg' | 'explain' | 'statistics' | 'heuristic';

export interface Benefit {
  /** Share of all analysed time spent in the shapes this index serves (0..1). */
  readonly timeShare: number;
  readonly totalMs: number;
  /** Estimated index size. */
  readonly estimatedSizeBytes: number | null;
  /** Write statements per read statement on the table in the window: each of those writes maintains the index too. */
  readonly writesPerRead: number | null;
  /** Planner cost of the served shapes, summed, before and after (validation only). */
  readonly costBefore?: number;
  readonly costAfter?: number;
  /** `Seq Scan → Index Scan` on the table (validation only). */
  readonly planChange?: string;
  /** Space freed by a drop. */
  readonly sizeBytes?: number | null;
}

/** One row of `qprof advise indexes` (SPEC §3). */
export interface IndexAdvice {
  readonly action: 'create' | 'drop';
  readonly engine: Engine;
  readonly table: string;
  readonly columns: readonly string[];
  readonly expression?: string;
  readonly where?: string;
  /** INCLUDE columns (PostgreSQL), when they make a hot shape index-only. */
  readonly include?: readonly string[];
  readonly statement: string;
  readonly shapes: readonly string[];
  readonly queries: readonly string[];
  readonly reason: string;
  readonly benefit: Benefit;
  readonly validated: Validation;
  /** Existing index name for drops. */
  readonly index?: string;
}

/** Why one table of one shape got (or did not get) an index: the `--explain SHAPE` lines. */
export interface Verdict {
  readonly shape: string;
  readonly table: string;
  readonly outcome: 'candidate' | 'served' | 'tiny' | 'low-selectivity' | 'no-predicate' | 'unknown-table' | 'unsupported' | 'merged' | 'rejected';
  readonly message: string;
  /** The existing index, for `served`. */
  readonly index?: string;
}

export interface AdvisorOptions {
  /** Tables with fewer rows than this are tiny: a scan costs a few pages. Default 1,000. */
  readonly minTableRows: number;
  /** A predicate that keeps more than this fraction of the rows is read faster by a scan. Default 0.2. */
  readonly maxSelectivity: number;
  /** Indexes serving less than this share of total time are not worth their writes. Default 0.001. */
  readonly minTimeShare: number;
  /** A single-table SELECT taking at least this share of the time gets INCLUDE columns to become index-only. Default 0.25. */
  readonly hotShare: number;
  /** Schema of unqualified table names when several schemas have the name (`public`, the MySQL database). */
  readonly defaultSchema: string | null;
}

export const defaultAdvisorOptions: AdvisorOptions = {
  minTableRows: 1000,
  maxSelectivity: 0.2,
  minTimeShare: 0.001,
  hotShare: 0.25,
  defaultSchema: null,
};
