/**
 * Evaluation of `qprof advise replicas` on the real servers: the shop workload (read-your-writes flows,
 * locking reads, volatile and session calls, writing transactions, plain reads) captured through the
 * servers' own logs, ingested by qprof, classified, and compared with the workload's declared routes.
 * Holds the two promises: no unsafe shape is ever `replica`; at least 90% of the safe read time is found.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../agent/events.js';
import { fingerprint, loadShapeParsers } from '../../../agent/shape/index.js';
import { adviseReplicas } from '../../../analyzer/replica-routing/advise-io.js';
import { runIngest } from '../../../cli/commands/ingest.js';
import { captureWorkload } from '../../../scripts/eval/replicas/capture.js';
import { openConnection } from '../../../scripts/workload/connection.js';
import { teardownShop } from '../../../scripts/workload/setup.js';
import { openStore } from '../../../storage/db.js';
import { requireService, testUrls } from '../../helpers/services.js';

async function evaluate(t: ExecutionContext, engine: Engine): Promise<void> {
  const url = testUrls[engine === 'postgres' ? 'postgres' : 'mysql'];
  const probe = await openConnection(engine, url, { schema: null, applicationName: 'qprof-replica-eval' })
    .then((c) => c.close()).then(() => null, (e: unknown) => e);
  if (!requireService(t, engine === 'postgres' ? 'postgres' : 'mysql', probe)) return;
  const schema = `qprof_rr_eval_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'qprof-replica-eval-'));
  t.teardown(async () => {
    await teardownShop(engine, url, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const capture = await captureWorkload({ engine, url, schema, dir, seconds: 8 });
  const dbPath = join(dir, 'qprof.db');
  await runIngest([capture.logPath], { db: dbPath, target: `shop-${engine}`, format: capture.format, progress: false }, () => {});
  const store = openStore(dbPath, { readonly: true });
  const [report] = adviseReplicas(store, { target: `shop-${engine}` });
  store.close();
  t.truthy(report, 'the captured log produced shapes');

  await loadShapeParsers();
  const routeOf = new Map(report!.advice.map((a) => [a.shape, a]));
  const byShape = new Map<string, { unsafe: string[]; safe: string[] }>();
  const shapeOf = new Map<string, string>();
  for (const s of capture.truth.statements) {
    if (!s.sql || s.calls === 0) continue;
    const id = fingerprint(s.sql, engine).id;
    shapeOf.set(s.name, id);
    const entry = byShape.get(id) ?? { unsafe: [], safe: [] };
    (s.route === 'replica' ? entry.safe : entry.unsafe).push(s.name);
    byShape.set(id, entry);
  }

  // 1. Never an unsafe statement's shape on a replica.
  const unsafeRouted = [...byShape].filter(([id, e]) => e.unsafe.length > 0 && routeOf.get(id)?.route === 'replica')
    .map(([id, e]) => `${e.unsafe.join(', ')} (${id}): ${routeOf.get(id)!.reasons.join('; ')}`);
  t.deepEqual(unsafeRouted, [], 'unsafe statements routed to a replica');
  const unsafeCount = [...byShape.values()].filter((e) => e.unsafe.length > 0).length;
  const unsafeSeen = [...byShape].filter(([id, e]) => e.unsafe.length > 0 && routeOf.has(id)).length;

  // 2. Safe read time found: client-side time of the declared replica-safe statements whose shape is `replica`.
  let safeMs = 0;
  let foundMs = 0;
  const missed: string[] = [];
  for (const s of capture.truth.statements) {
    const id = shapeOf.get(s.name);
    if (!id || s.route !== 'replica' || byShape.get(id)!.unsafe.length > 0) continue;
    safeMs += s.totalMs;
    const advice = routeOf.get(id);
    if (advice?.route === 'replica') foundMs += s.totalMs;
    else missed.push(`${s.name} ${s.totalMs.toFixed(0)} ms: ${advice ? `${advice.route}: ${advice.reasons.join('; ')}` : 'not in the log'}`);
  }
  const share = safeMs > 0 ? foundMs / safeMs : 0;
  t.log(`${engine}: ${capture.truth.statements.filter((s) => s.calls > 0).length} statements, ${report!.advice.length} shapes; unsafe shapes routed to replica: ${unsafeRouted.length} of ${unsafeCount} (${unsafeSeen} seen in the log); safe read time found ${(share * 100).toFixed(1)}% (${foundMs.toFixed(0)} of ${safeMs.toFixed(0)} ms); replica-safe share of primary time ${(report!.load.replicaShare * 100).toFixed(1)}%; stick window ${report!.stickMs} ms (lag ${report!.lag.source})`);
  for (const m of missed) t.log(`  missed ${m}`);
  t.true(unsafeSeen >= unsafeCount * 0.9, `only ${unsafeSeen} of ${unsafeCount} unsafe shapes reached the log: the capture is incomplete`);
  t.true(share >= 0.9, `safe read time found ${(share * 100).toFixed(1)}% < 90%`);

  // Every declared read-your-writes read is conditional (or primary), with a condition naming its table.
  for (const plant of capture.truth.readYourWrites) {
    const advice = routeOf.get(shapeOf.get(plant.read) ?? '');
    if (!advice || plant.reads === 0) continue;
    t.not(advice.route, 'replica', `${plant.read} after ${plant.write}`);
    if (advice.route === 'conditional') t.true(advice.stickTables?.includes(plant.table), `${plant.read}: ${advice.condition}`);
  }
}

test('postgres: shop workload through the jsonlog, no unsafe shape on a replica, ≥ 90% of safe read time found', (t) => evaluate(t, 'postgres'));
test('mariadb: shop workload through the slow log, no unsafe shape on a replica, ≥ 90% of safe read time found', (t) => evaluate(t, 'mysql'));
