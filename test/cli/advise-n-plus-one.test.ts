/**
 * `qprof advise n-plus-one` as a user runs it: ingest a real Sequelize log, then the table and the --json
 * rows of SPEC §3 (engine, childShape, childQuery, parentShape, parentQuery, evidence, confidence, suggestion).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runIngest } from '../../cli/commands/ingest.js';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const main = join(root, 'dist/cli/main.js');
const fixtures = join(root, 'fixtures/n-plus-one');

async function store(t: { teardown(fn: () => void): void }, file: string, format: 'pg-stderr' | 'mysql-slow'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-n1-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'qprof.db');
  await runIngest([join(fixtures, file)], { db, format, target: 'orm', progress: false, ...(format === 'pg-stderr' ? { prefix: '%m [%p] %q%u@%d ' } : {}) }, () => {});
  return db;
}

test('--json gives the SPEC fields for the lazy-loading loop of a real Sequelize log (PostgreSQL)', async (t) => {
  const db = await store(t, 'sequelize-lazy-pg.log', 'pg-stderr');
  const { stdout } = await run(process.execPath, [main, 'advise', 'n-plus-one', '--db', db, '--json']);
  const rows = JSON.parse(stdout) as Array<Record<string, any>>;
  const loops = rows.filter((r) => r.kind === 'n-plus-one');
  t.is(loops.length, 1);
  const row = loops[0]!;
  for (const key of ['engine', 'childShape', 'childQuery', 'parentShape', 'parentQuery', 'evidence', 'confidence', 'suggestion']) t.true(key in row, key);
  t.is(row.engine, 'postgres');
  t.regex(row.childQuery, /FROM shop_customers/);
  t.regex(row.parentQuery, /FROM shop_orders/);
  t.like(row.evidence, { units: 3, avgFanOut: 8, sessions: 1 });
  t.regex(row.suggestion, /id = ANY\(\$1\)/);
});

test('the table names the loop and its fix, and a too-high --min-repeats finds none (MariaDB slow log)', async (t) => {
  const db = await store(t, 'sequelize-lazy-mariadb-slow.log', 'mysql-slow');
  const { stdout } = await run(process.execPath, [main, 'advise', 'n-plus-one', '--db', db]);
  t.regex(stdout, /N\+1 patterns \(1\)/);
  t.regex(stdout, /child .* FROM shop_customers/);
  t.regex(stdout, /fix: .*id IN \(\?, \?/);
  const strict = await run(process.execPath, [main, 'advise', 'n-plus-one', '--db', db, '--min-repeats', '9']);
  t.regex(strict.stdout, /no N\+1 patterns found/);
});

test('a usage error exits 2', async (t) => {
  const error = await t.throwsAsync(run(process.execPath, [main, 'advise', 'n-plus-one', '--since', 'yesterday'])) as { code?: number };
  t.is(error.code, 2);
});
