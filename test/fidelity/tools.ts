/**
 * Helpers of the fidelity tests: run qprof ingest, pgBadger (-x json) and pt-query-digest (--output json) on
 * the same file and reduce each to per-shape statement counts and total durations, keyed by a coarse common
 * form of the normalized text (each tool normalizes its own way; see compareKey).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import Database from 'better-sqlite3';
import { runIngest } from '../../cli/commands/ingest.js';
import { inCi } from '../helpers/services.js';

export interface ShapeTotals { readonly calls: number; readonly totalMs: number }
export type Totals = Map<string, { calls: number; totalMs: number; texts: string[] }>;

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** True when the tool runs; otherwise skip with a visible reason, or fail under CI=true. */
export function requireTool(t: ExecutionContext, name: string): boolean {
  if (hasTool(name)) return true;
  const reason = `${name} is not installed (bash scripts/services.sh installs it)`;
  if (inCi) t.fail(`${reason}; CI=true: the fidelity comparison must run`);
  else { t.log(`skipped: ${reason}`); t.pass(); }
  return false;
}

export function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-fidelity-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/**
 * A coarse form two tools agree on for the same statement: lower case, comments and whitespace dropped, every
 * literal, placeholder ($1, ?, ?+) and digit run as `?` (pt-query-digest also folds digits inside names:
 * sbtest1 → sbtest?), `+ ?`/`- ?` as `?` (pt-query-digest folds the sign into the number), literal lists
 * (IN (…), = ANY('{…}'), multi-row VALUES) as one `(?)`, which qprof folds but pgBadger does not; `USE db` as `use ?`.
 */
export function compareKey(text: string): string {
  return text.toLowerCase()
    .replace(/\\n/g, ' ') // pgBadger keeps the escaped newlines of a JSON plan's "Query Text"
    .replace(/\/\*.*?\*\//gs, ' ')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+|\d+(\.\d+)?|\btrue\b|\bfalse\b|\bnull\b/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),=<>+\-*/;])\s*/g, '$1')
    .replace(/[+-]\?/g, '?')
    .replace(/\?\+/g, '?')
    .replace(/\.\.\./g, '?')
    .replace(/=any\([^()]*\)/g, ' in(?)')
    .replace(/\bin\((\?|,)*\)/g, 'in(?)')
    .replace(/\bvalues(\((\?|,)*\),?)+/g, 'values(?)')
    .replace(/\bcurrent_date\b/g, 'curdate')
    .replace(/^use [^ ;]+/, 'use ?') // pt-query-digest folds the database of USE
    .replace(/[;\s]+$/, '')
    .trim();
}

function add(totals: Totals, text: string, calls: number, totalMs: number): void {
  const key = compareKey(text);
  const e = totals.get(key) ?? { calls: 0, totalMs: 0, texts: [] };
  e.calls += calls;
  e.totalMs += totalMs;
  if (e.texts.length < 3) e.texts.push(text.slice(0, 100));
  totals.set(key, e);
}

/** qprof ingest into a fresh store; statements (calls > 0) per shape, from the stored aggregates. */
export async function readQprofTotals(file: string, dir: string, prefix?: string): Promise<Totals> {
  const dbPath = join(dir, 'qprof.db');
  await runIngest([file], { db: dbPath, format: 'auto', prefix, progress: false }, () => {});
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare(`SELECT s.normalized AS text, sum(b.calls) AS calls, sum(b.total_ms) AS totalMs
      FROM stat_buckets b JOIN shapes s ON s.id = b.shape_id GROUP BY s.id HAVING sum(b.calls) > 0`).all() as { text: string; calls: number; totalMs: number }[];
    const totals: Totals = new Map();
    for (const r of rows) add(totals, r.text, r.calls, r.totalMs);
    return totals;
  } finally {
    db.close();
  }
}

function run(command: string, args: readonly string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} failed (${r.status}): ${r.stderr.slice(-500)}`);
  return r.stdout;
}

/** pgBadger's normalyzed_info: count and duration (ms) per normalized query. */
export function readPgbadgerTotals(file: string, dir: string, prefix: string): Totals {
  const out = join(dir, 'pgbadger.json');
  run('pgbadger', ['-q', '-j', '1', '--pid-dir', dir, '-f', 'stderr', '-p', prefix, '-x', 'json', '-o', out, file]);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { normalyzed_info: Record<string, Record<string, { count: number; duration: number | string }>> };
  const totals: Totals = new Map();
  for (const queries of Object.values(report.normalyzed_info)) {
    for (const [text, q] of Object.entries(queries)) add(totals, text, Number(q.count), Number(q.duration));
  }
  return totals;
}

/** pt-query-digest's classes: query_count and the sum of Query_time (s → ms) per fingerprint. */
export function readPtQueryDigestTotals(file: string): Totals {
  const report = JSON.parse(run('pt-query-digest', ['--output', 'json', '--limit', '100%', '--no-version-check', file])) as {
    classes: { fingerprint: string; query_count: number; metrics: { Query_time: { sum: string } } }[];
  };
  const totals: Totals = new Map();
  for (const c of report.classes) add(totals, c.fingerprint, Number(c.query_count), Number(c.metrics.Query_time.sum) * 1000);
  return totals;
}

export function sumTotals(totals: Totals): ShapeTotals {
  let calls = 0;
  let totalMs = 0;
  for (const e of totals.values()) { calls += e.calls; totalMs += e.totalMs; }
  return { calls, totalMs };
}

const agree = (x: ShapeTotals, y: ShapeTotals, tolMsPerCall: number) =>
  x.calls === y.calls && Math.abs(x.totalMs - y.totalMs) <= tolMsPerCall * x.calls + 1e-6;

/**
 * Keys whose calls differ, or whose durations differ by more than `tolMsPerCall` per call, as
 * `calls / ms vs calls / ms: key`. A key found on one side only is matched by its totals to a key found on the
 * other side only (the tools normalized the text differently, e.g. pgBadger substitutes bind parameters into
 * the text first); `matchedByTotals` receives those pairs.
 */
export function diffTotals(a: Totals, b: Totals, tolMsPerCall: number, matchedByTotals: string[] = []): string[] {
  const out: string[] = [];
  const onlyB = [...b.keys()].filter((k) => !a.has(k));
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (x && y && agree(x, y, tolMsPerCall)) continue;
    if (!x && !onlyB.includes(key)) continue; // already paired by totals
    if (x && !y) {
      const pair = onlyB.findIndex((k) => agree(x, b.get(k)!, tolMsPerCall));
      if (pair >= 0) {
        matchedByTotals.push(`${key.slice(0, 80)} ≈ ${onlyB[pair].slice(0, 80)}`);
        onlyB.splice(pair, 1);
        continue;
      }
    }
    out.push(`${x ? `${x.calls} / ${x.totalMs.toFixed(3)} ms` : '-'} vs ${y ? `${y.calls} / ${y.totalMs.toFixed(3)} ms` : '-'}: ${key.slice(0, 140)}`);
  }
  return out;
}
