/**
 * The report read model: everything a renderer needs, computed once by build.ts from store rows. Renderers
 * (text, markdown, html, json) only format it. Times are epoch ms, durations ms, shares fractions 0..1.
 */
import type { Engine } from '../../agent/events.js';

/** A half-open time range [startMs, endMs). */
export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** Totals of one target (or of all targets) in the window. */
export interface Headline {
  /** Target name, or null for the sum over all targets. */
  readonly target: string | null;
  readonly engine: Engine | null;
  readonly totalMs: number;
  readonly calls: number;
  readonly distinctShapes: number;
  readonly errors: number;
  /** Where calls and time came from: 'pgss' / 'digest' (statement statistics) or 'log'. */
  readonly sources: readonly string[];
}

/** Which shape of which target a report line is about. */
export interface ShapeRef {
  readonly target: string;
  readonly engine: Engine;
  readonly shape: string;
  /** Normalized statement text (literal-free). Untrusted: renderers must escape it. */
  readonly query: string;
}

/** A shape's figures in the window. */
export interface ShapeFigures extends ShapeRef {
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
}

/** One shape in the top N by total time. */
export interface TopShape extends ShapeFigures {
  readonly rank: number;
  /** From log latency histograms; null when only statement statistics cover the shape. */
  readonly p95Ms: number | null;
  readonly rows: number;
  readonly errors: number;
  /** Fraction of the window's total time. */
  readonly share: number;
  /** Time per chart bucket (index i = `ReportData.chart.bucketsMs[i]`), for the sparkline. */
  readonly hourlyMs: readonly number[];
}

/** Something that got worse compared with the previous window of the same length. */
export interface Regression extends ShapeRef {
  readonly kind: 'slower' | 'new-in-top';
  readonly meanMs: number;
  /** null when the shape did not run in the previous window. */
  readonly previousMeanMs: number | null;
  /** meanMs / previousMeanMs; null when there is no previous mean. */
  readonly ratio: number | null;
  readonly totalMs: number;
  readonly previousTotalMs: number;
  readonly rank: number;
  /** Rank by total time in the previous window, null when it did not run. */
  readonly previousRank: number | null;
}

/** A shape never seen before the window started. */
export type NewShape = ShapeFigures;

/** Time per hour, stacked by the top shapes (the rest summed in `otherMs`). */
export interface HourlyChart {
  /** Bucket width: one hour, or whole multiples of it for windows longer than a week. */
  readonly stepMs: number;
  /** Start of each bucket, epoch ms (UTC). */
  readonly bucketsMs: readonly number[];
  readonly series: readonly { readonly shape: string; readonly label: string; readonly valuesMs: readonly number[] }[];
  readonly otherMs: readonly number[];
}

/** One line of advice from an analyzer, already phrased. Untrusted text: renderers escape it. */
export interface AdviceItem {
  readonly summary: string;
  readonly detail?: string;
}

/**
 * A summary of one advisor's findings: the top 5 and the command that shows them all. New advisors add one
 * optional key to `ReportData.advice` and one mapping in the caller; renderers show every present section.
 */
export interface AdviceSection {
  readonly title: string;
  /** The command that lists everything, e.g. `qprof advise indexes`. */
  readonly command: string;
  readonly total: number;
  readonly items: readonly AdviceItem[];
}

export interface ReportData {
  readonly version: 1;
  readonly generatedMs: number;
  readonly window: TimeWindow;
  readonly previousWindow: TimeWindow;
  /** Headline over everything, then one per target (worst first). */
  readonly headline: Headline;
  readonly targets: readonly Headline[];
  readonly top: readonly TopShape[];
  readonly regressions: readonly Regression[];
  readonly newShapes: readonly NewShape[];
  readonly chart: HourlyChart;
  readonly advice: {
    readonly indexes?: AdviceSection;
    readonly nPlusOne?: AdviceSection;
    readonly replicas?: AdviceSection;
  };
}
