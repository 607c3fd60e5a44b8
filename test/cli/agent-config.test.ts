/** Agent configuration: precedence flag > QPROF_* env > file > defaults, and every problem named by key. */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../agent/errors.js';
import { agentDefaults, resolveAgentConfig } from '../../cli/config.js';

const file = {
  db: '/var/lib/qprof/qprof.db',
  http: { host: '0.0.0.0', port: 9200 },
  statsIntervalMs: 30_000,
  targets: [
    { name: 'shop-pg', pg: 'postgres://qprof:secret@db1:5432/shop', catalogIntervalMs: 0, logs: [{ path: '/var/log/postgresql/pg.json', format: 'pg-json' }] },
    { mysql: 'mariadb://qprof@db2/shop' },
  ],
};

test('the file fills what env and flags leave open; defaults fill the rest', (t) => {
  const config = resolveAgentConfig(file, {}, {});
  t.is(config.db, '/var/lib/qprof/qprof.db');
  t.deepEqual(config.http, { host: '0.0.0.0', port: 9200 });
  t.is(config.logPollMs, agentDefaults.logPollMs);
  const [pg, my] = config.targets;
  t.like(pg, { name: 'shop-pg', engine: 'postgres', statsIntervalMs: 30_000, catalogIntervalMs: 0 });
  t.deepEqual(pg!.logs, [{ path: '/var/log/postgresql/pg.json', format: 'pg-json', prefix: undefined, timeZone: undefined }]);
  t.like(my, { name: 'db2:3306/shop', engine: 'mysql', dsn: 'mysql://qprof@db2/shop', statsIntervalMs: 30_000, catalogIntervalMs: 600_000 });
});

test('QPROF_* environment beats the file, flags beat both', (t) => {
  const env = { QPROF_DB: '/env.db', QPROF_HTTP_PORT: '9300', QPROF_STATS_INTERVAL_MS: '10000', QPROF_LOG_LEVEL: 'warn' };
  const fromEnv = resolveAgentConfig(file, env, {});
  t.is(fromEnv.db, '/env.db');
  t.is(fromEnv.http?.port, 9300);
  t.is(fromEnv.logLevel, 'warn');
  t.true(fromEnv.targets.every((x) => x.statsIntervalMs === 10_000));
  const fromFlags = resolveAgentConfig(file, env, { db: '/flag.db', port: 0, statsIntervalMs: 5000, logLevel: 'debug', noHttp: false });
  t.is(fromFlags.db, '/flag.db');
  t.is(fromFlags.http?.port, 0);
  t.is(fromFlags.logLevel, 'debug');
  t.true(fromFlags.targets.every((x) => x.statsIntervalMs === 5000));
  t.is(resolveAgentConfig(file, env, { noHttp: true }).http, null);
});

test('no file: --pg and --mysql make the targets', (t) => {
  const config = resolveAgentConfig(null, {}, { pg: 'postgres://postgres@127.0.0.1:5432/test', mysql: 'mysql://root@127.0.0.1:3306/test' });
  t.deepEqual(config.targets.map((x) => [x.name, x.engine]), [['127.0.0.1:5432/test', 'postgres'], ['127.0.0.1:3306/test', 'mysql']]);
  t.is(config.db, agentDefaults.db);
  t.deepEqual(config.http, { host: '127.0.0.1', port: 9187 });
});

test('every problem is reported at once, by key, without the password', (t) => {
  const bad = {
    htp: {}, statsIntervalMs: 10,
    targets: [
      { pg: 'mysql://u:hunter2@h/db', logs: [{ path: '/x.log', format: 'pg-text' }] },
      { name: 'a', mysql: 'mysql://h/db', logs: [{ path: '/y', format: 'pg-json' }] },
      { name: 'a', engine: 'postgres', logs: [{ path: '/z', format: 'pg-csv' }] },
      {},
    ],
  };
  const error = t.throws(() => resolveAgentConfig(bad, { QPROF_HTTP_PORT: 'x' }, {}), { instanceOf: ConfigError })!;
  for (const part of ['config: unknown key "htp"', 'statsIntervalMs: expected a whole number of milliseconds ≥ 1000',
    'targets[0].pg: expected a postgres:// URL', 'targets[0].logs[0].format: expected one of', 'targets[1].logs[0].format: a pg-json log does not belong to a mysql target',
    'two targets are named "a"', 'targets[3]: needs "pg" or "mysql"', 'http.port: expected a port']) {
    t.true(error.message.includes(part), `${part} in ${error.message}`);
  }
  t.false(error.message.includes('hunter2'));
});

test('an interval of "all" (infinite) is refused rather than sampling in a tight loop', (t) => {
  t.throws(() => resolveAgentConfig(file, {}, { statsIntervalMs: Number.POSITIVE_INFINITY }), { instanceOf: ConfigError, message: /stats interval: at least 1 s and finite/ });
  t.throws(() => resolveAgentConfig(file, {}, { catalogIntervalMs: Number.POSITIVE_INFINITY }), { instanceOf: ConfigError, message: /catalog interval: must be finite/ });
});

test('no targets at all is a usage error saying what to add', (t) => {
  t.throws(() => resolveAgentConfig({}, {}, {}), { instanceOf: ConfigError, message: /no targets: add "targets"/ });
});

test('docker/agent.example.json is a valid configuration', (t) => {
  const example = JSON.parse(readFileSync(new URL('../../../docker/agent.example.json', import.meta.url), 'utf8'));
  const config = resolveAgentConfig(example, {}, {});
  t.true(config.targets.length >= 2);
  t.true(config.targets.some((x) => x.engine === 'postgres' && x.logs.length > 0));
  t.true(config.targets.some((x) => x.engine === 'mysql' && x.logs.length > 0));
});
