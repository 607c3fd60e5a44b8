/**
 * Evaluation suite of the index advisor on the real PostgreSQL (with HypoPG) and MariaDB: a schema with
 * planted missing indexes and negatives (scripts/eval/indexes/), a workload captured by qprof's own sampler
 * (pg_stat_statements / performance_schema digests + catalog), the advisor with --validate, and every
 * recommended DDL run on the server. Precision and recall are logged.
 */
import test, { type ExecutionContext } from 'ava';
import type { Engine } from '../../../agent/events.js';
import { connectPostgres } from '../../../agent/postgres/connect.js';
import { connectMysql } from '../../../agent/mysql/connect.js';
import type { MonitorSession } from '../../../agent/stats/queryable.js';
import { adviseIndexes } from '../../../analyzer/index-advisor/advise-io.js';
import type { IndexAdvice } from '../../../analyzer/index-advisor/types.js';
import { sampleCatalog, sampleStatements } from '../../../cli/sampling/engines.js';
import { openStore } from '../../../storage/db.js';
import { ensureTarget } from '../../../storage/targets-repo.js';
import { negatives, planted, redundantIndex } from '../../../scripts/eval/indexes/schema.js';
import { createEvalSchema, dropEvalSchema, openEvalDatabase, runEvalWorkload, type EvalDatabase } from '../../../scripts/eval/indexes/workload.js';
import { requireService, testUrls } from '../../helpers/services.js';

const schema = `qprof_ix_eval_${process.pid}`;

/** MySQL's catalog reader reads the connection's database, so the monitor connects to the eval database. */
function connect(engine: Engine): Promise<MonitorSession> {
  if (engine === 'postgres') return connectPostgres(testUrls.postgres);
  const url = new URL(testUrls.mysql);
  url.pathname = `/${schema}`;
  return connectMysql(url.toString());
}

function matches(a: IndexAdvice, table: string, leading: readonly string[], expression?: string): boolean {
  if (a.action !== 'create' || a.table !== `${schema}.${table}`) return false;
  if (expression) return a.expression === expression;
  return a.expression === undefined && leading.every((c, i) => a.columns[i] === c);
}

async function evaluate(t: ExecutionContext, engine: Engine): Promise<void> {
  let db: EvalDatabase;
  try { db = await openEvalDatabase(engine, testUrls[engine === 'postgres' ? 'postgres' : 'mysql'], schema); } catch (error) { requireService(t, engine === 'postgres' ? 'postgres' : 'mysql', error); return; }
  const store = openStore(':memory:');
  try {
    await createEvalSchema(db);
    const target = ensureTarget(store, `eval-${engine}`, engine, null, Date.now());
    const session = await connect(engine);
    try {
      await sampleStatements(store, target, session);
      await runEvalWorkload(db);
      await sampleStatements(store, target, session);
      await sampleCatalog(store, target, session);
    } finally {
      await session.close();
    }
    const started = performance.now();
    const [result] = await adviseIndexes(store, { target: target.name, openValidation: connect, advisor: { minTimeShare: 0.0001 } });
    const adviseMs = performance.now() - started;
    const creates = result!.advice.filter((a) => a.action === 'create' && a.table.startsWith(`${schema}.`));
    const expected = planted.filter((p) => p.engines.includes(engine));
    const found = expected.filter((p) => creates.some((a) => matches(a, p.table, p.leading, p.expression)));
    const correct = creates.filter((a) => expected.some((p) => matches(a, p.table, p.leading, p.expression)));
    t.log(`${engine}: ${creates.length} create(s), recall ${found.length}/${expected.length}, precision ${correct.length}/${creates.length}, advisor ${adviseMs.toFixed(0)} ms with validation`);
    for (const a of creates) t.log(`  ${a.validated} ${a.statement}  cost ${a.benefit.costBefore ?? '-'} → ${a.benefit.costAfter ?? '-'}  ${a.benefit.planChange ?? ''}`);
    for (const note of result!.notes) t.log(`  note: ${note}`);
    for (const p of expected) t.true(found.includes(p), `planted ${p.table} (${p.leading.join(', ')}) — ${p.why} — not found`);
    t.is(correct.length, creates.length, 'every recommendation is a planted index');
    for (const n of negatives) t.false(creates.some((a) => a.table === `${schema}.${n.table}`), `nothing for ${n.table}: ${n.why}`);
    t.true(creates.every((a) => a.validated === (engine === 'postgres' ? 'hypopg' : 'explain')), 'validated on the server');
    if (engine === 'postgres') t.true(creates.every((a) => a.benefit.costAfter! < a.benefit.costBefore!), 'HypoPG cost reductions');
    t.true(result!.advice.some((a) => a.action === 'drop' && a.index === redundantIndex), 'the redundant prefix index is advised for dropping');
    // Every recommended DDL runs on the real server.
    for (const a of [...creates]) {
      await db.run(a.statement);
      const name = /INDEX (?:CONCURRENTLY )?(\S+)/.exec(a.statement)![1]!;
      await db.run(engine === 'postgres' ? `DROP INDEX ${schema}.${name}` : `ALTER TABLE ${a.table} DROP INDEX ${name}`);
    }
    const drop = result!.advice.find((a) => a.action === 'drop' && a.index === redundantIndex)!;
    await db.run(drop.statement);
  } finally {
    store.close();
    await dropEvalSchema(db).catch(() => {});
    await db.close();
  }
}

test.serial('PostgreSQL: planted missing indexes found with HypoPG proof, nothing for the negatives, every DDL runs', (t) => evaluate(t, 'postgres'));
test.serial('MariaDB: planted missing indexes found with EXPLAIN evidence, nothing for the negatives, every DDL runs', (t) => evaluate(t, 'mysql'));
