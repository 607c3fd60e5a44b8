/**
 * Catalog snapshots from the real PostgreSQL and MariaDB, read back with readLatestCatalog as the index and
 * replica advisors do. Each test uses its own database / schema.
 */
import test from 'ava';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connectPostgres } from '../../../agent/postgres/connect.js';
import { connectMysql } from '../../../agent/mysql/connect.js';
import { openStore } from '../../../storage/db.js';
import { ensureTarget } from '../../../storage/targets-repo.js';
import { readLatestCatalog } from '../../../storage/catalog-repo.js';
import { sampleCatalog } from '../../../cli/sampling/engines.js';
import { requireService, testUrls } from '../../helpers/services.js';

const name = `qprof_g1_cat_${process.pid}`;
const withDb = (base: string, db: string): string => { const u = new URL(base); u.pathname = `/${db}`; return u.toString(); };

test('PostgreSQL: indexes with column order, expression, predicate, FK backing; column stats; function volatility', async (t) => {
  const admin = new pg.Client(testUrls.postgres);
  try { await admin.connect(); } catch (error) { requireService(t, 'postgres', error); return; }
  await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await admin.query(`CREATE SCHEMA ${name}`);
  try {
    await admin.query(`SET search_path = ${name};
      CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), status text, created_at timestamptz);
      CREATE INDEX orders_customer_created ON orders (customer_id, created_at DESC);
      CREATE INDEX orders_open ON orders (created_at) WHERE status = 'open';
      CREATE UNIQUE INDEX customers_email ON customers (lower(email));
      CREATE FUNCTION pick() RETURNS int VOLATILE LANGUAGE sql AS 'SELECT 1';
      INSERT INTO customers SELECT g, 'c' || g || '@x' FROM generate_series(1, 50) g;
      INSERT INTO orders SELECT g, 1 + g % 50, CASE WHEN g % 4 = 0 THEN 'open' ELSE 'done' END, now() FROM generate_series(1, 2000) g;
      ANALYZE customers; ANALYZE orders;`);
    // Backends report their table counters lazily (PG 15+): make this one report now.
    await admin.query('SELECT pg_stat_force_next_flush()');
    await admin.query('SELECT 1');
    const store = openStore(':memory:');
    const target = ensureTarget(store, 'scratch', 'postgres', null, Date.now());
    const session = await connectPostgres(testUrls.postgres);
    const report = await sampleCatalog(store, target, session);
    await session.close();
    t.deepEqual(report.skipped, []);
    const catalog = readLatestCatalog(store, target.id);
    const indexes = catalog.indexes!.filter((i) => i.schema === name);
    const byName = new Map(indexes.map((i) => [i.name, i]));
    t.deepEqual(byName.get('orders_customer_created')?.columns, ['customer_id', 'created_at']);
    t.true(byName.get('orders_customer_created')?.backsForeignKey);
    t.is(byName.get('orders_open')?.where, "(status = 'open'::text)");
    t.is(byName.get('customers_email')?.expression, 'lower(email)');
    t.true(byName.get('customers_email')?.unique);
    t.true(byName.get('orders_pkey')?.primary);
    const status = catalog.columns!.find((c) => c.schema === name && c.table === 'orders' && c.column === 'status');
    t.deepEqual(status?.mostCommonVals, ['done', 'open']);
    t.is(status?.nDistinct, 2);
    const orders = catalog.tables!.find((x) => x.schema === name && x.name === 'orders');
    t.is(orders?.inserts, 2000);
    t.is(catalog.functions!.find((f) => f.schema === name && f.name === 'pick')?.volatility, 'volatile');
    // Not in recovery: 'standalone', or 'primary' while the replica-lag test streams a local standby from it.
    t.true(['standalone', 'primary'].includes(catalog.replication?.role ?? ''), `role ${catalog.replication?.role}`);
    t.truthy(catalog.settings?.settings['pg_stat_statements.max']);
    store.close();
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    await admin.end();
  }
});

test('MariaDB: indexes from STATISTICS with FK backing, cardinality and histograms, routines', async (t) => {
  let admin: mysql.Connection;
  try { admin = await mysql.createConnection({ uri: testUrls.mysql, multipleStatements: true }); } catch (error) { requireService(t, 'mysql', error); return; }
  await admin.query(`DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name}; USE ${name};
    CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, UNIQUE KEY email (email));
    CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, status VARCHAR(10), created_at DATETIME,
      KEY customer_created (customer_id, created_at), FOREIGN KEY (customer_id) REFERENCES customers(id));
    CREATE FUNCTION pick() RETURNS INT NOT DETERMINISTIC RETURN 1;
    INSERT INTO customers SELECT seq, CONCAT('c', seq, '@x') FROM seq_1_to_50;
    INSERT INTO orders SELECT seq, 1 + seq % 50, IF(seq % 4 = 0, 'open', 'done'), NOW() FROM seq_1_to_2000;
    ANALYZE TABLE orders PERSISTENT FOR ALL;`);
  try {
    const store = openStore(':memory:');
    const target = ensureTarget(store, 'scratch', 'mysql', null, Date.now());
    const session = await connectMysql(withDb(testUrls.mysql, name));
    const report = await sampleCatalog(store, target, session);
    await session.close();
    t.deepEqual(report.skipped, []);
    const catalog = readLatestCatalog(store, target.id);
    const cc = catalog.indexes!.find((i) => i.name === 'customer_created');
    t.deepEqual(cc?.columns, ['customer_id', 'created_at']);
    t.true(cc?.backsForeignKey);
    t.true(catalog.indexes!.find((i) => i.table === 'customers' && i.name === 'email')?.unique);
    const status = catalog.columns!.find((c) => c.table === 'orders' && c.column === 'status');
    t.is(status?.nullFrac, 0);
    t.true(catalog.columns!.find((c) => c.table === 'orders' && c.column === 'customer_id')!.cardinality! > 0);
    t.is(catalog.functions!.find((f) => f.name === 'pick')?.volatility, 'volatile');
    t.is(catalog.tables!.find((x) => x.name === 'orders')?.inserts, 2000);
    store.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
});
