/**
 * `qprof agent` as a process against the real PostgreSQL and MariaDB: two targets, a known workload; the
 * store's totals equal the servers' own counters; /healthz and /metrics answer; SIGTERM exits 0 and leaves a
 * store whose sampler state matches its deltas (a later sample continues exactly where the agent stopped).
 */
import test from 'ava';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPostgres } from '../../agent/postgres/connect.js';
import { connectMysql } from '../../agent/mysql/connect.js';
import { openStore, type Db } from '../../storage/db.js';
import { readTargets } from '../../storage/targets-repo.js';
import { sampleStatements } from '../../cli/sampling/engines.js';
import { requireService, testUrls } from '../helpers/services.js';
import { metric, spawnAgent, waitFor } from './agent-process.js';

const table = `g2_items_${process.pid}`;
const myDb = `qprof_g2_${process.pid}`;
const myUrl = (() => { const u = new URL(testUrls.mysql); u.pathname = `/${myDb}`; return u.toString(); })();

function storedCalls(db: Db, source: 'pgss' | 'digest'): number {
  const row = db.prepare(`SELECT coalesce(sum(b.calls), 0) AS calls, min(b.calls) AS least FROM stat_buckets b JOIN shapes s ON s.id = b.shape_id
    WHERE b.source = ? AND s.normalized LIKE ? AND upper(s.normalized) LIKE 'SELECT%'`).get(source, `%${table}%`) as { calls: number };
  return row.calls;
}

async function pgCalls(client: pg.Client): Promise<number> {
  const r = await client.query(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query LIKE $1 AND query ILIKE 'SELECT%'`, [`%${table}%`]);
  return r.rows[0].n as number;
}

async function myCalls(conn: mysql.Connection): Promise<number> {
  const [rows] = await conn.query(`SELECT coalesce(sum(COUNT_STAR), 0) AS n FROM performance_schema.events_statements_summary_by_digest
    WHERE DIGEST_TEXT LIKE ? AND DIGEST_TEXT LIKE 'SELECT%'`, [`%${table}%`]);
  return Number((rows as Array<{ n: string }>)[0]!.n);
}

test('two targets: store totals equal the servers\' counters; /healthz, /metrics; SIGTERM exits 0 with a consistent store', async (t) => {
  const pgApp = new pg.Client(testUrls.postgres);
  try { await pgApp.connect(); } catch (error) { requireService(t, 'postgres', error); return; }
  let admin: mysql.Connection;
  try { admin = await mysql.createConnection(testUrls.mysql); } catch (error) { await pgApp.end(); requireService(t, 'mysql', error); return; }
  const dir = mkdtempSync(join(tmpdir(), 'qprof-agent-'));
  await pgApp.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id int PRIMARY KEY, v int); INSERT INTO ${table} SELECT g, g FROM generate_series(1, 100) g`);
  await admin.query(`DROP DATABASE IF EXISTS ${myDb}`);
  await admin.query(`CREATE DATABASE ${myDb}`);
  const myApp = await mysql.createConnection(myUrl);
  await myApp.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, v INT)`);
  await myApp.query(`INSERT INTO ${table} SELECT seq, seq FROM seq_1_to_100`);
  t.teardown(async () => {
    await pgApp.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await pgApp.end();
    await myApp.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${myDb}`).catch(() => {});
    await admin.query("SELECT RELEASE_LOCK('qprof_test_digests')").catch(() => {});
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });
  // Another test TRUNCATEs the digest table; it waits while we hold this lock.
  await admin.query("SELECT GET_LOCK('qprof_test_digests', 120)");

  const store = join(dir, 'qprof.db');
  const config = join(dir, 'agent.json');
  writeFileSync(config, JSON.stringify({
    db: store, http: { port: 0 }, statsIntervalMs: 1000, catalogIntervalMs: 5000,
    targets: [{ name: 'pg', pg: testUrls.postgres }, { name: 'maria', mysql: myUrl }],
  }));
  const agent = spawnAgent(['--config', config]);
  t.teardown(() => { agent.child.kill('SIGKILL'); });
  const port = await agent.port;
  const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const stats = (text: string, target: string): number => metric(text, 'qprof_samples_total', { target, kind: 'stats' }) ?? 0;
  await waitFor('both baselines', async () => { const m = await metrics(); return stats(m, 'pg') >= 1 && stats(m, 'maria') >= 1; }, 90_000);

  const before = { pg: await pgCalls(pgApp), maria: await myCalls(admin) };
  const n = 37;
  for (let i = 1; i <= n; i++) {
    await pgApp.query(`SELECT v FROM ${table} WHERE id = $1`, [i]);
    await myApp.query(`SELECT v FROM ${table} WHERE id = ?`, [i]);
  }
  const after = { pg: await pgCalls(pgApp), maria: await myCalls(admin) };
  t.deepEqual([after.pg - before.pg, after.maria - before.maria], [n, n], 'the servers counted the workload');
  const seen = await metrics();
  await waitFor('two more samples each', async () => { const m = await metrics(); return stats(m, 'pg') >= stats(seen, 'pg') + 2 && stats(m, 'maria') >= stats(seen, 'maria') + 2; });

  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  t.is(health.status, 200);
  t.is(((await health.json()) as { status: string }).status, 'ok');
  const text = await metrics();
  t.is(metric(text, 'qprof_target_up', { target: 'pg' }), 1);
  t.is(metric(text, 'qprof_target_up', { target: 'maria' }), 1);
  t.true((metric(text, 'qprof_samples_total', { target: 'maria', kind: 'catalog' }) ?? 0) >= 1);
  t.is(metric(text, 'qprof_sample_errors_total', { target: 'pg' }), 0);

  agent.child.kill('SIGTERM');
  t.is(await agent.exit, 0, agent.output().slice(-2000));
  t.regex(agent.output(), /"msg":"stopped; store consistent"/);

  const db = openStore(store);
  t.is((db.pragma('integrity_check', { simple: true }) as string), 'ok');
  t.is(storedCalls(db, 'pgss'), after.pg - before.pg, 'PostgreSQL: store = pg_stat_statements delta');
  t.is(storedCalls(db, 'digest'), after.maria - before.maria, 'MariaDB: store = performance_schema delta');
  // The state written with the last deltas: a sample after the agent stopped adds exactly what ran since.
  for (let i = 1; i <= 5; i++) {
    await pgApp.query(`SELECT v FROM ${table} WHERE id = $1`, [i]);
    await myApp.query(`SELECT v FROM ${table} WHERE id = ?`, [i]);
  }
  const targets = new Map(readTargets(db).map((x) => [x.name, x]));
  const pgSession = await connectPostgres(testUrls.postgres);
  const mySession = await connectMysql(myUrl);
  await sampleStatements(db, targets.get('pg')!, pgSession);
  await sampleStatements(db, targets.get('maria')!, mySession);
  await pgSession.close();
  await mySession.close();
  t.is(storedCalls(db, 'pgss'), n + 5);
  t.is(storedCalls(db, 'digest'), n + 5);
  t.is((db.prepare('SELECT count(*) AS n FROM stat_buckets WHERE calls < 0 OR total_ms < 0').get() as { n: number }).n, 0);
  db.close();
});

test('a bad config file exits 2 with one line naming the key', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-agent-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'agent.json');
  writeFileSync(config, JSON.stringify({ targets: [{ pg: 'postgres://u:pw@h/db', statsIntervalMs: 'fast' }] }));
  const agent = spawnAgent(['--config', config, '--db', join(dir, 'x.db')]);
  t.is(await agent.exit, 2);
  t.regex(agent.output(), /^qprof: invalid agent configuration: targets\[0\]\.statsIntervalMs: expected a whole number of milliseconds/m);
  t.false(agent.output().includes('pw@'));
});
