/**
 * Every real capture in fixtures/logs/ parses to its reviewed `<case>.expected.json`: the events themselves and
 * the numbers a user relies on (statement count, total duration, sessions, params, errors, locks, temp files).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { cases, fixtureDir, parseCase, summarize, type Parsed } from './cases.js';

function expected(name: string): Parsed & { summary: ReturnType<typeof summarize> } {
  return JSON.parse(readFileSync(new URL(`${name}.expected.json`, fixtureDir), 'utf8'));
}

for (const c of cases) {
  test(`${c.name}: events and rejects match the reviewed expectation`, (t) => {
    const parsed = parseCase(c);
    const want = expected(c.name);
    t.deepEqual(summarize(parsed), want.summary);
    t.deepEqual(JSON.parse(JSON.stringify(parsed.events)), want.events);
    t.deepEqual(parsed.rejects, want.rejects);
  });

  test(`${c.name}: chunks of 1, 7 and all lines give identical events`, (t) => {
    const whole = parseCase(c);
    t.deepEqual(parseCase(c, 1), whole);
    t.deepEqual(parseCase(c, 7), whole);
  });
}

test('PostgreSQL: the workload counts the same in every capture (44 statements, 6 errors, 2 lock waits, 1 temp file)', (t) => {
  for (const name of ['pg-stderr-debian', 'pg-stderr-rich', 'pg-stderr-all-escapes', 'pg-csv', 'pg-json']) {
    const s = expected(name).summary;
    t.like(s, { statements: 44, statementsWithoutDuration: 3, withParams: 7, withPlan: 4, errors: 6, lockWaits: 2, tempFiles: 1, sessions: 5, rejects: 0 }, name);
  }
});

test('stderr, csvlog and jsonlog of the same run give the same events', (t) => {
  // Only the fields a format may lack differ: stderr's Debian prefix has no session id (pid instead), client,
  // application or SQLSTATE; line numbers differ because csv and json keep a message on fewer lines.
  const comparable = (name: string) => parseCase(cases.find((c) => c.name === name)!).events.map((e) => {
    const { line, session, client, application, transaction, ...rest } = e;
    return rest.kind === 'error' ? { ...rest, sqlstate: null } : rest;
  });
  const stderr = comparable('pg-stderr-debian');
  t.deepEqual(comparable('pg-csv'), stderr);
  t.deepEqual(comparable('pg-json'), stderr);
});

test('extended protocol: one statement per execute, parse/bind not counted, parameters kept as literals', (t) => {
  const events = parseCase(cases[0]).events.filter((e) => e.kind === 'statement' && e.sql === 'SELECT id, total FROM qprof_capture.orders WHERE customer_id = $1 AND status = $2');
  t.deepEqual(events.map((e) => e.kind === 'statement' && [e.durationMs, e.params]), [[10.383, ["'3'", "'new'"]], [10.797, ["'4'", "'paid'"]]]);
  const insert = parseCase(cases[0]).events.find((e) => e.kind === 'statement' && e.sql.startsWith('INSERT'));
  t.deepEqual(insert?.kind === 'statement' && insert.params, ["'5001'", "'o''brien@example.com'", 'NULL']);
});

test('log_statement=all: a statement and its later bare duration line are one event; a failed one counts as an error only', (t) => {
  const events = parseCase(cases[0]).events;
  const lookup = events.filter((e) => e.kind === 'statement' && e.sql === 'SELECT email FROM qprof_capture.customers WHERE id = 99');
  t.is(lookup.length, 1);
  t.is(lookup[0].kind === 'statement' && lookup[0].durationMs, 0.451);
  const divisions = events.filter((e) => e.sql === 'SELECT 1/0');
  t.deepEqual(divisions.map((e) => e.kind), ['error', 'error']);
});

test('auto_explain: a plan and its statement line are one event (text, JSON, plan alone, and with log_statement)', (t) => {
  const planned = parseCase(cases[0]).events.filter((e) => e.kind === 'statement' && e.plan);
  t.deepEqual(planned.map((e) => e.kind === 'statement' && [e.durationMs, e.plan]), [
    [16.961, { nodeTypes: ['Aggregate', 'Seq Scan'], seqScans: ['orders'], estimatedRows: 1, actualRows: 1, totalCost: 414.68 }],
    [19.362, { nodeTypes: ['Aggregate', 'Hash Join', 'Seq Scan', 'Hash'], seqScans: ['orders', 'customers'], estimatedRows: 4, actualRows: 4, totalCost: 473.15 }],
    // log_min_duration_statement off: the plan's own duration.
    [2.326, { nodeTypes: ['Aggregate', 'Seq Scan'], seqScans: ['orders'], estimatedRows: 1, actualRows: 1, totalCost: 398.03 }],
    // log_statement=all: `statement:`, then the plan, then the bare `duration:` line.
    [7.903, { nodeTypes: ['Aggregate', 'Seq Scan'], seqScans: ['orders'], estimatedRows: 1, actualRows: 1, totalCost: 398.03 }],
  ]);
});

test('MariaDB: sessions are thread ids, Full_scan/Tmp_table and EXPLAIN rows are kept, the mid-file banner is skipped', (t) => {
  const events = parseCase(cases.find((c) => c.name === 'mariadb-slow')!).events;
  t.deepEqual([...new Set(events.map((e) => e.session))].length, 2);
  const join = events.find((e) => e.kind === 'statement' && e.sql.startsWith('SELECT c.email'));
  t.like(join, { durationMs: 124.747, rowsSent: 5, rowsExamined: 40505, fullScan: true, tmpTable: true, database: 'qprof_capture' });
  t.true(events.some((e) => e.kind === 'statement' && e.sql === 'FLUSH SLOW LOGS'));
});

test('MySQL 8 (documented format, not a capture): ISO # Time, Id in User@Host, administrator command skipped, use inherited', (t) => {
  const events = parseCase(cases.find((c) => c.name === 'mysql8-slow-documented')!).events;
  t.deepEqual(events.map((e) => [e.session, e.database, e.timeMs]), [
    ['12', 'shop', Date.UTC(2026, 10, 26, 20, 44, 32, 123)],
    ['13', 'shop', Date.UTC(2026, 10, 26, 20, 44, 33, 500)],
    ['14', 'shop', Date.UTC(2026, 10, 26, 20, 44, 35, 0)],
  ]);
});
