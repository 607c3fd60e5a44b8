/**
 * The pure advisor on shapes described by qprof's own parser and small hand-written catalogs: ESR key
 * order, consolidation, what an existing btree serves, tiny and unselective tables, partial and expression
 * indexes, drop advice and --explain wording.
 */
import test from 'ava';
import type { CatalogColumn, CatalogIndex, CatalogSnapshot, CatalogTable } from '../../../agent/catalog/types.js';
import { describeShape, loadShapeParsers } from '../../../agent/shape/describe.js';
import { fingerprint } from '../../../agent/shape/fingerprint.js';
import { mapCreateAdvice, planIndexAdvice } from '../../../analyzer/index-advisor/advise.js';
import { detectDroppableIndexes } from '../../../analyzer/index-advisor/drop-advice.js';
import { renderExplanation } from '../../../analyzer/index-advisor/explain.js';
import { defaultAdvisorOptions, type ShapeUse } from '../../../analyzer/index-advisor/types.js';

test.before(() => loadShapeParsers());

function shape(sql: string, totalMs = 100, engine: 'postgres' | 'mysql' = 'postgres'): ShapeUse {
  const fp = fingerprint(sql, engine);
  const d = describeShape(fp.normalized, engine);
  return { id: fp.id, normalized: fp.normalized, features: d.features, calls: 10, totalMs, rowsExamined: null, rows: 10 };
}

function table(name: string, liveRows: number, writes = 0): CatalogTable {
  return { schema: 'public', name, sizeBytes: liveRows * 100, totalSizeBytes: liveRows * 120, liveRows, seqScans: 100, idxScans: 100, inserts: writes, updates: 0, deletes: 0 };
}

function index(tableName: string, name: string, columns: string[], extra: Partial<CatalogIndex> = {}): CatalogIndex {
  return { schema: 'public', table: tableName, name, definition: `CREATE INDEX ${name} ON public.${tableName} USING btree (${columns.join(', ')})`, columns, expression: null, where: null, unique: false, primary: false, valid: true, sizeBytes: 8192, scans: 5, backsForeignKey: false, ...extra };
}

function column(tableName: string, name: string, nDistinct: number, freqs: number[] | null = null): CatalogColumn {
  return { schema: 'public', table: tableName, column: name, nDistinct, nullFrac: 0, mostCommonVals: freqs ? freqs.map((_, i) => `v${i}`) : null, mostCommonFreqs: freqs, correlation: null, cardinality: null, histogram: false };
}

const catalog: CatalogSnapshot = {
  tables: [table('orders', 100_000), table('tickets', 50_000), table('countries', 20), table('users', 20_000), table('order_items', 300_000)],
  indexes: [index('orders', 'orders_pkey', ['id'], { primary: true, unique: true }), index('users', 'users_email_key', ['email'], { unique: true })],
  columns: [column('orders', 'customer_id', 5000), column('orders', 'status', 4, [0.25, 0.25, 0.25, 0.25]), column('tickets', 'priority', 4, [0.26, 0.25, 0.25, 0.24]), column('orders', 'created_at', -1), column('orders', 'is_test', 2, [0.95, 0.05])],
  takenMs: {},
};

function advise(shapes: ShapeUse[], snapshot: CatalogSnapshot = catalog) {
  const plan = planIndexAdvice('postgres', shapes, snapshot, defaultAdvisorOptions);
  return { plan, advice: mapCreateAdvice(plan, shapes, snapshot, new Map(), 'statistics') };
}

test('equality first, then the ORDER BY columns of a LIMIT query; the range column when there is no sort', (t) => {
  const { advice } = advise([
    shape("SELECT id FROM orders WHERE status = 'paid' AND customer_id = 3 AND is_test = false AND created_at > now() - interval '1 day' ORDER BY created_at DESC LIMIT 20"),
  ]);
  t.deepEqual(advice.map((a) => a.columns), [['customer_id', 'status', 'created_at']], 'most selective first; is_test (95% false) does not pay for a key position');
  const ranged = advise([shape("SELECT id FROM orders WHERE customer_id = 3 AND created_at > '2026-01-01'")]).advice;
  t.deepEqual(ranged[0]?.columns, ['customer_id', 'created_at']);
  t.is(ranged[0]?.statement, 'CREATE INDEX CONCURRENTLY orders_customer_id_created_at_idx ON public.orders (customer_id, created_at) INCLUDE (id)',
    'the only shape is hot and reads id besides its keys: INCLUDE makes it index-only');
});

test('INCLUDE only for a hot shape whose select list is plain columns', (t) => {
  const hot = shape('SELECT id, total_cents FROM orders WHERE customer_id = 1', 80);
  const cold = shape('SELECT id, status FROM tickets WHERE customer_id = 2', 5);
  const star = shape("SELECT * FROM users WHERE lower(email) = 'x'", 15);
  const { advice } = advise([hot, cold, star]);
  t.deepEqual(advice.find((a) => a.table === 'public.orders')?.include, ['id', 'total_cents']);
  t.is(advice.find((a) => a.table === 'public.tickets')?.include, undefined, '5% of the time is not hot');
  t.is(advice.find((a) => a.table === 'public.users')?.include, undefined);
});

test('one (a, b) serves a = ? and a = ? AND b = ?', (t) => {
  const { advice } = advise([shape('SELECT * FROM orders WHERE customer_id = 1', 50), shape("SELECT * FROM orders WHERE customer_id = 1 AND created_at > '2026-01-01'", 50)]);
  t.is(advice.length, 1);
  t.deepEqual(advice[0]!.columns, ['customer_id', 'created_at']);
  t.is(advice[0]!.shapes.length, 2);
  t.is(advice[0]!.benefit.timeShare, 1);
});

test('nothing for a served lookup, a tiny table or an evenly spread low-cardinality column, and --explain says why', (t) => {
  const shapes = [shape("SELECT * FROM users WHERE email = 'a@b'"), shape("SELECT * FROM countries WHERE code = 'fr'"), shape("SELECT * FROM tickets WHERE priority = 'high'")];
  const { plan, advice } = advise(shapes);
  t.deepEqual(advice, []);
  t.regex(renderExplanation(shapes[0]!, plan.verdicts, advice), /served by users_email_key/);
  t.regex(renderExplanation(shapes[1]!, plan.verdicts, advice), /tiny \(20 rows\)/);
  t.regex(renderExplanation(shapes[2]!, plan.verdicts, advice), /public\.tickets\.priority has 4 values evenly spread: an index would read a quarter of the table/);
});

test('an expression predicate gets an expression index; IS NULL becomes a partial index', (t) => {
  const { advice } = advise([shape("SELECT * FROM users WHERE lower(email) = lower('A@b')"), shape('SELECT * FROM orders WHERE customer_id = 4 AND shipped_at IS NULL')]);
  const expr = advice.find((a) => a.table === 'public.users');
  t.is(expr?.expression, 'lower(email)');
  t.is(expr?.statement, 'CREATE INDEX CONCURRENTLY users_lower_email_idx ON public.users ((lower(email)))');
  const partial = advice.find((a) => a.table === 'public.orders');
  t.is(partial?.where, 'shipped_at IS NULL');
  t.true(partial?.statement.endsWith('(customer_id) WHERE shipped_at IS NULL'));
});

test('join columns count on the inner side only', (t) => {
  const { advice } = advise([shape('SELECT o.id, i.sku FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = 7')]);
  t.deepEqual(advice.map((a) => `${a.table}(${a.columns.join(',')})`).sort(), ['public.order_items(order_id)', 'public.orders(customer_id)']);
});

test('MySQL gets ALTER TABLE … ADD INDEX and no expression index on MariaDB', (t) => {
  const mysqlCatalog: CatalogSnapshot = { ...catalog, settings: { version: '10.11.6-MariaDB', engineVersion: '10.11.6', settings: {} } };
  const shapes = [shape('SELECT * FROM orders WHERE customer_id = 1', 100, 'mysql'), shape("SELECT * FROM users WHERE lower(email) = 'x'", 100, 'mysql')];
  const plan = planIndexAdvice('mysql', shapes, mysqlCatalog, defaultAdvisorOptions);
  const advice = mapCreateAdvice(plan, shapes, mysqlCatalog, new Map(), 'statistics');
  t.deepEqual(advice.map((a) => a.statement), ['ALTER TABLE public.orders ADD INDEX orders_customer_id_idx (customer_id)']);
  t.true(plan.verdicts.some((v) => v.outcome === 'unsupported'));
});

test('drop advice: duplicate, redundant prefix, unused; never primary, unique or FK-backing', (t) => {
  const indexes = [
    index('orders', 'orders_pkey', ['id'], { primary: true, unique: true, scans: 0 }),
    index('orders', 'orders_customer_idx', ['customer_id'], { scans: 9 }),
    index('orders', 'orders_customer_created_idx', ['customer_id', 'created_at'], { scans: 9 }),
    index('orders', 'orders_status_a', ['status'], { scans: 3 }),
    index('orders', 'orders_status_b', ['status'], { scans: 3 }),
    index('orders', 'orders_note_idx', ['note'], { scans: 0, sizeBytes: 1 << 20 }),
    index('orders', 'orders_fk_idx', ['warehouse_id'], { scans: 0, backsForeignKey: true }),
    index('orders', 'orders_code_key', ['code'], { scans: 0, unique: true }),
  ];
  const drops = detectDroppableIndexes('postgres', indexes, null);
  t.deepEqual(drops.map((d) => d.index).sort(), ['orders_customer_idx', 'orders_note_idx', 'orders_status_b']);
  t.regex(drops.find((d) => d.index === 'orders_customer_idx')!.reason, /redundant/);
  t.regex(drops.find((d) => d.index === 'orders_status_b')!.reason, /duplicate of orders_status_a/);
  t.is(drops.find((d) => d.index === 'orders_note_idx')!.statement, 'DROP INDEX CONCURRENTLY public.orders_note_idx');
  t.deepEqual(detectDroppableIndexes('postgres', indexes, null, new Set(['orders_note_idx'])).map((d) => d.index).sort(), ['orders_customer_idx', 'orders_status_b'], 'an index serving a seen shape is not unused');
});

test('a heavily written table does not get an index for a rare query', (t) => {
  const insert = { ...shape("INSERT INTO orders (customer_id, status) VALUES (1, 'new')", 60), calls: 300 };
  const { plan, advice } = advise([shape('SELECT * FROM orders WHERE customer_id = 1', 1), insert, shape('SELECT * FROM tickets', 39)]);
  t.deepEqual(advice, []);
  t.true(plan.verdicts.some((v) => v.outcome === 'rejected' && /gets 30\.0 writes per read/.test(v.message)));
  t.is(advise([shape('SELECT * FROM orders WHERE customer_id = 1', 10), insert]).advice.length, 1, 'the same writes do not outweigh an index serving 14% of the time');
});
