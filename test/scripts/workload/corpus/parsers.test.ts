/**
 * The capture's log readers on real log excerpts (fixtures/corpus/samples/): what ends up in the corpus is
 * exactly the executed statements of the captured databases, with their parameters.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseParameters, parsePgJsonlog } from '../../../../scripts/workload/corpus/parse-pg-jsonlog.js';
import { parseSlowLog } from '../../../../scripts/workload/corpus/parse-slow-log.js';
import { selectExamples } from '../../../../scripts/workload/corpus/select.js';

const samples = new URL('../../../../../fixtures/corpus/samples/', import.meta.url);
const pgLines = readFileSync(new URL('postgres-jsonlog.json', samples), 'utf8').split('\n');
const slowLog = readFileSync(new URL('mariadb-slow.log', samples), 'utf8');

test('jsonlog: keeps statement and execute lines of the chosen databases, skips parse/bind and other databases', (t) => {
  const { statements, rejects } = parsePgJsonlog(pgLines, new Set(['qprof_corpus', 'qprof_pgbench']));
  t.is(rejects, 0);
  t.true(statements.length >= 20);
  t.true(statements.every((s) => s.database === 'qprof_corpus' || s.database === 'qprof_pgbench'));
  t.false(statements.some((s) => /^(parse|bind) /.test(s.sql)));
  const payments = statements.filter((s) => s.protocol === 'shop_payments_by_invoice');
  t.true(payments.length >= 5, 'the N+1 loop shows as repeated executes of the named statement');
  t.true(payments.every((s) => s.params?.length === 1 && /^\d+$/.test(s.params[0])));
  t.is(new Set(payments.map((s) => s.params![0])).size, payments.length, 'one execute per parent row, different ids');
  const pgbench = statements.find((s) => s.protocol === 'P_1');
  t.regex(pgbench!.sql, /^UPDATE pgbench_accounts SET abalance = abalance \+ \$1 WHERE aid = \$2/);
  t.is(pgbench!.params!.length, 2);
  const cte = statements.find((s) => s.sql.includes('WITH escalated'));
  t.true(cte!.sql.includes('\n'), 'multi-line statements stay whole');
  t.deepEqual(cte!.params!.length, 2);
  const doBlock = statements.find((s) => s.sql.startsWith('DO $$'));
  t.is(doBlock?.protocol, 'simple');
});

test('jsonlog parameters: quoted values with doubled quotes, NULL', (t) => {
  t.deepEqual(parseParameters(`parameters: $1 = '42', $2 = 'it''s, fine', $3 = NULL, $4 = ''`), ['42', "it's, fine", 'NULL', '']);
});

test('slow log: one entry per statement with thread and schema, headers and SET timestamp dropped', (t) => {
  const entries = parseSlowLog(slowLog);
  t.is(entries.length, 11);
  const shop = entries.filter((e) => e.schema === 'shop');
  t.is(shop.length, 9);
  t.true(entries.every((e) => !e.sql.startsWith('#') && !e.sql.startsWith('SET timestamp') && !e.sql.endsWith(';')));
  const multi = entries.find((e) => e.sql.includes('revenue_cents'));
  t.is(multi?.thread, '364');
  t.regex(multi!.sql, /revenue_cents\n\s+FROM orders WHERE created_at >= '2026-/);
  t.true(entries.some((e) => /WHERE id IN \(\d+(, \d+)+\)/.test(e.sql)), 'literal IN lists as the client interpolated them');
});

test('selection: duplicates dropped, capped per shape and protocol, capture noise excluded', (t) => {
  const items = [
    ...Array.from({ length: 20 }, (_, i) => ({ sql: `SELECT * FROM t WHERE id = ${i}`, protocol: 'simple' })),
    ...Array.from({ length: 5 }, (_, i) => ({ sql: 'SELECT * FROM t WHERE id = $1', protocol: 'P_1', params: [String(i)] })),
    { sql: 'SELECT * FROM t WHERE id = 1', protocol: 'simple' },
    { sql: 'SET SESSION long_query_time = 0', protocol: 'simple' },
    { sql: '/* qprof */ SELECT 1', protocol: 'simple' },
  ];
  const { kept, shapes } = selectExamples(items, 'postgres', 3, 100);
  t.is(shapes, 1);
  t.is(kept.filter((k) => k.protocol === 'simple').length, 3);
  t.is(kept.filter((k) => k.protocol === 'P_1').length, 3, 'prepared executions are kept next to simple ones');
  t.is(selectExamples(items, 'postgres', 100, 4).kept.length, 4);
});
