/**
 * pg_stat_statements sampling against the real PostgreSQL: a known workload between two samples is recorded
 * exactly; a reset of this database's entries mid-run never yields a negative or doubled delta; missing
 * extension and unreachable server give one clear line. Each test uses its own scratch database.
 */
import test from 'ava';
import pg from 'pg';
import { connectPostgres } from '../../../agent/postgres/connect.js';
import { fetchPgssReading } from '../../../agent/postgres/sampler.js';
import { SourceUnavailableError } from '../../../agent/errors.js';
import { openStore, type Db } from '../../../storage/db.js';
import { ensureTarget } from '../../../storage/targets-repo.js';
import { sampleStatements } from '../../../cli/sampling/engines.js';
import { requireService, testUrls } from '../../helpers/services.js';

function urlFor(database: string): string {
  const url = new URL(testUrls.postgres);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withScratchDb(name: string, extension: boolean, fn: (url: string) => Promise<void>): Promise<void> {
  const admin = new pg.Client(testUrls.postgres);
  await admin.connect();
  const database = `qprof_g1_${name}_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    if (extension) {
      const c = new pg.Client(urlFor(database));
      await c.connect();
      await c.query('CREATE EXTENSION pg_stat_statements');
      await c.end();
    }
    await fn(urlFor(database));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

async function reachable(): Promise<unknown> {
  const c = new pg.Client(testUrls.postgres);
  try { await c.connect(); await c.end(); return null; } catch (error) { return error; }
}

interface BucketRow { normalized: string; calls: number; total_ms: number; rows: number }
function buckets(db: Db): BucketRow[] {
  return db.prepare(`SELECT s.normalized, sum(b.calls) AS calls, sum(b.total_ms) AS total_ms, sum(b.rows) AS rows
    FROM stat_buckets b JOIN shapes s ON s.id = b.shape_id WHERE b.source = 'pgss' GROUP BY s.normalized`).all() as BucketRow[];
}

test('a known workload between two samples is recorded exactly; a reset mid-run never goes negative', async (t) => {
  if (!requireService(t, 'postgres', await reachable())) return;
  await withScratchDb('work', true, async (url) => {
    const app = new pg.Client(url);
    await app.connect();
    await app.query('CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)');
    await app.query('INSERT INTO items SELECT g, g FROM generate_series(1, 100) g');
    const store = openStore(':memory:');
    const target = ensureTarget(store, 'scratch', 'postgres', url, Date.now());
    const session = await connectPostgres(url);
    try {
      // Seen once before the baseline: its later calls must still be recorded (regression: its shape was
      // only known from the sampler state and never stored, so the bucket insert failed).
      await app.query('SELECT v FROM items WHERE id = $1', [100]);
      const first = await sampleStatements(store, target, session);
      t.true(first.baseline);
      t.is(buckets(store).length, 0, 'the baseline records no deltas');

      const startedMs = performance.now();
      for (let i = 1; i <= 37; i++) await app.query('SELECT v FROM items WHERE id = $1', [i]);
      const wallMs = performance.now() - startedMs;
      for (let i = 1; i <= 5; i++) await app.query('UPDATE items SET v = v + 1 WHERE id = $1', [i]);
      // Two IN-list lengths: two queryids, one shape.
      await app.query('SELECT v FROM items WHERE id IN (1, 2)');
      await app.query('SELECT v FROM items WHERE id IN (1, 2, 3)');

      const second = await sampleStatements(store, target, session);
      t.false(second.baseline);
      const rows = buckets(store);
      const select = rows.find((r) => /^SELECT v FROM items WHERE id = \$1$/.test(r.normalized));
      const update = rows.find((r) => r.normalized.startsWith('UPDATE items'));
      const inList = rows.find((r) => /WHERE id IN/.test(r.normalized));
      t.is(select?.calls, 37);
      t.is(select?.rows, 37);
      t.true(select!.total_ms > 0 && select!.total_ms <= wallMs, `server time ${select?.total_ms} ms within the client's ${wallMs} ms`);
      t.is(update?.calls, 5);
      t.is(inList?.calls, 2, 'two IN-list lengths sum into one shape');
      t.false(rows.some((r) => /pg_stat_statements|pg_database|pg_postmaster/.test(r.normalized)), "qprof's own statements are not recorded");

      // Reset this database's entries mid-interval (never done by the product): what ran before is lost,
      // what ran after is counted, nothing goes negative or double.
      for (let i = 1; i <= 10; i++) await app.query('SELECT v FROM items WHERE id = $1', [i]);
      await app.query("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
      for (let i = 1; i <= 3; i++) await app.query('SELECT v FROM items WHERE id = $1', [i]);
      const third = await sampleStatements(store, target, session);
      const after = buckets(store).find((r) => r.normalized === select!.normalized);
      t.is(after?.calls, 37 + 3);
      t.true(third.warnings.length > 0, 'the reset is reported');
      const negative = store.prepare("SELECT count(*) AS n FROM stat_buckets WHERE calls < 0 OR total_ms < 0 OR rows < 0").get() as { n: number };
      t.is(negative.n, 0);
      // Hands off: the monitoring session cannot write (read-only transactions, SQLSTATE 25006).
      await t.throwsAsync(session.query('CREATE TABLE qprof_must_not_exist (i int)'), { code: '25006' });
    } finally {
      await session.close();
      await app.end();
      store.close();
    }
  });
});

test('a database without pg_stat_statements says how to install it', async (t) => {
  if (!requireService(t, 'postgres', await reachable())) return;
  await withScratchDb('noext', false, async (url) => {
    const session = await connectPostgres(url);
    try {
      const error = await t.throwsAsync(fetchPgssReading(session, () => false), { instanceOf: SourceUnavailableError });
      t.regex(error!.message, /pg_stat_statements is not installed in database qprof_g1_noext/);
      t.regex((error as SourceUnavailableError).hint ?? '', /CREATE EXTENSION pg_stat_statements/);
    } finally {
      await session.close();
    }
  });
});

test('an unreachable server gives one line with the password redacted', async (t) => {
  const error = await t.throwsAsync(connectPostgres('postgres://app:s3cret@127.0.0.1:1/shop'), { instanceOf: SourceUnavailableError });
  t.regex(error!.message, /cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/shop/);
  t.false(error!.message.includes('s3cret'));
  t.false(error!.message.includes('\n'));
});
