import test from 'ava';
import { detectLogFormat } from '../../../agent/logs/index.js';
import { readLines, richPrefix } from './cases.js';

const detected = (file: string, n = 50) => detectLogFormat(readLines(file).slice(0, n));

test('each real capture is detected from its first lines', (t) => {
  t.deepEqual(detected('pg-stderr-debian.log'), { format: 'pg-stderr', prefix: '%m [%p] %q%u@%d ' });
  t.deepEqual(detected('pg-csv.csv'), { format: 'pg-csv' });
  t.deepEqual(detected('pg-json.json'), { format: 'pg-json' });
  t.deepEqual(detected('mariadb-slow.log'), { format: 'mysql-slow' });
  t.deepEqual(detected('mysql8-slow-documented.log'), { format: 'mysql-slow' });
});

test('a csv record with a multi-line message and a json plan spread over lines are still recognised', (t) => {
  const csv = readLines('pg-csv.csv');
  const multi = csv.findIndex((l) => l.includes('SELECT c.email,'));
  t.deepEqual(detectLogFormat(csv.slice(multi, multi + 20)), { format: 'pg-csv' });
});

test('a stderr log with an uncommon prefix is not guessed wrongly: the error says to pass --prefix', (t) => {
  for (const file of ['pg-stderr-rich.log', 'pg-stderr-all-escapes.log']) {
    const result = detected(file);
    t.true('error' in result && result.error.includes('--prefix'), file);
  }
});

test('common prefixes other than the Debian default are found', (t) => {
  const pgbadger = [
    "2026-11-26 20:58:25 UTC [20413]: [1-1] user=app,db=shop,app=psql,client=10.0.0.7 LOG:  duration: 0.163 ms  statement: SELECT 1",
    '2026-11-26 20:58:26 UTC [20414]: [1-1] user=,db=,app=,client= LOG:  checkpoint starting: time',
  ];
  t.deepEqual(detectLogFormat(pgbadger), { format: 'pg-stderr', prefix: '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' });
});

test('empty input and unknown text give a one-line error naming --format', (t) => {
  for (const lines of [[], ['hello world', 'not a log']]) {
    const result = detectLogFormat(lines);
    t.true('error' in result && result.error.includes('--format') && !result.error.includes('\n'));
  }
});

test('a stderr log with an uncommon prefix is detected when the user gives that prefix', (t) => {
  t.deepEqual(detectLogFormat(readLines('pg-stderr-rich.log').slice(0, 50), { prefix: richPrefix }), { format: 'pg-stderr', prefix: richPrefix });
  // A prefix that does not fit is not forced on the log.
  t.true('error' in detectLogFormat(readLines('pg-stderr-rich.log').slice(0, 50), { prefix: '%t <%p> ' }));
});

test('the log_line_prefix README.md recommends is detected without --prefix', (t) => {
  // The rich capture with its extra `%l %x %e` fields cut out is exactly what '%m [%p] %q%u@%d/%a %c ' writes.
  const lines = readLines('pg-stderr-rich.log').slice(0, 50)
    .map((l) => l.replace(/^(\S+ \S+ UTC \[\d+\] (?:\S+@\S+ )?[0-9a-f]+\.[0-9a-f]+) \d+ \d+ [0-9A-Z]{5} /, '$1 '));
  t.deepEqual(detectLogFormat(lines), { format: 'pg-stderr', prefix: '%m [%p] %q%u@%d/%a %c ' });
});

test('a jsonlog cut mid-record (copied while being written) is still detected', (t) => {
  const lines = readLines('pg-json.json').slice(0, 12);
  const torn = [...lines.slice(0, 11), lines[11].slice(0, Math.floor(lines[11].length / 2))];
  t.deepEqual(detectLogFormat(torn), { format: 'pg-json' });
  // Text that merely starts with `{` is not taken for a jsonlog.
  t.true('error' in detectLogFormat(['{"a":1}', '{"b":2}', '{not json']));
});
