/**
 * The routing rules on real shop statements (fingerprinted and described by qprof's own shape engine) and
 * hand-built session sequences whose timing is the point of each case.
 */
import test from 'ava';
import type { Engine } from '../../../agent/events.js';
import { describeShape, fingerprint, loadShapeParsers } from '../../../agent/shape/index.js';
import { planReplicaRouting } from '../../../analyzer/replica-routing/advise.js';
import { detectLagBound, type ReplicationReading } from '../../../analyzer/replica-routing/lag.js';
import { defaultRoutingOptions, type RoutingShape, type SequenceStatement } from '../../../analyzer/replica-routing/types.js';
import type { CatalogFunction } from '../../../agent/catalog/types.js';

await loadShapeParsers();

function shape(sql: string, engine: Engine = 'postgres', totalMs = 10): RoutingShape {
  const fp = fingerprint(sql, engine);
  const d = describeShape(fp.normalized, engine);
  return { id: fp.id, engine, normalized: fp.normalized, parsed: d.parsed, features: d.features, calls: 1, totalMs };
}

function plan(shapes: RoutingShape[], sessions: SequenceStatement[][], extra: { functions?: CatalogFunction[] | null; replication?: ReplicationReading[] } = {}) {
  const report = planReplicaRouting({
    target: 't', engine: shapes[0]!.engine, shapes, sessions, catalogFunctions: extra.functions === undefined ? [] : extra.functions,
    replication: extra.replication ?? [], options: defaultRoutingOptions,
  });
  return { report, route: (s: RoutingShape) => report.advice.find((a) => a.shape === s.id)! };
}

const at = (s: RoutingShape, timeMs: number, durationMs = 1): SequenceStatement => ({ shapeId: s.id, timeMs, durationMs });

const write = shape('UPDATE accounts SET balance = balance - 5 WHERE id = 1');
const read = shape('SELECT balance FROM accounts WHERE id = 1');
const other = shape('SELECT name FROM products WHERE id = 3');

test('a read of a table the same session wrote 5 ms before is conditional, naming the table and the window', (t) => {
  const { route, report } = plan([write, read, other], [[at(write, 1000), at(read, 1006)], [at(other, 1007), at(read, 1008)]]);
  const a = route(read);
  t.is(a.route, 'conditional');
  t.deepEqual(a.stickTables, ['accounts']);
  t.is(a.condition, `stick to the primary for 3 s after a write to accounts in the same session`);
  t.is(report.stickMs, 3000);
  t.is(route(other).route, 'replica');
  t.is(route(write).route, 'primary');
});

test('a read long after its session\'s write, beyond the stick window, is replica-safe', (t) => {
  const { route } = plan([write, read], [[at(write, 1234), at(read, 60_321)]]);
  t.is(route(read).route, 'replica');
  t.regex(route(read).reasons[0]!, /1 of 1 reads followed an own write, the closest 59 s later/);
});

test('a write inside BEGIN … COMMIT counts from the COMMIT, and a rolled-back write not at all', (t) => {
  const begin = shape('BEGIN');
  const commit = shape('COMMIT');
  const rollback = shape('ROLLBACK');
  // The write happened 10 s before the read, but became visible only at COMMIT, 1 s before it.
  const committed = plan([begin, write, commit, read], [[at(begin, 0), at(write, 1), at(commit, 9_000), at(read, 10_000)]]);
  t.is(committed.route(read).route, 'conditional');
  const rolledBack = plan([begin, write, rollback, read], [[at(begin, 0), at(write, 1), at(rollback, 9_000), at(read, 10_000)]]);
  t.is(rolledBack.route(read).route, 'replica');
});

test('a read inside a transaction that writes stays on the primary, even when it comes before the write', (t) => {
  const begin = shape('BEGIN');
  const commit = shape('COMMIT');
  const { route } = plan([begin, other, write, commit], [[at(begin, 0), at(other, 1), at(write, 2), at(commit, 3)]]);
  t.is(route(other).route, 'primary');
  t.regex(route(other).reasons.join(), /inside a transaction that writes \(1 of 1 calls\)/);
});

test('locking reads, sequences, advisory locks, session settings and volatile calls stay on the primary', (t) => {
  const cases: [string, Engine, RegExp][] = [
    ['SELECT * FROM accounts WHERE id = 1 FOR UPDATE', 'postgres', /locking read \(FOR UPDATE\)/],
    ['SELECT * FROM accounts WHERE id = 1 FOR SHARE', 'postgres', /locking read/],
    ["SELECT nextval('orders_id_seq')", 'postgres', /nextval\(\)/],
    ['SELECT pg_advisory_lock(42)', 'postgres', /pg_advisory_lock\(\)/],
    ["SELECT set_config('statement_timeout', '5s', false)", 'postgres', /set_config\(\)/],
    ['SELECT id FROM products ORDER BY random() LIMIT 3', 'postgres', /volatile random\(\)/],
    ['SELECT * INTO archive_2025 FROM orders', 'postgres', /SELECT INTO/],
    ['WITH moved AS (DELETE FROM queue RETURNING id) SELECT count(*) FROM moved', 'postgres', /inside WITH/],
    ["SELECT GET_LOCK('job', 0)", 'mysql', /get_lock\(\)/],
    ['SELECT LAST_INSERT_ID()', 'mysql', /last_insert_id\(\)/],
    ['SELECT FOUND_ROWS()', 'mysql', /found_rows\(\)/],
    ['SELECT * FROM accounts WHERE id = 1 LOCK IN SHARE MODE', 'mysql', /locking read/],
  ];
  for (const [sql, engine, reason] of cases) {
    const s = shape(sql, engine);
    const a = plan([s], [[at(s, 0)]]).route(s);
    t.is(a.route, 'primary', sql);
    t.regex(a.reasons.join('; '), reason, sql);
  }
});

test('user functions: VOLATILE per the catalog stays on the primary, STABLE may go, unknown without a catalog stays', (t) => {
  const s = shape('SELECT shop.price_with_tax(price_cents) FROM products WHERE id = 1');
  const fn = (volatility: CatalogFunction['volatility']): CatalogFunction[] => [{ schema: 'shop', name: 'price_with_tax', args: 'integer', volatility, language: 'sql' }];
  t.is(plan([s], [[at(s, 0)]], { functions: fn('volatile') }).route(s).route, 'primary');
  t.is(plan([s], [[at(s, 0)]], { functions: fn('stable') }).route(s).route, 'replica');
  const unknown = plan([s], [[at(s, 0)]], { functions: null }).route(s);
  t.is(unknown.route, 'primary');
  t.regex(unknown.reasons[0]!, /unknown volatility/);
});

test('reads of a temporary table created by a seen statement stay on the primary', (t) => {
  const create = shape('CREATE TEMP TABLE cart_tmp (id int)');
  const readTmp = shape('SELECT id FROM cart_tmp');
  t.is(plan([create, readTmp], [[at(create, 0), at(readTmp, 100_000)]]).route(readTmp).route, 'primary');
});

test('without session sequences a plain read is conditional, never replica', (t) => {
  const { route, report } = plan([other], []);
  t.is(route(other).route, 'conditional');
  t.true(report.notes.some((n) => /no session sequences/.test(n)));
});

test('a seconds-resolution log (MariaDB SET timestamp) shortens every gap by a second', (t) => {
  // Write at second 10 (took 2 ms), read started at second 12: 1998 ms apart on paper, maybe 999 ms in truth.
  const w = { shapeId: write.id, timeMs: 10_002, durationMs: 2 };
  const r = { shapeId: read.id, timeMs: 12_001, durationMs: 1 };
  const tight = planReplicaRouting({
    target: 't', engine: 'postgres', shapes: [write, read], sessions: [[w, r]], catalogFunctions: [], replication: [],
    options: { assumedLagSeconds: 0, marginMs: 1000 },
  });
  t.is(tight.advice.find((a) => a.shape === read.id)!.route, 'conditional');
});

test('measured lag: p50/p99 over every replica reading; an idle caught-up replica counts as 0 s', (t) => {
  const reading = (takenMs: number, lagSeconds: number | null, lagBytes: number | null): ReplicationReading => ({
    target: 'primary', takenMs, replication: { role: 'primary', readOnly: false, lagSeconds: null, replicas: [{ name: 'r1', state: 'streaming', lagBytes, lagSeconds }] },
  });
  const readings = [reading(1, null, 0), ...Array.from({ length: 98 }, (_, i) => reading(i + 2, 0.01, 100)), reading(200, 2.5, 9000)];
  const lag = detectLagBound(readings, 1);
  t.is(lag.source, 'measured');
  t.is(lag.samples, 100);
  t.is(lag.p50Seconds, 0.01);
  t.is(lag.p99Seconds, 0.01);
  t.is(lag.maxSeconds, 2.5);
  const { report } = plan([other], [[at(other, 0)]], { replication: readings });
  t.is(report.stickMs, 1020);
});

test('load shares: replica share of all primary time, a join split over its tables', (t) => {
  const join = shape('SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 1', 'postgres', 30);
  const w = shape('UPDATE orders SET status = 1 WHERE id = 2', 'postgres', 70);
  const { report } = plan([join, w], [[at(join, 0)]]);
  t.is(report.load.replicaShare, 0.3);
  t.deepEqual(report.load.byTable.map((b) => [b.table, b.replicaMs]), [['customers', 15], ['orders', 15]]);
  t.is(report.advice[0]!.shape, join.id);
  t.is(report.advice[0]!.loadShare, 0.3);
});
