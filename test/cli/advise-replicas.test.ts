/** `qprof advise replicas --format …` as a user runs it on a store holding both engines. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const logs = fileURLToPath(new URL('../../../fixtures/logs/', import.meta.url));

function qprof(args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Before: --format proxysql wrote ProxySQL rules for the PostgreSQL targets too, and every target's rules
// started at rule_id 1000, so loading the file into ProxySQL failed on a duplicate key.
test('proxysql rules only for MySQL/MariaDB targets, with rule ids unique across targets; a PostgreSQL --target is a usage error', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-replicas-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'q.db');
  const ingest = qprof(['--db', db, 'ingest', join(logs, 'pg-stderr-debian.log'), join(logs, 'mariadb-slow.log'), join(logs, 'mysql8-slow-documented.log')]);
  t.is(ingest.code, 0, ingest.stderr);

  const rules = qprof(['--db', db, 'advise', 'replicas', '--format', 'proxysql']);
  t.is(rules.code, 0, rules.stderr);
  t.notRegex(rules.stdout, /\(postgres\)/);
  t.regex(rules.stdout, /target mariadb-slow \(mysql\)/);
  t.regex(rules.stderr, /pg-stderr-debian \(postgres\) skipped.*--format pgpool/);
  const ids = [...rules.stdout.matchAll(/VALUES \((\d+), 1,/g)].map((m) => m[1]);
  t.true(ids.length > 0);
  t.is(new Set(ids).size, ids.length, `duplicate rule ids: ${ids.join(' ')}`);

  const wrong = qprof(['--db', db, '--target', 'pg-stderr-debian', 'advise', 'replicas', '--format', 'proxysql']);
  t.is(wrong.code, 2);
  t.is(wrong.stdout, '');
  t.is(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
  t.regex(wrong.stderr, /target pg-stderr-debian is postgres.*--format pgpool/);
});
