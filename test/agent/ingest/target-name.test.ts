import test from 'ava';
import { deriveTargetName } from '../../../agent/ingest/target-name.js';

const cases: [string, string][] = [
  ['/var/log/postgresql/postgresql-15-main.log', 'postgresql-15-main'],
  ['/var/log/postgresql/postgresql-15-main.log.1', 'postgresql-15-main'],
  ['/var/log/postgresql/postgresql-15-main.log.2.gz', 'postgresql-15-main'],
  ['/var/lib/postgresql/15/main/log/postgresql-2026-11-26_205405.csv', 'postgresql'],
  ['/var/lib/postgresql/15/main/log/postgresql-2026-11-26_205405.json', 'postgresql'],
  ['/var/log/mysql/mariadb-slow.log', 'mariadb-slow'],
  ['/var/log/mysql/mysql-slow.log-20261126', 'mysql-slow'],
  ['shop-db-Mon.log', 'shop-db'],
  ['C:\\logs\\orders.log', 'orders'],
  ['.log', 'log'],
];

test('every rotation of one server\'s log maps to one target name', (t) => {
  for (const [path, name] of cases) t.is(deriveTargetName(path), name, path);
});
