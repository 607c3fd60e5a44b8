/**
 * The sidecar's cost: (1) `qprof agent` CPU at its default intervals (stats 60 s, catalog 10 min) on the two
 * local servers, from /proc over a steady window after its first samples; (2) pgbench TPS without and with the
 * agent sampling PostgreSQL every 10 s, interleaved runs so drift on the shared machine hits both sides, with
 * each side's spread reported as the noise. Knobs (env): QPROF_BENCH_AGENT_WINDOW_S (default 120),
 * QPROF_BENCH_PGBENCH_S (per run, default 15), QPROF_BENCH_PGBENCH_PAIRS (default 3).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Bench, BenchFigure } from './index.js';

const mainJs = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const pgUrl = process.env.QPROF_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const myUrl = process.env.QPROF_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const benchDb = 'qprof_bench_agent';
const envNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in seconds (clock ticks of 1/100 s on Linux). */
function readCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function startAgent(config: object, dir: string): { child: ChildProcess; samples: (n: number) => Promise<void> } {
  const path = join(dir, `agent-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(config));
  const child = spawn(process.execPath, [mainJs, 'agent', '--config', path, '--no-http'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stored = 0;
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
    stored += (d.toString().match(/"msg":"statistics (baseline|sample) stored"/g) ?? []).length;
  });
  return {
    child,
    async samples(n) {
      const deadline = Date.now() + 180_000;
      while (stored < n) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`agent did not store ${n} samples: ${output}`);
        await sleep(200);
      }
    },
  };
}

async function stopAgent(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function runPgbench(seconds: number): number {
  const url = new URL(pgUrl);
  const out = execFileSync('pgbench', ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', '-n', '-c', '4', '-j', '2', '-T', String(seconds), benchDb],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? Number.NaN);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[]): string => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

export const agentBench: Bench = {
  name: 'agent',
  async run(): Promise<readonly BenchFigure[]> {
    const dir = mkdtempSync(join(tmpdir(), 'qprof-bench-agent-'));
    const figures: BenchFigure[] = [];
    const admin = new pg.Client(pgUrl);
    await admin.connect();
    try {
      // (1) CPU at the default intervals, both engines, after the first samples (baselines describe every shape once).
      const windowS = envNumber('QPROF_BENCH_AGENT_WINDOW_S', 120);
      const idle = startAgent({ db: join(dir, 'cpu.db'), targets: [{ name: 'pg', pg: pgUrl }, { name: 'maria', mysql: myUrl }] }, dir);
      await idle.samples(2);
      const startupCpuS = readCpuSeconds(idle.child.pid!);
      await sleep(windowS * 1000);
      const steadyCpuS = readCpuSeconds(idle.child.pid!) - startupCpuS;
      await stopAgent(idle.child);
      figures.push({ label: 'agent CPU at default intervals (2 targets, steady)', value: (100 * steadyCpuS) / windowS, unit: '% of a core', note: `${steadyCpuS.toFixed(2)} s CPU over ${windowS} s` });
      figures.push({ label: 'agent CPU to start (both baselines, first catalog)', value: startupCpuS, unit: 's' });

      // (2) pgbench TPS without / with the agent sampling PostgreSQL every 10 s, interleaved.
      await admin.query(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${benchDb}`);
      const url = new URL(pgUrl);
      const benchAdmin = new pg.Client(pgUrl.replace(/\/[^/]*$/, `/${benchDb}`));
      await benchAdmin.connect();
      await benchAdmin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await benchAdmin.end();
      execFileSync('pgbench', ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', '-i', '-q', '-s', '5', benchDb], { stdio: 'ignore' });
      const seconds = envNumber('QPROF_BENCH_PGBENCH_S', 15);
      const pairs = envNumber('QPROF_BENCH_PGBENCH_PAIRS', 3);
      const without: number[] = [];
      const withAgent: number[] = [];
      const store = join(dir, 'pgbench.db');
      const target = { db: store, statsIntervalMs: 10_000, targets: [{ name: 'pg', pg: pgUrl.replace(/\/[^/]*$/, `/${benchDb}`) }] };
      for (let i = 0; i < pairs; i++) {
        without.push(runPgbench(seconds));
        const agent = startAgent(target, dir);
        await agent.samples(1); // its first sample (and catalog) done: from here on it samples every 10 s
        withAgent.push(runPgbench(seconds));
        await stopAgent(agent.child);
      }
      const noise = Math.max(...without) - Math.min(...without);
      figures.push({ label: `pgbench TPS without the agent (${pairs} × ${seconds} s, -c 4)`, value: mean(without), unit: 'tps', note: `runs ${spread(without)}` });
      figures.push({ label: 'pgbench TPS with the agent sampling every 10 s', value: mean(withAgent), unit: 'tps', note: `runs ${spread(withAgent)}` });
      figures.push({ label: 'difference (with − without) vs run-to-run noise', value: mean(withAgent) - mean(without), unit: 'tps', note: `noise (range without) ${Math.round(noise)} tps` });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${benchDb} WITH (FORCE)`).catch(() => {});
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
