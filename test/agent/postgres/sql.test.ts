import test from 'ava';
import { infoSql, statementsSql } from '../../../agent/postgres/sql.js';
import { mapPgssRow } from '../../../agent/postgres/map-rows.js';

// Column names by extension version: https://www.postgresql.org/docs/current/pgstatstatements.html
const cases: Array<[string, RegExp[], RegExp[]]> = [
  ['1.7', [/total_time AS total_ms/, /true AS toplevel/, /NULL::float8 AS plan_ms/], [/total_exec_time/, /stats_since/]],
  ['1.8', [/total_exec_time AS total_ms/, /total_plan_time AS plan_ms/, /true AS toplevel/], [/stats_since/]],
  ['1.9', [/, toplevel,/, /total_exec_time/], [/stats_since/]],
  ['1.10', [/, toplevel,/, /NULL::text AS since/], [/stats_since/]],
  ['1.11', [/stats_since::text AS since/, /total_exec_time/], []],
];

for (const [version, present, absent] of cases) {
  test(`pg_stat_statements ${version}: the columns that version has`, (t) => {
    const sql = statementsSql(version, false);
    t.true(sql.startsWith('/* qprof */'));
    for (const re of present) t.regex(sql, re);
    for (const re of absent) t.notRegex(sql, re);
    t.regex(sql, /pg_stat_statements\(false\)/, 'no query texts unless asked');
    t.regex(statementsSql(version, true), /pg_stat_statements\(true\)/);
  });
}

test('pg_stat_statements_info exists from 1.9 on', (t) => {
  t.is(infoSql('1.8'), null);
  t.regex(infoSql('1.9') ?? '', /dealloc, stats_reset/);
});

test('rows: bigint strings become numbers; the key is (queryid, userid, dbid, toplevel); hidden queryids are skipped', (t) => {
  const row = { userid: '10', dbid: '5', queryid: '-4242', toplevel: false, query: 'SELECT $1', calls: '7', total_ms: 1.5, plan_ms: null,
    rows: '7', shared_blks_hit: '20', shared_blks_read: '0', temp_blks_written: '0', since: null };
  const entry = mapPgssRow(row)!;
  t.is(entry.key, '-4242:10:5:f');
  t.is(entry.counters.calls, 7);
  t.is(entry.counters.sharedBlksHit, 20);
  t.is(entry.counters.planMs, undefined);
  t.is(mapPgssRow({ ...row, queryid: null }), null);
});
