/** SPEC §2: global options are accepted before or after the command name; usage errors exit 2. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const fixture = fileURLToPath(new URL('../../../fixtures/logs/pg-csv.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'qprof-global-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

async function qprof(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, QPROF_DB: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('--json before the command name gives the same JSON as after it', async (t) => {
  const before = await qprof(['--json', 'shape', 'SELECT * FROM t WHERE id = 42']);
  const after = await qprof(['shape', 'SELECT * FROM t WHERE id = 42', '--json']);
  t.is(before.code, 0);
  t.deepEqual(JSON.parse(before.stdout), JSON.parse(after.stdout));
});

test('--db after the command name is the store the command uses', async (t) => {
  const db = join(dir, 'after.db');
  t.is((await qprof(['ingest', fixture, '--db', db])).code, 0);
  const top = await qprof(['top', '--since', 'all', '--json', '--db', db]);
  t.is(top.code, 0);
  t.true((JSON.parse(top.stdout) as unknown[]).length > 0);
});

test('an unknown option inside a command and a bad duration are usage errors (exit 2, one line)', async (t) => {
  const unknown = await qprof(['top', '--bogus']);
  t.is(unknown.code, 2);
  const since = await qprof(['top', '--since', 'yesterday']);
  t.is(since.code, 2);
  t.regex(since.stderr, /not a duration/);
});
