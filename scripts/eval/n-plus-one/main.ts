#!/usr/bin/env node
/**
 * Run the N+1 evaluation by hand and print the score and the findings:
 *   node dist/scripts/eval/n-plus-one/main.js postgres|mysql [seconds] [dir]
 */
import type { Engine } from '../../../agent/events.js';
import { runShopEval } from './shop.js';

const engine = (process.argv[2] ?? 'postgres') as Engine;
const url = engine === 'postgres' ? (process.env.QPROF_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test')
  : (process.env.QPROF_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test');
const result = await runShopEval({
  engine, url, schema: 'qprof_n1_eval', seconds: Number(process.argv[3] ?? 8), workers: 4, seed: 7, scale: 0.05,
  ...(process.argv[4] ? { dir: process.argv[4] } : {}),
});
console.log(JSON.stringify({ score: result.score, logBytes: result.logBytes, db: result.dbPath,
  planted: result.truth.nPlusOne.map((l) => ({ loop: l.loop, units: l.units, meanFanout: l.meanFanout })),
  findings: result.advice.findings.map((f) => ({ parent: f.parentQuery, children: f.childQueries, confidence: f.confidence, evidence: { ...f.evidence, exampleTimeline: undefined }, tags: f.tags })),
  batching: result.advice.batching.map((b) => ({ query: b.query, evidence: b.evidence })) }, null, 2));
