/**
 * The shop workload against the real servers, briefly, in a throwaway schema: the tables exist and the
 * ground-truth file names the planted patterns the N+1 and replica evaluations rely on.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../agent/events.js';
import { openConnection } from '../../scripts/workload/connection.js';
import type { GroundTruth } from '../../scripts/workload/ground-truth.js';
import { allTables } from '../../scripts/workload/schema.js';
import { teardownShop } from '../../scripts/workload/setup.js';
import { requireService, testUrls } from '../helpers/services.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../../scripts/workload/main.js', import.meta.url));

async function listTables(engine: Engine, url: string, schema: string): Promise<string[]> {
  const conn = await openConnection(engine, url, { schema: null, applicationName: 'workload-test' });
  try {
    const sql = engine === 'postgres'
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'";
    return (await conn.send(sql, [schema])).rows.map((r) => String(r.name ?? r.NAME ?? r.TABLE_NAME)).sort();
  } finally {
    await conn.close();
  }
}

async function checkWorkload(t: ExecutionContext, engine: Engine, url: string): Promise<void> {
  const probe = await openConnection(engine, url, { schema: null, applicationName: 'workload-test' })
    .then((c) => c.close()).then(() => null, (e: unknown) => e);
  if (!requireService(t, engine === 'postgres' ? 'postgres' : 'mysql', probe)) return;

  const schema = `shop_wl_test_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'qprof-workload-'));
  const truthFile = join(dir, 'truth.json');
  t.teardown(async () => {
    await teardownShop(engine, url, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const { stdout } = await run(process.execPath, [main, '--engine', engine, '--url', url, '--schema', schema, '--setup',
    '--scale', '0.02', '--seconds', '4', '--workers', '4', '--seed', '7', '--truth', truthFile], { timeout: 30_000 });
  t.regex(stdout, /N\+1 loops: orders-index \d+/);
  t.deepEqual(await listTables(engine, url, schema), [...allTables].sort());

  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
  t.is(truth.engine, engine);
  for (const [name, s] of Object.entries(truth.scenarios)) t.is(s.failures, 0, `${name} failed: ${JSON.stringify(s.errors)}`);

  // Every planted N+1 loop ran with a real fan-out, and names SQL for its parent and children.
  t.deepEqual(truth.nPlusOne.map((l) => l.loop).sort(), ['customer-orders', 'invoice-payments', 'orders-index']);
  for (const loop of truth.nPlusOne) {
    t.true(loop.units >= 1, `${loop.loop} never ran`);
    t.true(loop.meanFanout >= 5, `${loop.loop} fan-out ${loop.meanFanout} < 5`);
    t.truthy(loop.parentSql);
    t.true(loop.childSql.every((sql) => typeof sql === 'string' && /\$1|\?/.test(sql)));
  }
  t.is(truth.nPlusOne.find((l) => l.loop === 'customer-orders')!.children.length, 2);

  // The independent lookups came from several sessions; the batched and bulk negatives are present.
  const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);
  t.deepEqual(names(truth.negatives.independent).sort(), ['customers.by-lower-email', 'products.by-id']);
  t.true(truth.negatives.independent.some((s) => s.sessions.length >= 2));
  t.true(names(truth.negatives.batched).includes('products.by-ids-in'));
  t.true(names(truth.negatives.bulk).includes('orders.chunk-after'));

  // Read-your-writes reads really followed their own session's write within a second.
  t.is(truth.readYourWrites.length, 4);
  for (const pair of truth.readYourWrites.filter((p) => p.reads > 0)) {
    t.true(pair.maxGapWithin1sMs !== null && pair.maxGapWithin1sMs < 1000, `${pair.read} gap ${pair.maxGapWithin1sMs}`);
  }
  t.true(truth.readYourWrites.some((p) => p.reads > 0));

  // Nothing routed to a replica writes, locks, calls a volatile function or reads its own writes.
  const replica = truth.statements.filter((s) => s.route === 'replica');
  t.true(replica.length >= 10);
  for (const s of replica) {
    t.deepEqual(s.writes, [], s.name);
    t.is(s.readsWithin1sOfOwnWrite, 0, `${s.name} read its own write`);
  }
  for (const name of ['products.lock-for-update', 'invoice-number.nextval', 'products.recommend-random', 'customers.email-in-tx']) {
    t.is(truth.statements.find((s) => s.name === name)?.route, 'primary', name);
  }
  t.true(truth.workers.every((w) => /^\d+$/.test(w.session)));
}

test('workload on PostgreSQL: tables, planted N+1 loops, independent lookups and read-your-writes in the ground truth', (t) =>
  checkWorkload(t, 'postgres', testUrls.postgres));

test('workload on MariaDB: tables, planted N+1 loops, independent lookups and read-your-writes in the ground truth', (t) =>
  checkWorkload(t, 'mysql', testUrls.mysql));
