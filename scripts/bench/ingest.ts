/**
 * Ingestion speed against the tools DBAs use today, on the SAME generated file in the SAME run (issue 8 item 7):
 * `qprof ingest` into a fresh store (storing included), `pgbadger -j 1` and `-j 2` (PostgreSQL stderr log),
 * `pt-query-digest` (MariaDB slow log) and `wc -l` as a floor. Each runs under /usr/bin/time: wall seconds,
 * CPU seconds (user + sys) and peak RSS. The machine is shared, so MB/s are given per wall second AND per CPU
 * second; the ratios use CPU seconds (one core each; pgbadger -j 2 is compared by wall time, its point).
 *
 * QPROF_BENCH_SIZE_MB (default 200; 0 skips) sets the size of the logs, generated once from the real captures
 * (scripts/gen-logs/) and cached in bench-data/. Targets: ≥ 15× pgbadger -j 1, ≥ 8× pt-query-digest, < 200 MiB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBenchLog, pgSeedPrefix } from '../gen-logs/generate.js';
import type { GenKind } from '../gen-logs/replicate.js';
import type { Bench, BenchFigure } from './index.js';

const cliPath = new URL('../../cli/main.js', import.meta.url).pathname;

export interface TimedRun {
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMiB: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** Run a command under /usr/bin/time; stdout is discarded. */
export function timeCommand(command: string, args: readonly string[], workDir: string): TimedRun {
  const timesPath = join(workDir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timesPath, command, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  const [wallS, userS, sysS, rssKb] = readFileSync(timesPath, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  const ok = r.status === 0;
  return { wallS, cpuS: userS + sysS, peakRssMiB: rssKb / 1024, ok, error: ok ? undefined : r.stderr.toString().slice(-400) };
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

interface Contender { readonly name: string; readonly command: string; readonly args: (file: string, work: string) => string[] }

const qprof: Contender = {
  name: 'qprof ingest (fresh store)', command: process.execPath,
  args: (file, work) => { rmSync(join(work, 'fresh.db'), { force: true }); return [cliPath, 'ingest', '--db', join(work, 'fresh.db'), file]; },
};
const wc: Contender = { name: 'wc -l (floor)', command: 'wc', args: (file) => ['-l', file] };
const pgbadger = (jobs: number): Contender => ({
  name: `pgbadger -j ${jobs}`, command: 'pgbadger',
  args: (file, work) => ['-q', '-j', String(jobs), '--pid-dir', work, '-f', 'stderr', '-p', pgSeedPrefix, '-x', 'text', '-o', join(work, 'pgbadger.txt'), file],
});
const ptQueryDigest: Contender = { name: 'pt-query-digest', command: 'pt-query-digest', args: (file) => [file] };

function measure(kind: GenKind, sizeMb: number, contenders: readonly Contender[], work: string): BenchFigure[] {
  const log = ensureBenchLog(kind, sizeMb);
  const mb = log.sizeBytes / 1048576;
  const label = kind === 'pg-stderr' ? 'PostgreSQL stderr' : 'MariaDB slow log';
  const figures: BenchFigure[] = [{
    label: `${label}: generated log`, value: mb, unit: 'MB',
    note: `${log.cached ? 'cached' : 'generated'} ${log.path}, replicated from a real capture`,
  }];
  const runs = new Map<string, TimedRun>();
  for (const c of contenders) {
    if (c.command !== process.execPath && !hasTool(c.command)) {
      figures.push({ label: `${label}: ${c.name}`, value: 0, unit: 'MB/s', note: `${c.command} not installed (bash scripts/services.sh)` });
      continue;
    }
    const run = timeCommand(c.command, c.args(log.path, work), work);
    runs.set(c.name, run);
    // The slow tools take minutes on 200 MB: show each result as it comes (stderr; stdout keeps the table/JSON).
    process.stderr.write(`  [ingest] ${label}: ${c.name}: ${run.wallS.toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU, ${run.peakRssMiB.toFixed(0)} MiB${run.ok ? '' : ' FAILED'}\n`);
    figures.push({
      label: `${label}: ${c.name}`, value: mb / Math.max(run.cpuS, 0.01), unit: 'MB/s per CPU s',
      note: `${(mb / Math.max(run.wallS, 0.01)).toFixed(1)} MB/s wall; ${run.wallS.toFixed(1)} s wall, ${run.cpuS.toFixed(1)} s CPU, peak RSS ${run.peakRssMiB.toFixed(0)} MiB${run.ok ? '' : `; FAILED: ${run.error}`}`,
    });
  }
  const q = runs.get(qprof.name);
  if (q) {
    figures.push({ label: `${label}: qprof peak RSS`, value: q.peakRssMiB, unit: 'MiB', note: 'target < 200 MiB' });
    for (const [name, target] of [['pgbadger -j 1', 15], ['pt-query-digest', 8]] as const) {
      const other = runs.get(name);
      if (other) figures.push({ label: `${label}: qprof / ${name} (CPU time)`, value: other.cpuS / Math.max(q.cpuS, 0.001), unit: 'x', note: `target ≥ ${target}x; wall ${(other.wallS / Math.max(q.wallS, 0.001)).toFixed(1)}x` });
    }
    const j2 = runs.get('pgbadger -j 2');
    if (j2) figures.push({ label: `${label}: qprof / pgbadger -j 2 (wall time)`, value: j2.wallS / Math.max(q.wallS, 0.001), unit: 'x' });
  }
  return figures;
}

export const ingestBench: Bench = {
  name: 'ingest',
  async run(): Promise<readonly BenchFigure[]> {
    const sizeMb = Number(process.env.QPROF_BENCH_SIZE_MB ?? 200);
    if (!(sizeMb > 0)) return [{ label: 'ingest: skipped (QPROF_BENCH_SIZE_MB=0)', value: 0, unit: 'MB' }];
    if (!existsSync(cliPath)) return [{ label: 'ingest: no build', value: 0, unit: 'MB', note: 'npm run build' }];
    if (!existsSync('/usr/bin/time')) return [{ label: 'ingest: /usr/bin/time missing', value: 0, unit: 'MB', note: 'apt-get install time' }];
    const work = mkdtempSync(join(tmpdir(), 'qprof-bench-ingest-'));
    try {
      return [
        ...measure('pg-stderr', sizeMb, [wc, qprof, pgbadger(1), pgbadger(2)], work),
        ...measure('mysql-slow', sizeMb, [wc, qprof, ptQueryDigest], work),
      ];
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
