import test from 'ava';
import { parseParameters, parsePgMessage } from '../../../agent/logs/pg-message.js';
import { parseAutoExplain } from '../../../agent/logs/pg-plan.js';

test('parameters: quotes, doubled quotes, NULL, commas and newlines inside values', (t) => {
  t.deepEqual(parseParameters("parameters: $1 = '42', $2 = NULL, $3 = 'a, $4 = ''b''\nc'"), ["'42'", 'NULL', "'a, $4 = ''b''\nc'"]);
  t.is(parseParameters('Key (id)=(1) already exists.'), undefined);
  t.is(parseParameters(null), undefined);
  t.deepEqual(parseParameters("parameters: $1 = 'unterminated"), ["'unterminated"]);
});

test('messages: statement, execute, parse/bind skipped, bare duration, lock waits, temp files', (t) => {
  t.deepEqual(parsePgMessage('duration: 1.5 ms  statement: SELECT 1'), { kind: 'statement', durationMs: 1.5, sql: 'SELECT 1', prepared: false });
  t.deepEqual(parsePgMessage('duration: 0.05 ms  execute S_1: SELECT $1'), { kind: 'statement', durationMs: 0.05, sql: 'SELECT $1', prepared: true });
  t.deepEqual(parsePgMessage('execute <unnamed>: SELECT $1'), { kind: 'statement', durationMs: null, sql: 'SELECT $1', prepared: true });
  t.is(parsePgMessage('duration: 0.1 ms  parse <unnamed>: SELECT 1').kind, 'other');
  t.is(parsePgMessage('duration: 0.1 ms  bind S_1: SELECT 1').kind, 'other');
  t.is(parsePgMessage('duration: 0.1 ms  execute fetch from S_1/C_2: SELECT 1').kind, 'other');
  t.deepEqual(parsePgMessage('duration: 0.397 ms'), { kind: 'bare-duration', durationMs: 0.397 });
  t.deepEqual(parsePgMessage('process 20416 still waiting for AccessExclusiveLock on relation 16384 of database 5 after 1000.070 ms'),
    { kind: 'lock-wait', lockMode: 'AccessExclusiveLock', waitedMs: 1000.07, acquired: false });
  t.deepEqual(parsePgMessage('process 20416 acquired ShareLock on transaction 1070 after 412.058 ms'),
    { kind: 'lock-wait', lockMode: 'ShareLock', waitedMs: 412.058, acquired: true });
  t.deepEqual(parsePgMessage('temporary file: path "base/pgsql_tmp/pgsql_tmp20413.0", size 704512'), { kind: 'temp-file', sizeBytes: 704512 });
  t.is(parsePgMessage('checkpoint starting: time').kind, 'other');
  t.is(parsePgMessage('duration: abc ms  statement: SELECT 1').kind, 'other');
});

test('auto_explain text plan with a multi-line query, verbose relation names and loops', (t) => {
  const plan = parseAutoExplain(`
Query Text: SELECT *
  FROM public.orders o
 WHERE o.total > 10
Nested Loop  (cost=0.29..120.50 rows=50 width=40) (actual time=0.02..1.50 rows=12 loops=2)
  ->  Parallel Seq Scan on public.orders o  (cost=0.00..80.00 rows=50 width=36) (actual time=0.01..1.00 rows=12 loops=2)
  ->  Index Scan using customers_pkey on public.customers c  (cost=0.29..0.80 rows=1 width=4) (actual time=0.01..0.01 rows=1 loops=24)`);
  t.deepEqual(plan, {
    queryText: 'SELECT *\n  FROM public.orders o\n WHERE o.total > 10',
    plan: { nodeTypes: ['Nested Loop', 'Seq Scan', 'Index Scan'], seqScans: ['public.orders'], estimatedRows: 50, actualRows: 24, totalCost: 120.5 },
  });
  t.is(parseAutoExplain('\n{ not json'), null);
  t.is(parseAutoExplain('\nQuery Text: SELECT 1'), null);
});
