/**
 * Runs the shop workload (scripts/workload/) with statement logging switched on for its own sessions only
 * (PostgreSQL `SET log_min_duration_statement = 0`, MariaDB `SET SESSION long_query_time = 0`), then cuts the
 * entries of those sessions out of the server's log (jsonlog / slow log) into a file qprof can ingest.
 * Needs read access to the server's log files (root or the postgres/mysql group).
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Engine } from '../../../agent/events.js';
import { SourceUnavailableError } from '../../../agent/errors.js';
import { openConnection } from '../../workload/connection.js';
import type { GroundTruth } from '../../workload/ground-truth.js';

const run = promisify(execFile);
const workloadMain = fileURLToPath(new URL('../../workload/main.js', import.meta.url));

interface LogMark { readonly path: string; readonly offset: number }

async function locateLog(engine: Engine, url: string): Promise<string> {
  const conn = await openConnection(engine, url, { schema: null, applicationName: 'qprof-replica-eval' });
  try {
    if (engine === 'postgres') {
      const { rows } = await conn.send(`/* qprof */ SELECT current_setting('data_directory') AS dir, pg_current_logfile('jsonlog') AS file`);
      const file = rows[0]?.file as string | null;
      if (!file) throw new SourceUnavailableError('PostgreSQL writes no jsonlog', "add jsonlog to log_destination with logging_collector = on (bash scripts/services.sh)");
      return file.startsWith('/') ? file : join(String(rows[0]!.dir), file);
    }
    const { rows } = await conn.send('/* qprof */ SELECT @@GLOBAL.slow_query_log AS enabled, @@GLOBAL.slow_query_log_file AS file, @@GLOBAL.log_output AS output');
    const row = rows[0]!;
    if (Number(row.enabled) !== 1 || !String(row.output).includes('FILE')) {
      throw new SourceUnavailableError('MariaDB slow log is off or not written to a file', 'SET GLOBAL slow_query_log = 1, log_output = \'FILE\' (bash scripts/services.sh)');
    }
    return String(row.file);
  } finally {
    await conn.close();
  }
}

function readFrom(path: string, offset: number): string {
  const size = statSync(path).size;
  if (size <= offset) return '';
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try { readSync(fd, buf, 0, buf.length, offset); } finally { closeSync(fd); }
  return buf.toString('utf8');
}

/** jsonlog lines of the given backend pids (one JSON object per line). */
export function filterPgJson(text: string, pids: ReadonlySet<string>): string {
  return text.split('\n').filter((line) => {
    const m = /"pid":(\d+)/.exec(line);
    return m !== null && pids.has(m[1]!);
  }).map((l) => `${l}\n`).join('');
}

/** Slow-log entries (from `# Time:` / `# User@Host:` to the next) of the given thread ids. */
export function filterSlowLog(text: string, threads: ReadonlySet<string>): string {
  const entries: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    const startsEntry = line.startsWith('# Time:') || (line.startsWith('# User@Host:') && !(current.length === 1 && current[0]!.startsWith('# Time:')));
    if (startsEntry && current.length > 0) { entries.push(current); current = []; }
    current.push(line);
  }
  entries.push(current);
  const keep = entries.filter((e) => {
    const thread = e.map((l) => /^# Thread_id: (\d+)/.exec(l) ?? /^# User@Host:.*\bId:\s+(\d+)/.exec(l)).find((m) => m !== null);
    return thread !== undefined && threads.has(thread![1]!);
  });
  return keep.map((e) => `${e.join('\n').replace(/\n*$/, '')}\n`).join('');
}

export interface CaptureOptions {
  readonly engine: Engine;
  readonly url: string;
  readonly schema: string;
  readonly dir: string;
  readonly seconds: number;
  readonly workers?: number;
  readonly seed?: number;
  readonly scale?: number;
}

export interface Capture {
  readonly truth: GroundTruth;
  /** Log of the workload's sessions only: pg-json or mysql-slow. */
  readonly logPath: string;
  readonly format: 'pg-json' | 'mysql-slow';
}

export async function captureWorkload(options: CaptureOptions): Promise<Capture> {
  const { engine, url, dir } = options;
  const logPath = await locateLog(engine, url);
  statSync(logPath); // unreadable log: fail before running anything
  const before: LogMark = { path: logPath, offset: statSync(logPath).size };
  const truthFile = join(dir, `truth-${engine}.json`);
  const initSql = engine === 'postgres' ? 'SET log_min_duration_statement = 0' : 'SET SESSION long_query_time = 0';
  await run(process.execPath, [workloadMain, '--engine', engine, '--url', url, '--schema', options.schema, '--setup',
    '--scale', String(options.scale ?? 0.05), '--seconds', String(options.seconds), '--workers', String(options.workers ?? 6),
    '--seed', String(options.seed ?? 11), '--init-sql', initSql, '--truth', truthFile], { timeout: 120_000 });
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
  const sessions = new Set(truth.workers.map((w) => w.session));
  const after = await locateLog(engine, url);
  // The slow log is flushed per statement; PostgreSQL's collector writes asynchronously: give it a moment.
  await new Promise((r) => setTimeout(r, 500));
  let text = readFrom(before.path, before.offset);
  if (after !== before.path) text += readFrom(after, 0);
  const out = join(dir, engine === 'postgres' ? 'workload.json' : 'workload-slow.log');
  writeFileSync(out, engine === 'postgres' ? filterPgJson(text, sessions) : filterSlowLog(text, sessions));
  return { truth, logPath: out, format: engine === 'postgres' ? 'pg-json' : 'mysql-slow' };
}
