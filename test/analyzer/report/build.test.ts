import test from 'ava';
import { buildReport } from '../../../analyzer/report/build.js';
import { readReportRows, readReportWindow } from '../../../storage/report-repo.js';
import { dayMs, endMs, fillReportStore, hourMs } from './fill-store.js';

function report(limit = 10) {
  const db = fillReportStore();
  const window = readReportWindow(db, { sinceMs: dayMs, untilMs: endMs })!;
  const data = buildReport(readReportRows(db, window), { nowMs: endMs + 60_000, limit });
  db.close();
  return data;
}

test('the window ends at the newest data unless --until says otherwise', (t) => {
  const db = fillReportStore();
  // the newest bucket starts 1 h before endMs and is one minute wide
  t.deepEqual(readReportWindow(db, { sinceMs: dayMs }), { startMs: endMs - hourMs + 60_000 - dayMs, endMs: endMs - hourMs + 60_000 });
  t.deepEqual(readReportWindow(db, { sinceMs: dayMs, untilMs: endMs }), { startMs: endMs - dayMs, endMs });
  t.is(readReportWindow(db, { sinceMs: Number.POSITIVE_INFINITY, untilMs: endMs })!.startMs, endMs - 20 * dayMs);
  t.is(readReportWindow(db, { sinceMs: dayMs, target: 'nobody' }), null);
});

test('headline sums each target from one source: digests for billing, logs for shop', (t) => {
  const data = report();
  const shop = data.targets.find((h) => h.target === 'shop')!;
  const billing = data.targets.find((h) => h.target === 'billing')!;
  t.deepEqual([shop.totalMs, shop.calls, shop.distinctShapes, shop.errors, shop.sources], [3000 + 2000 + 600 + 90 + 400, 1553, 4, 2, ['log']]);
  // the slow log's 20 calls / 1500 ms are not added to the digest's 2000 calls; its error is kept
  t.deepEqual([billing.totalMs, billing.calls, billing.errors, billing.sources], [4400, 2000, 1, ['digest']]);
  t.is(data.headline.totalMs, shop.totalMs + billing.totalMs);
  t.is(data.targets[0]!.target, 'shop', 'worst target first');
});

test('top shapes are ranked by total time with mean and share of the window', (t) => {
  const data = report();
  t.deepEqual(data.top.map((s) => [s.rank, s.shape]), [
    [1, 'a000000000000001'], [2, 'e000000000000005'], [3, 'b000000000000002'], [4, 'd000000000000004'], [5, 'c000000000000003']]);
  const a = data.top[0]!;
  t.is(a.meanMs, 5);
  // 940 of 1000 calls at 4 ms, 60 at 19–23 ms: the 950th call is a slow one (histogram buckets ≤ 12.5% wide)
  t.true(a.p95Ms! >= 19 * 0.9375 && a.p95Ms! <= 23, `p95 ${a.p95Ms}`);
  t.is(data.top.find((s) => s.shape === 'e000000000000005')!.p95Ms, null, 'the digest shape has no log histogram in the window');
  t.is(a.share, 5000 / data.headline.totalMs);
  t.true(Math.abs(data.top.reduce((s, x) => s + x.share, 0) - 1) < 1e-9);
  t.is(data.top.length, 5);
  t.is(report(2).top.length, 2);
});

test('a shape whose mean doubled is a regression; a steady one is not', (t) => {
  const data = report();
  const slower = data.regressions.filter((r) => r.kind === 'slower');
  t.deepEqual(slower.map((r) => [r.shape, r.meanMs, r.previousMeanMs, r.ratio, r.rank, r.previousRank]),
    [['a000000000000001', 5, 2, 2.5, 1, 2]], 'A went 2 → 5 ms per call');
  t.true(data.regressions.every((r) => r.shape !== 'b000000000000002'));
});

test('new shapes are those never seen before the window; new-in-top needs a previous window', (t) => {
  const data = report();
  t.deepEqual(data.newShapes.map((s) => s.shape), ['c000000000000003']);
  t.deepEqual(data.regressions.filter((r) => r.kind === 'new-in-top').map((r) => [r.shape, r.previousRank]),
    [['d000000000000004', null], ['c000000000000003', null]]);
});

test('the hourly chart stacks the top shapes and keeps the rest as other, summing to the window total', (t) => {
  const data = report(10);
  t.is(data.chart.stepMs, hourMs);
  t.is(data.chart.bucketsMs.length, 24);
  t.is(data.chart.bucketsMs[0], endMs - dayMs);
  const stacked = data.chart.series.reduce((s, x) => s + x.valuesMs.reduce((a, b) => a + b, 0), 0) + data.chart.otherMs.reduce((a, b) => a + b, 0);
  t.is(stacked, data.headline.totalMs);
  t.is(data.top[0]!.hourlyMs[2], 3000);
  t.is(data.top[0]!.hourlyMs[20], 2000);
});

test('long windows get wider chart buckets; an empty window renders an empty chart', (t) => {
  const db = fillReportStore();
  const month = buildReport(readReportRows(db, { startMs: endMs - 30 * dayMs, endMs }), { nowMs: endMs });
  t.is(month.chart.stepMs, 5 * hourMs, '720 hours in at most 168 buckets');
  t.is(month.chart.bucketsMs.length, 144);
  t.is(month.top[0]!.hourlyMs.reduce((a, b) => a + b, 0), month.top[0]!.totalMs);
  const empty = buildReport(readReportRows(db, { startMs: endMs + dayMs, endMs: endMs + 2 * dayMs }), { nowMs: endMs });
  t.deepEqual([empty.top, empty.regressions, empty.newShapes, empty.headline.totalMs], [[], [], [], 0]);
  t.true(empty.chart.otherMs.every((v) => v === 0));
  db.close();
});
