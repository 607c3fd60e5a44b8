/** `qprof sample` on the command line: baseline then delta as JSON, usage errors exit 2. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { requireService, testUrls } from '../helpers/services.js';

const run = promisify(execFile);
const cli = new URL('../../cli/main.js', import.meta.url).pathname;

async function qprof(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('first sample stores the baseline, the second reports the delta, as one JSON array each', async (t) => {
  const admin = new pg.Client(testUrls.postgres);
  try { await admin.connect(); } catch (error) { requireService(t, 'postgres', error); return; }
  const database = `qprof_g1_cli_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  const dir = mkdtempSync(join(tmpdir(), 'qprof-sample-'));
  const url = new URL(testUrls.postgres);
  url.pathname = `/${database}`;
  try {
    const app = new pg.Client(url.toString());
    await app.connect();
    await app.query('CREATE EXTENSION pg_stat_statements');
    const db = join(dir, 'q.db');
    const first = await qprof(['--db', db, 'sample', '--pg', url.toString(), '--json']);
    t.is(first.code, 0, first.stderr);
    const [baseline] = JSON.parse(first.stdout) as Array<{ baseline: boolean; target: string }>;
    t.true(baseline!.baseline);
    t.is(baseline!.target, `${url.hostname}:${url.port || '5432'}/${database}`);
    for (let i = 0; i < 9; i++) await app.query('SELECT $1::int + 1', [i]);
    await app.end();
    const second = await qprof(['--db', db, 'sample', '--pg', url.toString(), '--json']);
    const [delta] = JSON.parse(second.stdout) as Array<{ baseline: boolean; calls: number; shapesChanged: number }>;
    t.false(delta!.baseline);
    t.is(delta!.calls, 9);
    t.is(delta!.shapesChanged, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
});

test('both --pg and --mysql, or neither, is a usage error (exit 2)', async (t) => {
  const both = await qprof(['--db', ':memory:', 'sample', '--pg', 'postgres://x@127.0.0.1/x', '--mysql', 'mysql://x@127.0.0.1/x']);
  t.is(both.code, 2);
  t.regex(both.stderr, /give exactly one of --pg URL or --mysql URL/);
  const wrongScheme = await qprof(['--db', ':memory:', 'sample', '--mysql', 'postgres://u:pw@127.0.0.1/x']);
  t.is(wrongScheme.code, 2);
  t.false(wrongScheme.stderr.includes(':pw@'), 'the password is redacted');
});
