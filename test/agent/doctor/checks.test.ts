import test from 'ava';
import { checkPostgres, type PgFacts } from '../../../agent/doctor/pg-checks.js';
import { checkMysql, type MysqlFacts } from '../../../agent/doctor/mysql-checks.js';
import { renderFindings } from '../../../agent/doctor/types.js';

// Facts as the probe reads them from this machine's configured PostgreSQL (scripts/services.sh).
const healthyPg: PgFacts = {
  database: 'shop', user: 'qprof', superuser: false, pgssVersion: '1.10', sharedPreloadLibraries: 'pg_stat_statements',
  pgssReadError: null, readAllStats: true,
  settings: { 'pg_stat_statements.max': '10000', 'pg_stat_statements.track': 'all', compute_query_id: 'on',
    track_activity_query_size: '4096', log_min_duration_statement: '0', log_line_prefix: '%m [%p] %q%u@%d ', shared_preload_libraries: 'pg_stat_statements' },
};

const status = (findings: ReturnType<typeof checkPostgres>, id: string) => findings.find((f) => f.id === id)?.status;

test('a configured PostgreSQL passes every check', (t) => {
  t.true(checkPostgres(healthyPg).every((f) => f.status === 'ok'));
});

const pgCases: Array<[string, Partial<PgFacts> | { settings: Record<string, string | null> }, string, 'fail' | 'warn']> = [
  ['library not preloaded', { sharedPreloadLibraries: 'auto_explain' }, 'pgss-preloaded', 'fail'],
  ['hidden libraries but pg_stat_statements answers 55000', { sharedPreloadLibraries: null, pgssReadError: '55000' }, 'pgss-preloaded', 'fail'],
  ['extension missing', { pgssVersion: null }, 'pgss-installed', 'fail'],
  ['no pg_read_all_stats', { readAllStats: false }, 'privileges', 'fail'],
  ['small pg_stat_statements.max', { settings: { ...healthyPg.settings, 'pg_stat_statements.max': '1000' } }, 'pgss-max', 'warn'],
  ['compute_query_id off', { settings: { ...healthyPg.settings, compute_query_id: 'off' } }, 'compute-query-id', 'fail'],
  ['no duration logging', { settings: { ...healthyPg.settings, log_min_duration_statement: '-1' } }, 'log-duration', 'warn'],
  ['prefix without a session key', { settings: { ...healthyPg.settings, log_line_prefix: '%m %u@%d ' } }, 'log-prefix', 'warn'],
];

for (const [name, change, id, expected] of pgCases) {
  test(`PostgreSQL: ${name} → ${id} ${expected} with a fix`, (t) => {
    const finding = checkPostgres({ ...healthyPg, ...change } as PgFacts).find((f) => f.id === id);
    t.is(finding?.status, expected);
    t.truthy(finding?.fix);
  });
}

const healthyMysql: MysqlFacts = {
  account: "'qprof'@'%'", version: '10.11.19-MariaDB', mariadb: true, performanceSchema: true, hasProcess: true, digestReadError: null,
  consumers: { statements_digest: true, events_statements_current: true, events_statements_history_long: true },
  variables: { performance_schema_digests_size: '10000', max_digest_length: '4096', slow_query_log: 'ON', long_query_time: '0.1' },
  digestLost: 0,
};

test('a configured MariaDB passes; each missing piece fails or warns with its fix', (t) => {
  t.true(checkMysql(healthyMysql).every((f) => f.status === 'ok'));
  t.is(status(checkMysql({ ...healthyMysql, performanceSchema: false }), 'performance-schema'), 'fail');
  t.is(status(checkMysql({ ...healthyMysql, hasProcess: false }), 'process'), 'fail');
  t.is(status(checkMysql({ ...healthyMysql, digestReadError: 'ER_TABLEACCESS_DENIED_ERROR' }), 'select-performance-schema'), 'fail');
  t.is(status(checkMysql({ ...healthyMysql, consumers: { ...healthyMysql.consumers, events_statements_history_long: false } }), 'consumer-history'), 'warn');
  t.is(status(checkMysql({ ...healthyMysql, digestLost: 12 }), 'digests-size'), 'warn');
  t.is(status(checkMysql({ ...healthyMysql, variables: { ...healthyMysql.variables, slow_query_log: 'OFF' } }), 'slow-log'), 'warn');
});

test('rendering: ✓/✗/! per check, the fix under a failed one, a summary line', (t) => {
  const text = renderFindings('db1', checkPostgres({ ...healthyPg, pgssVersion: null }));
  t.regex(text, /✗ pg_stat_statements installed: pg_stat_statements is not installed in database shop\n {4}fix: run CREATE EXTENSION pg_stat_statements; in shop/);
  t.regex(text, /1 check failed\n$/);
});

// A mistyped database in a MySQL URL used to pass every check while each sample stored nothing.
test('MySQL: the database of the URL is checked: missing warns with the fix, invisible but used warns with the GRANT', (t) => {
  const find = (schema: MysqlFacts['schema']) => checkMysql({ ...healthyMysql, schema }).find((f) => f.id === 'schema');
  t.is(find({ name: 'shop', visible: true, digests: 12 })?.status, 'ok');
  const missing = find({ name: 'shpo', visible: false, digests: 0 });
  t.is(missing?.status, 'warn');
  t.regex(missing!.detail, /not found/);
  t.regex(missing!.fix!, /check the database name/);
  const hidden = find({ name: 'shop', visible: false, digests: 3 });
  t.is(hidden?.status, 'warn');
  t.regex(hidden!.fix!, /GRANT SELECT ON `shop`\.\* TO 'qprof'@'%';/);
  t.is(find(null), undefined);
});
