/**
 * The N+1 evaluation on real servers: the shop workload runs on 4 connections against PostgreSQL 15 and
 * MariaDB 10.11 with statement logging on for its sessions, the server's own log (PostgreSQL stderr log,
 * MariaDB slow log) is cut to those sessions and ingested by qprof, and the detector's findings are scored
 * against the workload's ground truth: every planted loop found, no planted negative (independent lookups,
 * batched IN/ANY, bulk job) and no row-by-row write reported as N+1.
 */
import test, { type ExecutionContext } from 'ava';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { Engine } from '../../../agent/events.js';
import { mysqlSlowLog, newestPgStderrLog } from '../../../scripts/eval/n-plus-one/server-logs.js';
import { runShopEval } from '../../../scripts/eval/n-plus-one/shop.js';
import { requireService, testUrls } from '../../helpers/services.js';

async function probe(engine: Engine): Promise<unknown> {
  try {
    if (engine === 'postgres') {
      const client = new pg.Client({ connectionString: testUrls.postgres });
      await client.connect();
      await client.end();
      accessSync(newestPgStderrLog(), constants.R_OK);
    } else {
      const conn = await mysql.createConnection(testUrls.mysql);
      const [rows] = await conn.query("SELECT @@global.slow_query_log AS on_, @@global.log_output AS output");
      await conn.end();
      const row = (rows as Array<{ on_: number; output: string }>)[0];
      if (!row?.on_ || !/FILE/i.test(row.output)) throw new Error('slow_query_log must be ON with log_output FILE (scripts/services.sh)');
      accessSync(mysqlSlowLog, constants.R_OK);
    }
    return null;
  } catch (error) {
    return error;
  }
}

async function evaluate(t: ExecutionContext, engine: Engine): Promise<void> {
  if (!requireService(t, engine, await probe(engine))) return;
  const dir = mkdtempSync(join(tmpdir(), 'qprof-n1-eval-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { truth, advice, score, logBytes } = await runShopEval({
    engine, dir, url: testUrls[engine], schema: `qprof_n1_${engine === 'postgres' ? 'pg' : 'my'}`,
    seconds: 8, workers: 4, seed: 7, scale: 0.05,
  });
  t.log(`${engine}: ${logBytes} log bytes; planted ${truth.nPlusOne.map((l) => `${l.loop} ${l.units}×${l.meanFanout}`).join(', ')}`);
  t.log(`${engine}: precision ${score.precision.toFixed(2)}, recall ${score.recall.toFixed(2)}; found ${score.foundLoops.join(', ')}; `
    + `units seen ${advice.findings.map((f) => 'units' in f.evidence ? f.evidence.units : 0).join('/')}; batching ${score.batchingFound.join(', ')}`);
  t.true(score.plantedLoops >= 3, 'the run planted all three loops (one with two child shapes)');
  t.deepEqual(score.missedLoops, [], 'every planted loop is found with its parent and all its child shapes');
  t.deepEqual(score.falsePositives, [], 'no finding outside the planted loops');
  t.deepEqual(score.negativesFlagged, [], 'independent lookups, batched IN/ANY and the bulk job are not N+1');
  t.deepEqual(score.writesAsNPlusOne, [], 'row-by-row writes are batching advice, not N+1');
  t.true(score.batchingFound.includes('products.touch'), 'the bulk job\'s row-by-row UPDATE gets batching advice');
  for (const finding of advice.findings) {
    t.truthy(finding.tags.controller, 'each finding says which controller sent the loop');
    t.regex(finding.suggestion, engine === 'postgres' ? /= ANY\(\$1\)/ : /IN \(\?, \?/);
  }
}

test.serial('PostgreSQL: planted N+1 loops found from the server log, no planted negative flagged', (t) => evaluate(t, 'postgres'));
test.serial('MariaDB: planted N+1 loops found from the slow log, no planted negative flagged', (t) => evaluate(t, 'mysql'));
