/**
 * Store rows → report data: headline per target, top N by total time, regressions against the previous
 * window of the same length, new shapes and the hourly chart. Pure.
 */
import type { HourRow, ReportRows } from '../../storage/report-repo.js';
import { rankTopShapes, type TopRow } from '../top.js';
import type { AdviceSection, Headline, HourlyChart, Regression, ReportData, ShapeFigures, TopShape } from './types.js';

export interface BuildOptions {
  /** When the report is made (epoch ms). */
  readonly nowMs: number;
  /** Shapes in the top list. Default 10. */
  readonly limit?: number;
  /** Shapes stacked in the hourly chart; the rest is "other". Default 5. */
  readonly chartShapes?: number;
  /** A shape is "slower" when its mean grew by at least this factor. Default 2. */
  readonly slowerFactor?: number;
  readonly advice?: ReportData['advice'];
}

const hourMs = 3600_000;
/** Beyond this many hourly buckets the chart uses wider buckets (whole hours) so bars stay readable. */
const maxBuckets = 168;

const keyOf = (r: { target: string; shape: string }) => `${r.target}\0${r.shape}`;
const figuresOf = (r: TopRow): ShapeFigures => ({
  target: r.target, engine: r.engine, shape: r.shape, query: r.query, calls: r.calls, totalMs: r.totalMs, meanMs: r.meanMs,
});
/** Every shape of a window, ranked by total time, sources combined as `qprof top` combines them. */
const rankAll = (totals: ReportRows['current']) => rankTopShapes(totals, { by: 'total', limit: Number.POSITIVE_INFINITY });

export function buildReport(rows: ReportRows, options: BuildOptions): ReportData {
  const limit = options.limit ?? 10;
  const current = rankAll(rows.current);
  const previous = rankAll(rows.previous);
  const headline = summarize(null, current);
  const targets = [...new Set(current.map((r) => r.target))]
    .map((name) => summarize(name, current.filter((r) => r.target === name)))
    .sort((a, b) => b.totalMs - a.totalMs);

  const chartFrame = frame(rows.window.startMs, rows.window.endMs);
  const hourlyByShape = bucketize(rows.hourly, new Map(current.map((r) => [keyOf(r), r.source])), chartFrame);
  const top: TopShape[] = current.slice(0, limit).map((r, i) => ({
    rank: i + 1, ...figuresOf(r), p95Ms: r.p95Ms, rows: r.rows, errors: r.errors, share: r.share,
    hourlyMs: hourlyByShape.get(keyOf(r)) ?? chartFrame.bucketsMs.map(() => 0),
  }));

  return {
    version: 1,
    generatedMs: options.nowMs,
    window: rows.window,
    previousWindow: rows.previousWindow,
    headline,
    targets,
    top,
    regressions: detectRegressions(current, previous, headline.totalMs, limit, options.slowerFactor ?? 2),
    newShapes: current.filter((r) => !rows.seenBefore.has(keyOf(r))).slice(0, limit).map(figuresOf),
    chart: stackChart(top, hourlyByShape, chartFrame, options.chartShapes ?? 5),
    advice: trimAdvice(options.advice ?? {}),
  };
}

function summarize(target: string | null, rows: readonly TopRow[]): Headline {
  return {
    target,
    engine: target === null ? (new Set(rows.map((r) => r.engine)).size === 1 ? rows[0]!.engine : null) : rows[0]?.engine ?? null,
    totalMs: rows.reduce((s, r) => s + r.totalMs, 0),
    calls: rows.reduce((s, r) => s + r.calls, 0),
    distinctShapes: new Set(rows.map((r) => r.shape)).size,
    errors: rows.reduce((s, r) => s + r.errors, 0),
    sources: [...new Set(rows.map((r) => r.source))].sort(),
  };
}

/**
 * Slower: mean up `factor`× or more, for shapes that matter (in the top N, or at least 1% of the time).
 * New in the top: in the top N now, not in the previous top N — only when the previous window had data,
 * otherwise every shape would be "new".
 */
function detectRegressions(current: readonly TopRow[], previous: readonly TopRow[], totalMs: number,
  limit: number, factor: number): Regression[] {
  const previousRank = new Map(previous.map((r, i) => [keyOf(r), { rank: i + 1, row: r }]));
  const out: Regression[] = [];
  current.forEach((r, i) => {
    const rank = i + 1;
    const before = previousRank.get(keyOf(r));
    const inTop = rank <= limit;
    const base = {
      target: r.target, engine: r.engine, shape: r.shape, query: r.query, meanMs: r.meanMs, totalMs: r.totalMs,
      previousTotalMs: before?.row.totalMs ?? 0, rank, previousRank: before?.rank ?? null,
    };
    const previousMeanMs = before && before.row.calls > 0 ? before.row.meanMs : null;
    if (previousMeanMs !== null && previousMeanMs > 0 && r.meanMs >= factor * previousMeanMs && (inTop || r.totalMs >= 0.01 * totalMs)) {
      out.push({ ...base, kind: 'slower', previousMeanMs, ratio: r.meanMs / previousMeanMs });
    } else if (inTop && previous.length > 0 && (before === undefined || before.rank > limit)) {
      out.push({ ...base, kind: 'new-in-top', previousMeanMs, ratio: previousMeanMs ? r.meanMs / previousMeanMs : null });
    }
  });
  return out.sort((a, b) => b.totalMs - a.totalMs);
}

interface Frame { readonly stepMs: number; readonly bucketsMs: readonly number[] }

function frame(startMs: number, endMs: number): Frame {
  const first = Math.floor(startMs / hourMs) * hourMs;
  const hours = Math.max(1, Math.ceil((endMs - first) / hourMs));
  const stepMs = Math.ceil(hours / maxBuckets) * hourMs;
  const bucketsMs: number[] = [];
  for (let t = first; t < endMs; t += stepMs) bucketsMs.push(t);
  return { stepMs, bucketsMs: bucketsMs.length ? bucketsMs : [first] };
}

/** Time per chart bucket and shape, counting each shape from the source its totals came from. */
function bucketize(hourly: readonly HourRow[], sourceOf: ReadonlyMap<string, string>, f: Frame): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const first = f.bucketsMs[0]!;
  for (const h of hourly) {
    const source = sourceOf.get(keyOf(h));
    if (source === undefined || (source === 'log') !== (h.source === 'log')) continue;
    const i = Math.floor((h.hourMs - first) / f.stepMs);
    if (i < 0 || i >= f.bucketsMs.length) continue;
    const key = keyOf(h);
    const values = out.get(key) ?? f.bucketsMs.map(() => 0);
    values[i]! += h.totalMs;
    out.set(key, values);
  }
  return out;
}

function stackChart(top: readonly TopShape[], hourly: Map<string, number[]>, f: Frame, shapes: number): HourlyChart {
  const shown = top.slice(0, shapes);
  const otherMs = f.bucketsMs.map(() => 0);
  const shownKeys = new Set(shown.map(keyOf));
  for (const [key, values] of hourly) {
    if (!shownKeys.has(key)) values.forEach((v, i) => { otherMs[i]! += v; });
  }
  return {
    stepMs: f.stepMs,
    bucketsMs: f.bucketsMs,
    series: shown.map((t) => ({ shape: t.shape, label: `#${t.rank} ${t.target}`, valuesMs: t.hourlyMs })),
    otherMs,
  };
}

function trimAdvice(advice: ReportData['advice']): ReportData['advice'] {
  const trim = (s: AdviceSection | undefined) => (s ? { ...s, items: s.items.slice(0, 5) } : undefined);
  const out: { -readonly [K in keyof ReportData['advice']]: AdviceSection } = {};
  for (const key of ['indexes', 'nPlusOne', 'replicas'] as const) {
    const section = trim(advice[key]);
    if (section) out[key] = section;
  }
  return out;
}
