/**
 * The N+1 evaluation on the shop workload: set up the shop schema, run the scenarios on several connections
 * with statement logging switched on for those sessions only (PostgreSQL log_min_duration_statement = 0,
 * MariaDB long_query_time = 0), cut the workers' entries out of the server's log, ingest them with
 * `qprof ingest`, run the detector, and score it against the workload's ground truth.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../agent/events.js';
import { fingerprint } from '../../../agent/shape/index.js';
import { adviseNPlusOne, type TargetNPlusOne } from '../../../analyzer/n-plus-one/advise-io.js';
import { runIngest } from '../../../cli/commands/ingest.js';
import { openStore } from '../../../storage/db.js';
import { buildGroundTruth, type GroundTruth } from '../../workload/ground-truth.js';
import { runWorkload } from '../../workload/runner.js';
import { scenarios } from '../../workload/scenarios/index.js';
import { setupShop, teardownShop } from '../../workload/setup.js';
import { keepPgStderr, keepSlowLog, markLog, mysqlSlowLog, newestPgStderrLog, pgPrefix, readSince } from './server-logs.js';

export interface ShopEvalOptions {
  readonly engine: Engine;
  readonly url: string;
  readonly schema: string;
  readonly seconds: number;
  readonly workers: number;
  readonly seed: number;
  readonly scale: number;
  /** Where the captured log and the store go (default: a new temporary directory). */
  readonly dir?: string;
}

export interface Score {
  readonly plantedLoops: number;
  readonly foundLoops: string[];
  readonly missedLoops: string[];
  /** Findings that match no planted loop, by child query. */
  readonly falsePositives: string[];
  /** Planted negatives (independent, batched, bulk) reported as a child or a parent-less loop. */
  readonly negativesFlagged: string[];
  /** Row-by-row writes reported as N+1 (they belong in batching advice). */
  readonly writesAsNPlusOne: string[];
  readonly batchingFound: string[];
  readonly precision: number;
  readonly recall: number;
}

export interface ShopEvalResult {
  readonly truth: GroundTruth;
  readonly advice: TargetNPlusOne;
  readonly score: Score;
  readonly logBytes: number;
  readonly dbPath: string;
}

const shapeOf = (sql: string | null, engine: Engine) => (sql ? fingerprint(sql, engine).id : '');

/** Which findings hit planted loops (parent and every child shape), which are false, what was missed. */
export function scoreFindings(truth: GroundTruth, advice: TargetNPlusOne): Score {
  const engine = truth.engine;
  const planted = truth.nPlusOne.filter((l) => l.units > 0).map((l) => ({
    loop: l.loop, parent: shapeOf(l.parentSql, engine), children: new Set(l.childSql.map((s) => shapeOf(s, engine))),
  }));
  const matches = (f: TargetNPlusOne['findings'][number], p: (typeof planted)[number]) =>
    f.parentShape === p.parent && f.childShapes.every((c) => p.children.has(c)) && f.childShapes.length === p.children.size;
  const found = planted.filter((p) => advice.findings.some((f) => matches(f, p))).map((p) => p.loop);
  const falsePositives = advice.findings.filter((f) => !planted.some((p) => matches(f, p))).map((f) => f.childQuery);
  const negatives = [...truth.negatives.independent, ...truth.negatives.batched, ...truth.negatives.bulk];
  const flaggedIds = new Set(advice.findings.flatMap((f) => f.childShapes));
  const negativesFlagged = negatives.filter((n) => flaggedIds.has(shapeOf(n.sql, engine))).map((n) => n.name);
  const writesAsNPlusOne = truth.rowByRowWrites.filter((w) => flaggedIds.has(shapeOf(w.sql, engine))).map((w) => w.name);
  const batchingIds = new Set(advice.batching.map((b) => b.shape));
  const batchingFound = truth.rowByRowWrites.filter((w) => batchingIds.has(shapeOf(w.sql, engine))).map((w) => w.name);
  const truePositives = advice.findings.length - falsePositives.length;
  return {
    plantedLoops: planted.length, foundLoops: found, missedLoops: planted.filter((p) => !found.includes(p.loop)).map((p) => p.loop),
    falsePositives, negativesFlagged, writesAsNPlusOne, batchingFound,
    precision: advice.findings.length === 0 ? 1 : truePositives / advice.findings.length,
    recall: planted.length === 0 ? 1 : found.length / planted.length,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runShopEval(options: ShopEvalOptions): Promise<ShopEvalResult> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'qprof-n1-'));
  const { engine, url, schema } = options;
  await setupShop(engine, url, schema, options.scale, options.seed);
  try {
    const logPath = engine === 'postgres' ? newestPgStderrLog() : mysqlSlowLog;
    const mark = markLog(logPath);
    const initSql = engine === 'postgres' ? ['SET log_min_duration_statement = 0'] : ['SET SESSION long_query_time = 0'];
    const result = await runWorkload({
      engine, url, schema, seconds: options.seconds, workers: options.workers, seed: options.seed, scale: options.scale,
      scenarios, maxRequests: 1_000_000, initSql,
    });
    const truth = buildGroundTruth({ engine, schema, seed: options.seed, scale: options.scale, seconds: options.seconds, scenarios, ...result });
    writeFileSync(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
    await sleep(engine === 'postgres' ? 700 : 200); // the logging collector writes asynchronously
    const sessions = new Set(result.workers.map((w) => w.session));
    const text = readSince(mark);
    const captured = engine === 'postgres' ? keepPgStderr(text, sessions) : keepSlowLog(text, sessions);
    const file = join(dir, engine === 'postgres' ? 'shop-postgres.log' : 'shop-mysql-slow.log');
    writeFileSync(file, captured);
    const dbPath = join(dir, 'qprof.db');
    await runIngest([file], {
      db: dbPath, target: `shop-${engine}`, progress: false,
      ...(engine === 'postgres' ? { format: 'pg-stderr' as const, prefix: pgPrefix } : { format: 'mysql-slow' as const }),
    }, () => {});
    const db = openStore(dbPath, { readonly: true });
    try {
      const advice = adviseNPlusOne(db, { target: `shop-${engine}` })[0];
      if (!advice) throw new Error(`ingest stored no target shop-${engine}`);
      return { truth, advice, score: scoreFindings(truth, advice), logBytes: Buffer.byteLength(captured), dbPath };
    } finally {
      db.close();
    }
  } finally {
    await teardownShop(engine, url, schema);
  }
}
