/**
 * The agent across restarts of the real PostgreSQL and MariaDB: it survives, reconnects with backoff, reports
 * the gap, and the store holds exactly what ran on each side of the restart (PostgreSQL keeps
 * pg_stat_statements across a clean restart; MariaDB's performance_schema starts empty, which the sampler
 * takes as a reset) with no negative delta. The servers are ALWAYS brought back (teardown, verified).
 */
import test from 'ava';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { execFileSync } from 'node:child_process';
import { mkdirSync, chownSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { openStore, type Db } from '../../../storage/db.js';
import { resolveAgentConfig } from '../../../cli/config.js';
import { createAgent } from '../../../cli/commands/agent.js';
import { requireService, testUrls } from '../../helpers/services.js';
import { waitFor } from '../../cli/agent-process.js';

const table = `g2r_items_${process.pid}`;
const myDb = `qprof_g2r_${process.pid}`;
const myUrl = (() => { const u = new URL(testUrls.mysql); u.pathname = `/${myDb}`; return u.toString(); })();

const run = (cmd: string, args: string[]): boolean => {
  try { execFileSync(cmd, args, { stdio: 'ignore', timeout: 60_000 }); return true; } catch { return false; }
};
const pgReady = (): boolean => run('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']);
const myReady = (): boolean => run('mariadb-admin', ['--protocol=socket', '-uroot', 'ping']);
const myRunning = (): boolean => run('pgrep', ['-x', 'mariadbd']);

function startMariadb(): void {
  mkdirSync('/run/mysqld', { recursive: true });
  try { chownSync('/run/mysqld', Number(execFileSync('id', ['-u', 'mysql']).toString().trim()), Number(execFileSync('id', ['-g', 'mysql']).toString().trim())); } catch { /* best effort */ }
  run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']);
}

/** Bring both servers back whatever happened, and say so if that failed. */
async function ensureServersUp(): Promise<string[]> {
  const problems: string[] = [];
  if (!pgReady()) {
    run('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'start']);
    await waitFor('postgres', () => pgReady(), 60_000, 250).catch(() => problems.push('PostgreSQL did not come back'));
  }
  if (!myReady()) {
    await waitFor('mariadbd to exit', () => !myRunning(), 30_000, 250).catch(() => {});
    startMariadb();
    await waitFor('mariadb', () => myReady(), 60_000, 250).catch(() => problems.push('MariaDB did not come back'));
  }
  return problems;
}

function storedCalls(db: Db, source: string): { calls: number; negative: number } {
  const calls = (db.prepare(`SELECT coalesce(sum(b.calls), 0) AS n FROM stat_buckets b JOIN shapes s ON s.id = b.shape_id
    WHERE b.source = ? AND s.normalized LIKE ? AND upper(s.normalized) LIKE 'SELECT%'`).get(source, `%${table}%`) as { n: number }).n;
  const negative = (db.prepare('SELECT count(*) AS n FROM stat_buckets WHERE calls < 0 OR total_ms < 0 OR rows < 0').get() as { n: number }).n;
  return { calls, negative };
}

test.serial('restart PostgreSQL and MariaDB mid-run: the agent survives, reports the gap, counts exactly, never negative', async (t) => {
  t.timeout(240_000);
  let pgApp = new pg.Client(testUrls.postgres);
  try { await pgApp.connect(); } catch (error) { requireService(t, 'postgres', error); return; }
  let admin: mysql.Connection;
  try { admin = await mysql.createConnection(testUrls.mysql); } catch (error) { await pgApp.end(); requireService(t, 'mysql', error); return; }
  if (!run('which', ['pg_ctlcluster']) || !run('which', ['start-stop-daemon'])) {
    await pgApp.end(); await admin.end();
    t.log('SKIPPED: pg_ctlcluster / start-stop-daemon not available to restart the servers');
    t.pass();
    return;
  }
  await pgApp.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id int PRIMARY KEY, v int); INSERT INTO ${table} SELECT g, g FROM generate_series(1, 100) g`);
  await admin.query(`DROP DATABASE IF EXISTS ${myDb}`);
  await admin.query(`CREATE DATABASE ${myDb}`);
  await admin.query(`CREATE TABLE ${myDb}.${table} (id INT PRIMARY KEY, v INT)`);
  await admin.query(`INSERT INTO ${myDb}.${table} SELECT seq, seq FROM seq_1_to_100`);
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  const db = openStore(':memory:');
  const config = resolveAgentConfig({ http: { port: 0 }, statsIntervalMs: 1000, catalogIntervalMs: 0, backoffMs: 200, maxBackoffMs: 2000,
    targets: [{ name: 'pg', pg: testUrls.postgres }, { name: 'maria', mysql: myUrl }] }, {}, {});
  const agent = await createAgent(config, db, log);
  t.teardown(async () => {
    await agent.stop();
    db.close();
    const problems = await ensureServersUp();
    const cleanupPg = new pg.Client(testUrls.postgres);
    await cleanupPg.connect().then(() => cleanupPg.query(`DROP TABLE IF EXISTS ${table}`)).catch(() => {}).finally(() => cleanupPg.end().catch(() => {}));
    const cleanupMy = await mysql.createConnection(testUrls.mysql).catch(() => null);
    await cleanupMy?.query(`DROP DATABASE IF EXISTS ${myDb}`).catch(() => {});
    await cleanupMy?.end();
    if (problems.length) throw new Error(problems.join('; '));
  });
  const samples = (name: string): number => agent.snapshot().targets.find((x) => x.name === name)!.statsSamples;
  const twoMore = async (): Promise<void> => {
    const pg0 = samples('pg'); const my0 = samples('maria');
    await waitFor('two more samples each', () => samples('pg') >= pg0 + 2 && samples('maria') >= my0 + 2, 60_000);
  };
  const workload = async (n: number): Promise<void> => {
    const my = await mysql.createConnection(myUrl);
    for (let i = 1; i <= n; i++) {
      await pgApp.query(`SELECT v FROM ${table} WHERE id = $1`, [i]);
      await my.query(`SELECT v FROM ${table} WHERE id = ?`, [i]);
    }
    await my.end();
  };
  const pgCalls = async (): Promise<number> => (await pgApp.query(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements
    WHERE query LIKE $1 AND query ILIKE 'SELECT%'`, [`%${table}%`])).rows[0].n as number;

  await admin.query("SELECT GET_LOCK('qprof_test_digests', 120)");
  await agent.start();
  await waitFor('both baselines', () => samples('pg') >= 1 && samples('maria') >= 1, 90_000);
  const pgBefore = await pgCalls();
  await workload(20);
  await twoMore();

  // Restart both, quickly. The lock goes with the server; it is taken again before the next workload.
  await pgApp.end().catch(() => {});
  await admin.end().catch(() => {});
  t.true(run('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'restart']), 'pg_ctlcluster restart');
  await waitFor('postgres back', () => pgReady(), 60_000, 250);
  t.true(run('mariadb-admin', ['--protocol=socket', '-uroot', 'shutdown']), 'mariadb-admin shutdown');
  await waitFor('mariadbd to exit', () => !myRunning(), 30_000, 250);
  await new Promise((r) => setTimeout(r, 1500)); // down long enough for a sample to fail
  startMariadb();
  await waitFor('mariadb back', () => myReady(), 60_000, 250);

  await waitFor('both reconnected', () => agent.snapshot().targets.every((x) => x.up && x.gaps >= 1), 60_000);
  pgApp = new pg.Client(testUrls.postgres);
  await pgApp.connect();
  admin = await mysql.createConnection(testUrls.mysql);
  await admin.query("SELECT GET_LOCK('qprof_test_digests', 120)");
  await twoMore();
  await workload(13);
  await twoMore();
  const pgAfter = await pgCalls();
  await agent.stop();
  await admin.query("SELECT RELEASE_LOCK('qprof_test_digests')");
  await admin.end();
  await pgApp.end();

  for (const target of agent.snapshot().targets) {
    t.true(target.gaps >= 1 && target.reconnects >= 1 && target.errors >= 1, `${target.name}: ${JSON.stringify(target)}`);
    t.true(target.gapMs > 0);
  }
  const text = lines.join('');
  t.regex(text, /"target":"pg"[^\n]*"msg":"reconnected after [\d.]+ s unreachable/);
  t.regex(text, /"target":"maria"[^\n]*"msg":"reconnected after [\d.]+ s unreachable/);
  t.regex(text, /"level":40[^\n]*"target":"maria"[^\n]*(reset|restart|re-created|TRUNCATE)/i, 'the emptied performance_schema is reported');
  const pgStored = storedCalls(db, 'pgss');
  const myStored = storedCalls(db, 'digest');
  t.is(pgStored.calls, 33);
  t.is(pgStored.calls, pgAfter - pgBefore, 'PostgreSQL: the store equals pg_stat_statements across the restart');
  t.is(myStored.calls, 33, 'MariaDB: 20 before the restart + 13 after');
  t.is(pgStored.negative + myStored.negative, 0);
});
