import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from '../../cli/commands/ingest.js';
import { readTop } from '../../cli/commands/top.js';
import { main } from '../../cli/program.js';
import { replicatePgStderr } from './replicate-log.js';

const copies = 12; // one copy of the capture every 10 minutes: two hours of log

async function store(t: { teardown(fn: () => void): void }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-top-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'postgresql.log');
  writeFileSync(log, replicatePgStderr('pg-stderr-debian.log', copies));
  await runIngest([log], { db: join(dir, 'store.db'), format: 'auto', target: 'shop', progress: false }, () => {});
  return join(dir, 'store.db');
}

test('the window ends at the newest data, so an old log is analysed as it is; --since narrows it', async (t) => {
  const db = await store(t);
  const all = readTop({ db, by: 'calls', since: Number.POSITIVE_INFINITY, limit: 100 });
  const day = readTop({ db, by: 'calls', since: 24 * 3600_000, limit: 100 });
  const lastCopy = readTop({ db, by: 'calls', since: 5 * 60_000, limit: 100 });
  const calls = (rows: { calls: number }[]) => rows.reduce((n, r) => n + r.calls, 0);
  t.true(calls(all.rows) > 0);
  t.is(calls(day.rows), calls(all.rows), 'the whole log is within a day of its newest entry');
  t.is(calls(lastCopy.rows) * copies, calls(all.rows), 'the last 5 minutes hold exactly the last copy');
  const until = readTop({ db, by: 'calls', since: Number.POSITIVE_INFINITY, until: all.untilMs - 60 * 60_000, limit: 100 });
  t.true(calls(until.rows) < calls(all.rows) && calls(until.rows) > 0);
});

test('qprof top --json prints the SPEC fields; an unknown target is a one-line usage error', async (t) => {
  const db = await store(t);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => { out.push(chunk); return true; }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await main(['node', 'qprof', '--db', db, 'top', '--since', 'all', '--by', 'p95', '--limit', '3', '--json']);
  } finally {
    process.stdout.write = write;
  }
  t.is(code, 0);
  const rows = JSON.parse(out.join('')) as Record<string, unknown>[];
  t.is(rows.length, 3);
  for (const key of ['shape', 'engine', 'query', 'calls', 'totalMs', 'meanMs', 'rows', 'share', 'p95Ms', 'target']) t.true(key in rows[0]!, key);
  t.true((rows[0]!.p95Ms as number) >= (rows[1]!.p95Ms as number));
  const stderr: string[] = [];
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => { stderr.push(chunk); return true; }) as typeof process.stderr.write;
  try {
    code = await main(['node', 'qprof', '--db', db, '--target', 'nope', 'top']);
  } finally {
    process.stderr.write = writeErr;
  }
  t.is(code, 2);
  t.regex(stderr.join(''), /^qprof: no target named nope .*\n$/);
});
