import test from 'ava';
import { createHistogram, recordValue } from '../../agent/aggregate/histogram.js';
import { rankTopShapes, renderDurationMs, renderTopTable } from '../../analyzer/top.js';
import type { ShapeTotals } from '../../storage/stats-repo.js';

function totals(shapeId: string, source: string, calls: number, totalMs: number, latencies: number[] = []): ShapeTotals {
  const hist = latencies.length ? createHistogram() : null;
  for (const v of latencies) recordValue(hist!, v);
  return {
    targetId: 1, target: 'shop', engine: 'postgres', shapeId, normalized: `SELECT ${shapeId}`, source, calls, totalMs, rows: calls,
    rowsExamined: null, errors: 0, minMs: latencies.length ? Math.min(...latencies) : null, maxMs: latencies.length ? Math.max(...latencies) : null,
    lockWaitMs: 0, tempBytes: 0, hist,
  };
}

test('a statistics source and logs of the same shape are not added up: calls/time from pgss, p95 from logs', (t) => {
  const logLatencies = Array.from({ length: 100 }, (_, i) => (i < 95 ? 1 : 200));
  const rows = rankTopShapes([
    totals('a', 'pgss', 1000, 5000),
    totals('a', 'log', 100, logLatencies.reduce((x, y) => x + y, 0), logLatencies),
    totals('b', 'log', 10, 100, Array(10).fill(10)),
  ], { by: 'total', limit: 10 });
  t.is(rows.length, 2);
  t.like(rows[0], { shape: 'a', calls: 1000, totalMs: 5000, meanMs: 5, source: 'pgss' });
  t.true(rows[0]!.p95Ms! >= 0.9 && rows[0]!.p95Ms! <= 1.1, `p95 ${rows[0]!.p95Ms}`);
  t.true(rows[0]!.p99Ms! > 150);
  t.like(rows[1], { shape: 'b', calls: 10, totalMs: 100, source: 'log' });
  t.is(rows[0]!.share + rows[1]!.share, 1);
  t.is(rows[0]!.share, 5000 / 5100);
});

test('--by orders worst first and --limit cuts after ranking; share is of the whole window', (t) => {
  const input = [totals('x', 'log', 1, 900, [900]), totals('y', 'log', 1000, 800, Array(1000).fill(0.8)), totals('z', 'log', 5, 50, [1, 1, 1, 1, 46])];
  t.deepEqual(rankTopShapes(input, { by: 'total', limit: 3 }).map((r) => r.shape), ['x', 'y', 'z']);
  t.deepEqual(rankTopShapes(input, { by: 'calls', limit: 3 }).map((r) => r.shape), ['y', 'z', 'x']);
  t.deepEqual(rankTopShapes(input, { by: 'mean', limit: 3 }).map((r) => r.shape), ['x', 'z', 'y']);
  t.deepEqual(rankTopShapes(input, { by: 'p95', limit: 3 }).map((r) => r.shape), ['x', 'z', 'y']);
  const top1 = rankTopShapes(input, { by: 'total', limit: 1 });
  t.is(top1.length, 1);
  t.is(top1[0]!.share, 900 / 1750);
});

test('the table is aligned, in human units, worst first', (t) => {
  const rows = rankTopShapes([totals('slow', 'log', 3, 4500, [1000, 1500, 2000]), totals('fast', 'log', 20_000, 900, Array(10).fill(0.045))], { by: 'total', limit: 5 });
  const table = renderTopTable(rows);
  const lines = table.trimEnd().split('\n');
  t.is(lines.length, 3);
  t.regex(lines[1]!, /^1\s+4\.50 s\s+83\.3%\s+3\s+1\.50 s/);
  t.regex(lines[2]!, /20\.0k/);
  t.is(lines[0]!.indexOf('query'), lines[1]!.indexOf('SELECT slow'));
  t.is(renderDurationMs(0.25), '250 µs');
  t.is(renderDurationMs(90_000), '1.5 min');
  t.snapshot(table);
});
