/** The pure helpers of the validators: placeholders a server accepts, the column behind each `?`, plan walking. */
import test from 'ava';
import { mapExplain, mapTypedPlaceholders } from '../../../analyzer/index-advisor/validate-postgres.js';
import { describeExamined, mapPlaceholderColumns } from '../../../analyzer/index-advisor/validate-mysql.js';

test('typed-literal placeholders become casts so the shape prepares', (t) => {
  t.is(mapTypedPlaceholders('SELECT id FROM tickets WHERE created_at > now() - INTERVAL $2 ORDER BY created_at DESC LIMIT $3'),
    'SELECT id FROM tickets WHERE created_at > now() - $2::interval ORDER BY created_at DESC LIMIT $3');
  t.is(mapTypedPlaceholders('SELECT * FROM t WHERE a = $1'), 'SELECT * FROM t WHERE a = $1');
});

test('each MySQL placeholder is matched to the column it is compared with', (t) => {
  t.deepEqual(mapPlaceholderColumns('SELECT id FROM orders o WHERE o.status = ? AND created_at > ? AND `customer_id` IN (? /*, ... */) ORDER BY created_at DESC LIMIT ?'),
    ['status', 'created_at', 'customer_id', '#limit']);
  t.deepEqual(mapPlaceholderColumns('SELECT * FROM t WHERE a BETWEEN ? AND ? LIMIT ?, ?'), ['a', 'a', '#limit', '#limit']);
  t.deepEqual(mapPlaceholderColumns('SELECT lower(?) FROM t'), [null]);
});

test('plan walking finds the first scan per table and every index used', (t) => {
  const e = mapExplain({
    'Node Type': 'Nested Loop', 'Total Cost': 120.5, Plans: [
      { 'Node Type': 'Index Scan', 'Relation Name': 'orders', 'Index Name': '<13556>btree_orders_customer_id', 'Total Cost': 8 },
      { 'Node Type': 'Seq Scan', 'Relation Name': 'order_items', 'Total Cost': 100 },
    ],
  });
  t.is(e.cost, 120.5);
  t.is(e.scans.get('orders'), 'Index Scan');
  t.is(e.scans.get('order_items'), 'Seq Scan');
  t.deepEqual([...e.indexes], ['<13556>btree_orders_customer_id']);
});

test('digest evidence: rows examined per row sent over the shapes an index serves', (t) => {
  const use = (rowsExamined: number | null, rows: number) => ({ id: 'x', normalized: '', features: {} as never, calls: 1, totalMs: 1, rowsExamined, rows });
  t.is(describeExamined([use(600_000, 100), use(300_000, 50)]), '; digests: 6,000 rows examined per row sent');
  t.is(describeExamined([use(5000, 0)]), '; digests: 5,000 rows examined, none sent');
  t.is(describeExamined([use(null, 10)]), '', 'logs without rows examined give no digest evidence');
});
