#!/usr/bin/env node
/**
 * The I/O steps of scripts/capture-corpus.sh: dump pg_stat_statements or the digest summary, extract
 * executed statements from a PostgreSQL jsonlog / MariaDB slow log / events_statements_history_long, and
 * select a small corpus from them. Every line written is one JSON object.
 *
 *   node dist/scripts/workload/corpus/capture.js pgss --url postgres://postgres@127.0.0.1/test --databases a,b --out F
 *   node … digests --url mysql://root@127.0.0.1/test --databases shop,sbtest --out F
 *   node … pg-log --file LOG.json --offset N --databases a,b --source a=pgbench,b=workload --out F
 *   node … slow-log --file mariadb-slow.log --offset N --threads 12,13 --databases shop --source workload --out F
 *   node … history --url mysql://… --databases sbtest --source sysbench --out F
 *   node … select --engine postgres --per-shape 8 --max 2000 --out F raw1.jsonl raw2.jsonl
 */
import { closeSync, openSync, readFileSync, readSync, fstatSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Engine } from '../../../agent/events.js';
import { openConnection } from '../connection.js';
import { parsePgJsonlog } from './parse-pg-jsonlog.js';
import { parseSlowLog } from './parse-slow-log.js';
import { isCaptureNoise, selectExamples } from './select.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' }, out: { type: 'string' }, file: { type: 'string' }, offset: { type: 'string', default: '0' },
    databases: { type: 'string', default: '' }, source: { type: 'string', default: '' }, threads: { type: 'string', default: '' },
    engine: { type: 'string' }, 'per-shape': { type: 'string', default: '8' }, max: { type: 'string', default: '2000' },
  },
});
const [command, ...inputs] = positionals;
const databases = values.databases!.split(',').filter(Boolean);
const maxLines = Number(values.max);

function writeJsonl(rows: readonly object[]): void {
  writeFileSync(values.out!, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  console.log(`${command}: ${rows.length} lines → ${values.out}`);
}

/** The log from `offset` to its current end. */
function readFrom(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `a=pgbench,b=workload` → database → source label (default: the database name). */
function sourceOf(value: string): (db: string) => string {
  const map = new Map(value.split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string]));
  return (db) => map.get(db) ?? (map.size === 0 ? db : value);
}

async function main(): Promise<void> {
  switch (command) {
    case 'pgss': {
      const conn = await openConnection('postgres', values.url!, { schema: null, applicationName: 'qprof-capture' });
      const { rows } = await conn.send(
        `/* qprof */ SELECT s.queryid::text AS queryid, s.query, s.calls, s.total_exec_time, s.rows, d.datname
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = ANY($1) ORDER BY s.calls DESC, s.queryid`, [databases]);
      await conn.close();
      writeJsonl(rows.filter((r) => !isCaptureNoise(String(r.query))).slice(0, maxLines).map((r) => ({
        queryid: r.queryid, query: r.query, calls: Number(r.calls), total_exec_time: Number(r.total_exec_time),
        rows: Number(r.rows), datname: r.datname,
      })));
      break;
    }
    case 'digests': {
      const conn = await openConnection('mysql', values.url!, { schema: null, applicationName: 'qprof-capture' });
      const { rows } = await conn.send(
        `/* qprof */ SELECT DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SCHEMA_NAME
         FROM performance_schema.events_statements_summary_by_digest
         WHERE SCHEMA_NAME IN (?) ORDER BY COUNT_STAR DESC, DIGEST`, [databases], { mysqlMode: 'query' });
      await conn.close();
      writeJsonl(rows.filter((r) => r.DIGEST_TEXT !== null && !isCaptureNoise(String(r.DIGEST_TEXT))).slice(0, maxLines).map((r) => ({
        DIGEST: r.DIGEST, DIGEST_TEXT: r.DIGEST_TEXT, COUNT_STAR: Number(r.COUNT_STAR),
        SUM_TIMER_WAIT: Number(r.SUM_TIMER_WAIT), SCHEMA_NAME: r.SCHEMA_NAME,
      })));
      break;
    }
    case 'pg-log': {
      const { statements, rejects } = parsePgJsonlog(readFrom(values.file!, Number(values.offset)).split('\n'), new Set(databases));
      const source = sourceOf(values.source!);
      if (rejects) console.log(`pg-log: ${rejects} lines were not JSON`);
      writeJsonl(statements.map((s) => ({ source: source(s.database), ...s })));
      break;
    }
    case 'slow-log': {
      const threads = new Set(values.threads!.split(',').filter(Boolean));
      const entries = parseSlowLog(readFrom(values.file!, Number(values.offset)))
        .filter((e) => (threads.size === 0 || (e.thread !== null && threads.has(e.thread)))
          && (databases.length === 0 || (e.schema !== null && databases.includes(e.schema))));
      writeJsonl(entries.map((e) => ({ source: values.source || 'slow-log', schema: e.schema, session: e.thread, sql: e.sql })));
      break;
    }
    case 'history': {
      const conn = await openConnection('mysql', values.url!, { schema: null, applicationName: 'qprof-capture' });
      const { rows } = await conn.send(
        `/* qprof */ SELECT THREAD_ID, CURRENT_SCHEMA, SQL_TEXT FROM performance_schema.events_statements_history_long
         WHERE CURRENT_SCHEMA IN (?) AND SQL_TEXT IS NOT NULL ORDER BY THREAD_ID, EVENT_ID`, [databases], { mysqlMode: 'query' });
      await conn.close();
      writeJsonl(rows.map((r) => ({ source: values.source || 'history', schema: r.CURRENT_SCHEMA, session: String(r.THREAD_ID), sql: r.SQL_TEXT })));
      break;
    }
    case 'select': {
      const engine = values.engine as Engine;
      const items = inputs.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { sql: string }));
      const { kept, shapes } = selectExamples(items, engine, Number(values['per-shape']), maxLines);
      console.log(`select: ${items.length} statements, ${shapes} shapes`);
      writeJsonl(kept);
      break;
    }
    default:
      console.error(`unknown command ${command ?? ''}: pgss, digests, pg-log, slow-log, history or select`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
