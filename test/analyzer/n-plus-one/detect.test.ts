/**
 * The pure detector on statement sequences built from shapes described by qprof's own parser: what counts
 * as a loop driven by a parent, and the cases that must not fire (independent requests, batched lookups,
 * bulk jobs, row-by-row writes), units of work by gaps and transactions, second-resolution logs, and the
 * aggregate-only suspicion.
 */
import test from 'ava';
import type { Engine } from '../../../agent/events.js';
import { describeShape, loadShapeParsers } from '../../../agent/shape/describe.js';
import { fingerprint } from '../../../agent/shape/fingerprint.js';
import { detectFromSequences } from '../../../analyzer/n-plus-one/aggregate-evidence.js';
import { detectFromAggregates } from '../../../analyzer/n-plus-one/from-aggregates.js';
import { detectLoops } from '../../../analyzer/n-plus-one/loops.js';
import { suggestRewrite } from '../../../analyzer/n-plus-one/suggest.js';
import { defaultDetectorOptions, type AggregateBucket, type SeqStatement, type Sequence, type ShapeInfo } from '../../../analyzer/n-plus-one/types.js';
import { splitUnits } from '../../../analyzer/n-plus-one/units-of-work.js';

test.before(() => loadShapeParsers());

const shapes = new Map<string, ShapeInfo>();
function shape(sql: string, engine: Engine = 'postgres', tags: Record<string, string> = {}): string {
  const fp = fingerprint(sql, engine);
  shapes.set(fp.id, { id: fp.id, engine, normalized: fp.normalized, features: describeShape(fp.normalized, engine).features, tags });
  return fp.id;
}

const parent = () => shape('SELECT id, customer_id FROM orders WHERE status = $1 ORDER BY created_at DESC LIMIT 10', 'postgres', { controller: 'orders', action: 'index' });
const child = () => shape('SELECT id, name FROM customers WHERE id = $1', 'postgres', { controller: 'orders', action: 'index', route: '/orders' });
const invoice = () => shape('SELECT id, amount FROM invoices WHERE order_id = $1');
const batched = () => shape('SELECT id, name FROM customers WHERE id = ANY($1)');
const update = () => shape('UPDATE products SET updated_at = now() WHERE id = $1');
const begin = () => shape('BEGIN');
const commit = () => shape('COMMIT');

/** A session from [shapeId, gap before it in ms, duration ms, rows] steps, starting at t0. */
function session(id: string, steps: ReadonlyArray<readonly [string, number, number?, number?]>, t0 = 1_700_000_000_000): Sequence {
  let t = t0;
  const statements: SeqStatement[] = steps.map(([shapeId, gapMs, durationMs = 2, rows = 0]) => {
    t += gapMs + durationMs;
    return { shapeId, timeMs: t, durationMs, rows };
  });
  return { session: id, statements };
}

/** One request: the parent, then `n` children 1 ms apart; think time before it. Rows only when parentRows is given (like a PostgreSQL log, which reports none). */
function request(n: number, opts: { child?: string[]; parentRows?: number; think?: number; childMs?: number } = {}) {
  const body = opts.child ?? [child()];
  const steps: Array<[string, number, number?, number?]> = [[parent(), opts.think ?? 200, 3, opts.parentRows ?? 0]];
  for (let i = 0; i < n; i++) for (const c of body) steps.push([c, 1, opts.childMs ?? 4, opts.parentRows === undefined ? 0 : 1]);
  return steps;
}

const detect = (sequences: Sequence[], options = {}) => detectFromSequences(sequences, shapes, { ...defaultDetectorOptions, ...options });

test('a child lookup per parent row in one request is an N+1, with evidence, tags and the ANY rewrite', (t) => {
  const seq = session('101', [...request(10), ...request(8), ...request(12)]);
  const { findings, batching } = detect([seq]);
  t.is(findings.length, 1);
  const f = findings[0]!;
  t.is(f.parentShape, parent());
  t.is(f.childShape, child());
  t.deepEqual(f.tags, { controller: 'orders', action: 'index', route: '/orders' });
  t.true('units' in f.evidence && f.evidence.units === 3 && f.evidence.avgFanOut === 10 && f.evidence.maxFanOut === 12);
  t.true('units' in f.evidence && f.evidence.exampleTimeline[0]!.role === 'parent');
  t.regex(f.suggestion, /id = ANY\(\$1\)/);
  t.deepEqual(batching, []);
});

test('the same lookup once per independent request, spread in time or over sessions, is not an N+1', (t) => {
  const spread = session('1', Array.from({ length: 30 }, (_, i) => [i % 2 ? parent() : child(), 150] as const));
  const oneEach = Array.from({ length: 20 }, (_, i) => session(String(i), [[parent(), 0], [child(), 1]]));
  t.deepEqual(detect([spread, ...oneEach]).findings, []);
});

test('a batched IN/ANY query repeated after a parent is not an N+1', (t) => {
  t.deepEqual(detect([session('1', [...request(6, { child: [batched()] }), ...request(7, { child: [batched()] })])]).findings, []);
});

test('a bulk job (loop without a parent, or after pages of a scan) is not an N+1', (t) => {
  const noParent = session('1', Array.from({ length: 20 }, () => [child(), 1] as const));
  const chunk = shape('SELECT id FROM orders WHERE id > $1 ORDER BY id LIMIT $2');
  const paging = session('2', [[chunk, 200], [chunk, 1], [chunk, 1], ...Array.from({ length: 20 }, () => [child(), 1] as const)]);
  t.deepEqual(detect([noParent, paging]).findings, []);
});

test('where the log reports rows, a loop longer than the parent\'s result is not driven by it', (t) => {
  const seq = session('1', [...request(10, { parentRows: 2 }), ...request(10, { parentRows: 3 })]);
  t.deepEqual(detect([seq]).findings, []);
  const matched = detect([session('1', [...request(10, { parentRows: 10 }), ...request(9, { parentRows: 9 }), ...request(7, { parentRows: 7 })])]);
  t.is(matched.findings[0]?.confidence, 'high');
});

test('row-by-row writes are batching advice, not N+1', (t) => {
  const seq = session('1', [[parent(), 200], ...Array.from({ length: 15 }, () => [update(), 1] as const)]);
  const { findings, batching } = detect([seq]);
  t.deepEqual(findings, []);
  t.is(batching.length, 1);
  t.is(batching[0]!.evidence.maxRun, 15);
  t.regex(batching[0]!.suggestion, /= ANY\(\$1\)/);
});

test('a loop of two shapes repeating together is one finding with both children', (t) => {
  const seq = session('1', [...request(6, { child: [child(), invoice()] }), ...request(9, { child: [child(), invoice()] })]);
  const { findings } = detect([seq]);
  t.is(findings.length, 1);
  t.deepEqual(findings[0]!.childShapes, [child(), invoice()]);
});

test('detectLoops takes the shortest period: a run of one shape is not also a two-shape loop', (t) => {
  const seq = session('1', [[parent(), 0], ...Array.from({ length: 10 }, () => [child(), 1] as const)]);
  const loops = detectLoops(splitUnits(seq.statements, shapes, 25)[0]!, 5, 4);
  t.is(loops.length, 1);
  t.deepEqual(loops[0]!.body, [child()]);
  t.is(loops[0]!.iterations, 10);
});

test('a transaction keeps a slow loop in one unit of work; without it the gaps split the loop', (t) => {
  const slow = (withTx: boolean) => session('1', [
    ...(withTx ? [[begin(), 200] as const] : []), [parent(), withTx ? 1 : 200],
    ...Array.from({ length: 8 }, () => [child(), 60] as const), ...(withTx ? [[commit(), 1] as const] : []),
  ]);
  t.is(detect([slow(true)]).findings.length, 1);
  t.is(detect([slow(false)]).findings.length, 0);
});

test('second-resolution times (MariaDB slow log) still find the loop in log order, by the parent\'s rows', (t) => {
  const p = shape('SELECT id, customer_id FROM orders WHERE status = ? LIMIT 10', 'mysql');
  const c = shape('SELECT id, name FROM customers WHERE id = ?', 'mysql');
  const at = (second: number, durationMs: number, shapeId: string, rows: number): SeqStatement =>
    ({ shapeId, timeMs: second * 1000 + Math.round(durationMs), durationMs, rows });
  const statements: SeqStatement[] = [];
  for (let r = 0; r < 3; r++) {
    statements.push(at(1_700_000_000 + r, 1.7, p, 6));
    for (let i = 0; i < 6; i++) statements.push(at(1_700_000_000 + r, 0.3, c, 1));
  }
  const { findings } = detect([{ session: '7', statements }]);
  t.is(findings.length, 1);
  t.is(findings[0]!.confidence, 'high');
  t.regex(findings[0]!.suggestion, /id IN \(\?, \?/);
});

test('aggregates only: a key lookup whose calls track a parent\'s rows at a stable ratio is suspected', (t) => {
  const buckets: AggregateBucket[] = [];
  const other = shape('SELECT id FROM tickets WHERE customer_id = $1');
  [40, 55, 31, 70, 62, 48].forEach((parentCalls, i) => {
    const bucketMs = i * 60_000;
    buckets.push({ shapeId: parent(), bucketMs, calls: parentCalls, rows: parentCalls * 10, totalMs: parentCalls });
    buckets.push({ shapeId: child(), bucketMs, calls: parentCalls * 10, rows: parentCalls * 10, totalMs: parentCalls * 2 });
    // Independent lookups: many calls, unrelated to the parent's rows.
    buckets.push({ shapeId: other, bucketMs, calls: [300, 90, 500, 120, 80, 400][i]!, rows: 300, totalMs: 10 });
    buckets.push({ shapeId: batched(), bucketMs, calls: parentCalls, rows: parentCalls * 10, totalMs: 5 });
  });
  const findings = detectFromAggregates(buckets, shapes);
  t.is(findings.length, 1);
  t.is(findings[0]!.status, 'suspected');
  t.is(findings[0]!.confidence, 'low');
  t.is(findings[0]!.childShape, child());
  t.is(findings[0]!.parentShape, parent());
});

test('the rewrite names the key column and the JOIN to the parent', (t) => {
  const text = suggestRewrite(shapes.get(parent()), [shapes.get(invoice())!]);
  t.regex(text, /order_id = ANY\(\$1\)/);
  t.regex(text, /JOIN invoices to orders/);
});
