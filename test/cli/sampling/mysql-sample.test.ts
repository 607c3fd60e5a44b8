/**
 * performance_schema digest sampling against the real MariaDB: a known workload between two samples is
 * recorded exactly, a TRUNCATE of the digest table mid-run never yields a negative or doubled delta, the
 * statement history becomes per-session sequences without duplicates, and a bad password gives one line.
 * Each test uses its own schema.
 */
import test from 'ava';
import mysql from 'mysql2/promise';
import { connectMysql } from '../../../agent/mysql/connect.js';
import { SourceUnavailableError } from '../../../agent/errors.js';
import { openStore, type Db } from '../../../storage/db.js';
import { ensureTarget } from '../../../storage/targets-repo.js';
import { readSessionSequences } from '../../../storage/sessions-repo.js';
import { sampleStatements } from '../../../cli/sampling/engines.js';
import { requireService, testUrls } from '../../helpers/services.js';

const schema = `qprof_g1_${process.pid}`;

function urlFor(database: string): string {
  const url = new URL(testUrls.mysql);
  url.pathname = `/${database}`;
  return url.toString();
}

async function reachable(): Promise<unknown> {
  try { const c = await mysql.createConnection(testUrls.mysql); await c.end(); return null; } catch (error) { return error; }
}

interface BucketRow { normalized: string; calls: number; total_ms: number; rows: number; rows_examined: number }
function buckets(db: Db): BucketRow[] {
  return db.prepare(`SELECT s.normalized, sum(b.calls) AS calls, sum(b.total_ms) AS total_ms, sum(b.rows) AS rows,
      sum(b.rows_examined) AS rows_examined
    FROM stat_buckets b JOIN shapes s ON s.id = b.shape_id WHERE b.source = 'digest' GROUP BY s.normalized`).all() as BucketRow[];
}

test('digest deltas equal the workload; a TRUNCATE mid-run never goes negative; history is stored once', async (t) => {
  if (!requireService(t, 'mysql', await reachable())) return;
  const admin = await mysql.createConnection(testUrls.mysql);
  await admin.query(`DROP DATABASE IF EXISTS ${schema}`);
  await admin.query(`CREATE DATABASE ${schema}`);
  const app = await mysql.createConnection(urlFor(schema));
  const store = openStore(':memory:');
  const target = ensureTarget(store, 'scratch', 'mysql', urlFor(schema), Date.now());
  const session = await connectMysql(urlFor(schema));
  try {
    await app.query('CREATE TABLE items (id INT PRIMARY KEY, v INT NOT NULL)');
    await app.query('INSERT INTO items SELECT seq, seq FROM seq_1_to_100');
    t.true((await sampleStatements(store, target, session)).baseline);

    const startedMs = performance.now();
    for (let i = 1; i <= 23; i++) await app.query('SELECT v FROM items WHERE id = ?', [i]);
    const wallMs = performance.now() - startedMs;
    for (let i = 1; i <= 4; i++) await app.query('UPDATE items SET v = v + 1 WHERE id = ?', [i]);

    const second = await sampleStatements(store, target, session);
    const rows = buckets(store);
    const select = rows.find((r) => /^SELECT v FROM items WHERE id = \?$/.test(r.normalized));
    t.is(select?.calls, 23);
    t.is(select?.rows, 23);
    t.is(select?.rows_examined, 23);
    t.true(select!.total_ms > 0 && select!.total_ms <= wallMs, `server time ${select?.total_ms} ms within the client's ${wallMs} ms`);
    t.is(rows.find((r) => r.normalized.startsWith('UPDATE items'))?.calls, 4);
    t.false(rows.some((r) => /performance_schema|information_schema/.test(r.normalized)), "qprof's own statements are not recorded");

    // TRUNCATE the digest table mid-interval (never done by the product).
    for (let i = 1; i <= 6; i++) await app.query('SELECT v FROM items WHERE id = ?', [i]);
    // The TRUNCATE is global: tests that need stable digest counters for a while hold the MariaDB user lock
    // 'qprof_test_digests' (GET_LOCK) meanwhile; this one waits for it.
    await admin.query("SELECT GET_LOCK('qprof_test_digests', 120)");
    await admin.query('TRUNCATE TABLE performance_schema.events_statements_summary_by_digest');
    await admin.query("SELECT RELEASE_LOCK('qprof_test_digests')");
    for (let i = 1; i <= 4; i++) await app.query('SELECT v FROM items WHERE id = ?', [i]);
    const third = await sampleStatements(store, target, session);
    t.is(buckets(store).find((r) => r.normalized === select!.normalized)?.calls, 23 + 4);
    t.true(third.warnings.some((w) => /reset|re-created|evicted/.test(w)), 'the TRUNCATE is reported');
    const negative = store.prepare('SELECT count(*) AS n FROM stat_buckets WHERE calls < 0 OR total_ms < 0 OR rows < 0').get() as { n: number };
    t.is(negative.n, 0);
    // Hands off: the monitoring session runs read-only transactions.
    await t.throwsAsync(session.query(`INSERT INTO ${schema}.items VALUES (1000, 1)`), { code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION' });

    if (second.sessionEvents === undefined) {
      t.log('events_statements_history_long is off: history part not checked');
    } else {
      // Everything the app connection ran, once, in one session, whatever the number of samples.
      const before = readSessionSequences(store, target.id).flatMap((s) => s.statements).length;
      await sampleStatements(store, target, session);
      const sequences = readSessionSequences(store, target.id);
      t.is(sequences.flatMap((s) => s.statements).length, before, 'a sample without new statements adds no history');
      const appSession = sequences.find((s) => s.statements.length >= 23 + 4 + 6 + 4);
      t.truthy(appSession, 'the app connection is one session holding its statements');
    }
  } finally {
    await session.close();
    await app.end();
    await admin.query(`DROP DATABASE IF EXISTS ${schema}`);
    await admin.end();
    store.close();
  }
});

test('a wrong password gives one line with the password redacted', async (t) => {
  if (!requireService(t, 'mysql', await reachable())) return;
  const url = new URL(testUrls.mysql);
  url.username = 'qprof_g1_nobody';
  url.password = 's3cret';
  const error = await t.throwsAsync(connectMysql(url.toString()), { instanceOf: SourceUnavailableError });
  t.regex(error!.message, /access denied/);
  t.false(error!.message.includes('s3cret'));
  t.regex(error!.message, /qprof_g1_nobody:\*\*\*@/);
});

// A mistyped database in the URL used to give silent, empty samples forever.
test('a database name no digest uses and no schema has is warned about; an existing one is not', async (t) => {
  if (!requireService(t, 'mysql', await reachable())) return;
  const store = openStore(':memory:');
  const missing = `${schema}_missing`;
  const session = await connectMysql(urlFor(missing));
  const known = await connectMysql(urlFor('mysql'));
  try {
    const report = await sampleStatements(store, ensureTarget(store, 'typo', 'mysql', urlFor(missing), Date.now()), session);
    t.true(report.warnings.some((w) => w.includes(`database ${missing}`) && w.includes('check the database name')), report.warnings.join('\n'));
    const fine = await sampleStatements(store, ensureTarget(store, 'fine', 'mysql', urlFor('mysql'), Date.now()), known);
    t.false(fine.warnings.some((w) => w.includes('check the database name')));
  } finally {
    await session.close();
    await known.close();
    store.close();
  }
});
