import test from 'ava';
import { createPrng, measureSpanMs, rewriteLine, thinSessions, varyLiterals } from '../../../scripts/gen-logs/replicate.js';

const pgLines = [
  "2026-11-26 21:30:56.644 UTC [25860] app@shop LOG:  duration: 10.401 ms  statement: SELECT * FROM t1 WHERE id = 4242 AND name = 'user77' ORDER BY 2 LIMIT 1",
  '2026-11-26 21:30:57.001 UTC [25861] app@shop LOG:  duration: 0.050 ms  execute P0_1: UPDATE t SET a = a + $1 WHERE id = $2',
  "2026-11-26 21:30:57.001 UTC [25861] app@shop DETAIL:  parameters: $1 = '-3012', $2 = '52131'",
  '2026-11-26 21:30:58.999 UTC [25860] app@shop LOG:  duration: 1.000 ms  statement: SELECT 1',
];

test('copy 0 is the capture unchanged; copy k advances time and pid, keeps durations, placeholders and names', (t) => {
  const context0 = { copy: 0, offsetMs: 0, prng: createPrng(1) };
  for (const line of pgLines) t.is(rewriteLine('pg-stderr', line, context0), line);
  const span = measureSpanMs('pg-stderr', pgLines);
  t.is(span, 4000); // 2.355 s rounded up to whole seconds, plus one second between copies
  const c = { copy: 2, offsetMs: 2 * span, prng: createPrng(3) };
  const out = pgLines.map((l) => rewriteLine('pg-stderr', l, c));
  t.true(out[0].startsWith('2026-11-26 21:31:04.644 UTC [225860] app@shop LOG:  duration: 10.401 ms  statement: SELECT * FROM t1 WHERE id = '));
  t.regex(out[0], /id = \d{4} AND name = 'user77' ORDER BY 2 LIMIT 1$/);
  t.is(out[1], '2026-11-26 21:31:05.001 UTC [225861] app@shop LOG:  duration: 0.050 ms  execute P0_1: UPDATE t SET a = a + $1 WHERE id = $2');
  t.regex(out[2], /DETAIL: {2}parameters: \$1 = '-\d{4}', \$2 = '\d{5}'$/);
});

test('varied literals keep their length and change across copies', (t) => {
  const sql = "SELECT c FROM sbtest3 WHERE id BETWEEN 10033 AND 10132 AND c = '83868641912-28773972837'";
  const a = varyLiterals(sql, createPrng(1));
  const b = varyLiterals(sql, createPrng(2));
  t.not(a, b);
  t.is(a.length, sql.length);
  t.true(a.startsWith('SELECT c FROM sbtest3 WHERE id BETWEEN '));
  t.is(a.replace(/\d/g, '9'), sql.replace(/\d/g, '9'));
});

test('MariaDB copies: # Time and SET timestamp advance together, thread ids never collide with copy 0', (t) => {
  const lines = ['# Time: 261126  9:31:17', '# User@Host: app[app] @  [127.0.0.1]', '# Thread_id: 505  Schema: shop  QC_hit: No',
    '# Query_time: 0.000074  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 1', 'use `shop`;', 'SET timestamp=1795685477;', 'SELECT c FROM t WHERE id=1234;'];
  const c = { copy: 1, offsetMs: 3_600_000, prng: createPrng(5) };
  const out = lines.map((l) => rewriteLine('mysql-slow', l, c));
  t.is(out[0], '# Time: 261126 10:31:17');
  t.is(out[2], '# Thread_id: 1000505  Schema: shop  QC_hit: No');
  t.is(out[3], lines[3]);
  t.is(out[4], lines[4]);
  t.is(out[5], 'SET timestamp=1795689077;');
  t.regex(out[6], /^SELECT c FROM t WHERE id=\d{4};$/);
});

test('thinning keeps whole sessions, DETAIL and continuation lines with their entry', (t) => {
  const lines = [pgLines[0], '\tAND x = 1', pgLines[1], pgLines[2], pgLines[3]];
  t.deepEqual(thinSessions('pg-stderr', lines, 2), [pgLines[0], '\tAND x = 1', pgLines[3]]);
});
