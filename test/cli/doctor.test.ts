/**
 * `qprof doctor` against the real servers: a database without pg_stat_statements, a role without
 * pg_read_all_stats and a MariaDB account without grants each get a ✗ with the fix, and exit code 1.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { requireService, testUrls } from '../helpers/services.js';

const run = promisify(execFile);
const cli = new URL('../../cli/main.js', import.meta.url).pathname;
const suffix = process.pid;

async function doctor(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'doctor', ...args], { env: { ...process.env, PGPASSWORD: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function withUrl(base: string, change: (u: URL) => void): string {
  const url = new URL(base);
  change(url);
  return url.toString();
}

test('PostgreSQL: a database without the extension and a role without pg_read_all_stats fail with their fix', async (t) => {
  const admin = new pg.Client(testUrls.postgres);
  try { await admin.connect(); } catch (error) { requireService(t, 'postgres', error); return; }
  const database = `qprof_g1_doc_${suffix}`;
  const role = `qprof_g1_nopriv_${suffix}`;
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.query(`CREATE ROLE ${role} LOGIN`);
  try {
    const noExtension = await doctor(['--pg', withUrl(testUrls.postgres, (u) => { u.pathname = `/${database}`; })]);
    t.is(noExtension.code, 1);
    t.regex(noExtension.stdout, new RegExp(`✗ pg_stat_statements installed: pg_stat_statements is not installed in database ${database}`));
    t.regex(noExtension.stdout, /fix: run CREATE EXTENSION pg_stat_statements; in .* and add it to shared_preload_libraries/);

    const noPrivilege = await doctor(['--pg', withUrl(testUrls.postgres, (u) => { u.username = role; u.password = ''; }), '--json']);
    t.is(noPrivilege.code, 1);
    const findings = JSON.parse(noPrivilege.stdout) as Array<{ id: string; status: string; fix?: string }>;
    const privileges = findings.find((f) => f.id === 'privileges');
    t.is(privileges?.status, 'fail');
    t.is(privileges?.fix, `GRANT pg_monitor TO ${role}; (or GRANT pg_read_all_stats TO ${role};)`);
    t.is(findings.find((f) => f.id === 'pgss-preloaded')?.status, 'ok', 'preloading is inferred when the role may not read shared_preload_libraries');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  }
});

test('MariaDB: an account without PROCESS and SELECT on performance_schema fails with the GRANTs', async (t) => {
  let admin: mysql.Connection;
  try { admin = await mysql.createConnection(testUrls.mysql); } catch (error) { requireService(t, 'mysql', error); return; }
  const user = `qprof_g1_np_${suffix}`;
  await admin.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`);
  await admin.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY 'pw-${suffix}'`);
  try {
    const result = await doctor(['--mysql', withUrl(testUrls.mysql, (u) => { u.username = user; u.password = `pw-${suffix}`; u.pathname = '/'; })]);
    t.is(result.code, 1);
    t.regex(result.stdout, new RegExp(`✗ SELECT on performance_schema: '${user}'@'127.0.0.1' cannot read the digests`));
    t.regex(result.stdout, new RegExp(`fix: GRANT SELECT ON performance_schema.\\* TO '${user}'@'127.0.0.1';`));
    t.regex(result.stdout, new RegExp(`fix: GRANT PROCESS ON \\*\\.\\* TO '${user}'@'127.0.0.1';`));
    t.false(result.stdout.includes(`pw-${suffix}`), 'the password is never printed');
  } finally {
    await admin.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`);
    await admin.end();
  }
});

test('an unreachable server: one line on stderr, password redacted, exit 1', async (t) => {
  const result = await doctor(['--mysql', 'mysql://app:s3cret@127.0.0.1:1/shop']);
  t.is(result.code, 1);
  t.is(result.stderr.trim().split('\n').length, 1);
  t.regex(result.stderr, /cannot connect to MySQL at mysql:\/\/app:\*\*\*@127\.0\.0\.1:1\/shop/);
  t.false(result.stderr.includes('s3cret'));
});

test('MariaDB: a database name that does not exist is reported (samples would stay empty), with the fix', async (t) => {
  let admin: mysql.Connection;
  try { admin = await mysql.createConnection(testUrls.mysql); } catch (error) { requireService(t, 'mysql', error); return; }
  await admin.end();
  const missing = `qprof_nosuchdb_${suffix}`;
  const result = await doctor(['--mysql', withUrl(testUrls.mysql, (u) => { u.pathname = `/${missing}`; })]);
  t.regex(result.stdout, new RegExp(`! database ${missing}: not found`));
  t.regex(result.stdout, /fix: check the database name at the end of the URL/);
});
