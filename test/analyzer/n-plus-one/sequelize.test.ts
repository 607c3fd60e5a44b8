/**
 * A real ORM's natural N+1: Sequelize 6 with lazy loading (`order.getCustomer()` per row) on PostgreSQL and
 * MariaDB, captured from the server's log, ingested by qprof and detected; the same page with eager loading
 * (`include`, one JOIN) is not reported.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../agent/events.js';
import { adviseNPlusOne } from '../../../analyzer/n-plus-one/advise-io.js';
import { runIngest } from '../../../cli/commands/ingest.js';
import { openStore } from '../../../storage/db.js';
import { keepPgStderr, keepSlowLog, markLog, mysqlSlowLog, newestPgStderrLog, pgPrefix, readSince } from '../../../scripts/eval/n-plus-one/server-logs.js';
import { runSequelizeApp } from '../../../scripts/eval/n-plus-one/sequelize-app.js';
import { requireService, testUrls } from '../../helpers/services.js';

async function detect(t: ExecutionContext, engine: Engine): Promise<void> {
  let mark;
  try {
    mark = markLog(engine === 'postgres' ? newestPgStderrLog() : mysqlSlowLog);
  } catch (error) {
    if (!requireService(t, engine, error)) return;
  }
  let run;
  try {
    run = await runSequelizeApp(engine, testUrls[engine], `qprof_sq_${engine === 'postgres' ? 'pg' : 'my'}`);
  } catch (error) {
    if (!requireService(t, engine, error)) return;
    throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, engine === 'postgres' ? 700 : 200));
  const text = readSince(mark!);
  const sessions = new Set([run.session]);
  const dir = mkdtempSync(join(tmpdir(), 'qprof-sq-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'orm.log');
  writeFileSync(file, engine === 'postgres' ? keepPgStderr(text, sessions) : keepSlowLog(text, sessions));
  const dbPath = join(dir, 'qprof.db');
  await runIngest([file], { db: dbPath, target: 'orm', progress: false,
    ...(engine === 'postgres' ? { format: 'pg-stderr' as const, prefix: pgPrefix } : { format: 'mysql-slow' as const }) }, () => {});
  const db = openStore(dbPath, { readonly: true });
  try {
    const [result] = adviseNPlusOne(db, { target: 'orm' });
    const findings = result?.findings ?? [];
    t.log(findings.map((f) => `${f.confidence}: ${f.parentQuery} => ${f.childQuery} (${'units' in f.evidence ? `${f.evidence.units} units × ${f.evidence.avgFanOut}` : ''})`).join('\n'));
    t.is(findings.length, 1, 'exactly the lazy-loading loop is reported');
    const finding = findings[0]!;
    t.regex(finding.parentQuery ?? '', /_orders/);
    t.regex(finding.childQuery, /_customers.*WHERE/);
    t.notRegex(finding.childQuery, /JOIN/);
    if (!('units' in finding.evidence)) return void t.fail('sequence evidence expected');
    t.is(finding.evidence.units, run.lazyRequests, 'one loop per lazy page');
    t.is(finding.evidence.avgFanOut, run.rowsPerPage, 'one child query per parent row');
    t.regex(finding.suggestion, /eager-load/);
  } finally {
    db.close();
  }
}

test.serial('Sequelize lazy loading on PostgreSQL: the N+1 is detected, eager loading is not', (t) => detect(t, 'postgres'));
test.serial('Sequelize lazy loading on MariaDB: the N+1 is detected, eager loading is not', (t) => detect(t, 'mysql'));
