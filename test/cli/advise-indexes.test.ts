/**
 * `qprof advise indexes` as a user runs it: two `qprof sample --pg … --catalog` around a small workload in a
 * scratch schema, then the advice as JSON (SPEC §3 fields) with HypoPG validation, `--explain` for a shape
 * that got nothing, and usage errors with exit code 2.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { requireService, testUrls } from '../helpers/services.js';

const cli = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const schema = `qprof_ix_cli_${process.pid}`;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('sample, advise with HypoPG as JSON, explain a shape that got nothing', async (t) => {
  const app = new pg.Client(testUrls.postgres);
  try { await app.connect(); } catch (error) { requireService(t, 'postgres', error); return; }
  const dir = mkdtempSync(join(tmpdir(), 'qprof-advise-'));
  const db = join(dir, 'q.db');
  try {
    await app.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.accounts (id int PRIMARY KEY, plan text NOT NULL, owner_id int NOT NULL);
      INSERT INTO ${schema}.accounts SELECT g, (ARRAY['free','pro'])[1 + g % 2], g % 7000 FROM generate_series(1, 40000) g;
      ANALYZE ${schema}.accounts;`);
    t.is((await run(['--db', db, 'sample', '--pg', testUrls.postgres])).code, 0);
    for (let i = 0; i < 20; i += 1) {
      await app.query(`SELECT id FROM ${schema}.accounts WHERE owner_id = $1`, [i * 31]);
      await app.query(`SELECT count(*) FROM ${schema}.accounts WHERE plan = $1`, [i % 2 ? 'pro' : 'free']);
    }
    t.is((await run(['--db', db, 'sample', '--pg', testUrls.postgres, '--catalog'])).code, 0);
    const out = await run(['--db', db, 'advise', 'indexes', '--json', '--validate', testUrls.postgres]);
    t.is(out.code, 0, out.stderr);
    const advice = (JSON.parse(out.stdout) as Array<Record<string, unknown>>).filter((a) => a.table === `${schema}.accounts`);
    t.is(advice.length, 1);
    const a = advice[0]!;
    t.like(a, { action: 'create', engine: 'postgres', columns: ['owner_id'], validated: 'hypopg' });
    // INCLUDE (id) may follow when this shape is hot among everything the shared test database ran.
    t.true(String(a.statement).startsWith(`CREATE INDEX CONCURRENTLY accounts_owner_id_idx ON ${schema}.accounts (owner_id)`), String(a.statement));
    for (const field of ['shapes', 'queries', 'reason', 'benefit']) t.truthy(a[field], field);
    const benefit = a.benefit as { costBefore: number; costAfter: number };
    t.true(benefit.costAfter < benefit.costBefore);
    const planShapes = JSON.parse((await run(['--db', db, 'top', '--since', 'all', '--json', '--limit', '1000'])).stdout) as Array<{ shape: string; query: string }>;
    const planShape = planShapes.find((s) => s.query.includes(`${schema}.accounts WHERE plan`))!;
    const explained = await run(['--db', db, 'advise', 'indexes', '--explain', planShape.shape.slice(0, 10)]);
    t.regex(explained.stdout, /accounts\.plan has 2 values evenly spread: an index would read half of the table/);
    const text = await run(['--db', db, 'advise', 'indexes']);
    t.regex(text.stdout, /CREATE INDEX CONCURRENTLY accounts_owner_id_idx/);
  } finally {
    await app.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await app.end();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2 with one line', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-advise-'));
  try {
    const bad = await run(['--db', join(dir, 'q.db'), 'advise', 'indexes', '--validate', 'ftp://example.org/x']);
    t.is(bad.code, 2);
    t.regex(bad.stderr, /is not a postgres:\/\/ or mysql:\/\/ URL/);
    t.is(bad.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
