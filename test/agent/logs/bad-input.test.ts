/**
 * Bad input never throws and never hides: garbage bytes, invalid UTF-8 (decoded to U+FFFD by the reader), lines of
 * another format and huge statements. Rejects carry the line number and at most 200 characters of text.
 */
import test from 'ava';
import { createLogParser } from '../../../agent/logs/index.js';
import { cases, parseAll, parseCase, readLines } from './cases.js';

const invalidUtf8 = Buffer.from([0x32, 0x30, 0xff, 0xfe, 0xc3, 0x28, 0x20, 0x67, 0x61, 0x72, 0x62, 0x61, 0x67, 0x65]).toString('utf8');
const garbage = ['\u0000\u0001\u0002\u0003 binary junk \u0007', invalidUtf8, 'x'.repeat(5000)];
/** A line of each other format, to be rejected (not misread) by a parser of the wrong one. */
const foreign: Record<string, string> = {
  'pg-stderr': '# Time: 261126 20:58:31',
  'pg-csv': '2026-11-26 20:58:25.406 UTC [20413] postgres@test LOG:  duration: 0.163 ms  statement: SELECT 1',
  'pg-json': '2026-11-26 20:58:25.406 UTC,"postgres","test",20413,,6b089d71.4fbd,1,"SET",,3/0,0,LOG,00000,"x",,,,,,,,,"",,,',
};

for (const c of cases.filter((c) => c.format !== 'mysql-slow')) {
  test(`${c.name}: garbage, invalid UTF-8 and foreign lines between entries are rejects with line numbers; events unchanged`, (t) => {
    const lines = readLines(c.file);
    const clean = parseCase(c);
    // Insert the bad lines where an entry ends: before the first line that starts a record (not a continuation).
    const at = lines.findIndex((l, i) => i > 20 && !l.startsWith('\t') && (c.format !== 'pg-csv' || /^\d{4}-/.test(l)));
    const bad = [...garbage, foreign[c.format]];
    const dirty = [...lines.slice(0, at), ...bad, ...lines.slice(at)];
    const parsed = parseAll(createLogParser(c.format, c.options), dirty);
    t.deepEqual(parsed.rejects.map((r) => r.line), bad.map((_, i) => at + 1 + i));
    t.true(parsed.rejects.every((r) => r.text.length <= 200 && r.reason.length > 0));
    const shifted = (line: number) => (line > at ? line + bad.length : line);
    t.deepEqual(parsed.events, clean.events.map((e) => ({ ...e, line: shifted(e.line) })));
  });
}

test('mariadb-slow: lines before the first entry are rejects; junk inside an entry stays part of its statement', (t) => {
  const lines = readLines('mariadb-slow.log');
  const parsed = parseAll(createLogParser('mysql-slow'), [...garbage, ...lines]);
  t.deepEqual(parsed.rejects.map((r) => r.line), [1, 2, 3]);
  t.is(parsed.events.length, parseCase(cases.find((c) => c.name === 'mariadb-slow')!).events.length);
});

test('a 1 MB statement, single-line and multi-line, is one event with its full text in every format', (t) => {
  const list = Array.from({ length: 150_000 }, (_, i) => i).join(', ');
  const sql = `SELECT * FROM orders WHERE id IN (${list})`;
  t.true(sql.length > 1_000_000);
  const multi = sql.replace(/, (\d*000), /g, ',\n$1, ');
  const prefix = '2026-11-26 20:58:25.406 UTC [20413] postgres@test LOG:  ';
  const next = `${prefix}duration: 0.100 ms  statement: SELECT 1`;
  for (const text of [sql, multi]) {
    const stderr = parseAll(createLogParser('pg-stderr'), [`${prefix}duration: 812.5 ms  statement: ${text.replace(/\n/g, '\n\t')}`.split('\n'), next].flat());
    const csvLine = `2026-11-26 20:58:25.406 UTC,"postgres","test",20413,"127.0.0.1:36402",6b089d71.4fbd,1,"SELECT",2026-11-26 20:58:25 UTC,3/0,0,LOG,00000,"duration: 812.5 ms  statement: ${text}",,,,,,,,,"app","client backend",,1`;
    const csv = parseAll(createLogParser('pg-csv'), csvLine.split('\n'));
    const json = parseAll(createLogParser('pg-json'), [JSON.stringify({ timestamp: '2026-11-26 20:58:25.406 UTC', pid: 1, session_id: 'a.b', error_severity: 'LOG', message: `duration: 812.5 ms  statement: ${text}` })]);
    const slow = parseAll(createLogParser('mysql-slow'), ['# Time: 261126 20:58:31', '# User@Host: root[root] @  [127.0.0.1]', '# Thread_id: 1  Schema: test  QC_hit: No', '# Query_time: 0.812500  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0', 'SET timestamp=1795726711;', ...`${text};`.split('\n')]);
    for (const [name, parsed] of Object.entries({ stderr, csv, json, slow })) {
      const first = parsed.events[0];
      t.true(first?.kind === 'statement' && first.sql === text && first.durationMs === 812.5, name);
      t.deepEqual(parsed.rejects, [], name);
    }
  }
});

test('an unterminated csv quote at the end is one reject, not a crash', (t) => {
  const parsed = parseAll(createLogParser('pg-csv'), ['2026-11-26 20:58:25.406 UTC,"postgres","test",20413,"127.0.0.1:1",6b.4f,1,"SELECT",,3/0,0,LOG,00000,"duration: 1 ms  statement: SELECT \'', 'more']);
  t.deepEqual(parsed.rejects.map((r) => r.line), [1]);
  t.deepEqual(parsed.events, []);
});
