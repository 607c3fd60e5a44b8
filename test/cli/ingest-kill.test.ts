/**
 * Crash safety: `qprof ingest` killed with SIGKILL at random moments, then re-run until it finishes, stores
 * exactly what one clean run stores (checkpoints commit in the same transaction as the data they cover).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../storage/db.js';
import { replicatePgStderr } from './replicate-log.js';

const cli = new URL('../../cli/main.js', import.meta.url).pathname;

/** Small seeded PRNG (mulberry32), so a failure can be replayed with the logged seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run { code: number | null; signal: NodeJS.Signals | null; stderr: string }

/** Run the CLI; when `killWhen` turns true (polled every 20 ms), SIGKILL it after `extraDelayMs`. */
function runCli(args: string[], killWhen: (() => boolean) | null, extraDelayMs = 0): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = killWhen === null ? null : setInterval(() => {
      if (!killWhen()) return;
      clearInterval(timer!);
      setTimeout(() => child.kill('SIGKILL'), extraDelayMs);
    }, 20);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}

function totals(db: string): unknown {
  const store = openStore(db, { readonly: true });
  try {
    return {
      perShape: store.prepare(`SELECT shape_id, sum(calls) AS calls, sum(total_ms) AS total_ms, sum(errors) AS errors
        FROM stat_buckets GROUP BY shape_id ORDER BY shape_id`).all(),
      perBucket: store.prepare(`SELECT shape_id, bucket_ms, calls, total_ms, hex(hist) AS hist FROM stat_buckets ORDER BY shape_id, bucket_ms`).all(),
      sessionStatements: store.prepare('SELECT sum(count) AS n FROM session_chunks').get(),
      shapes: store.prepare('SELECT count(*) AS n FROM shapes').get(),
    };
  } finally {
    store.close();
  }
}

function checkpointOffset(db: string): number | null {
  if (!existsSync(db)) return null;
  const store = openStore(db, { readonly: true });
  try {
    const row = store.prepare('SELECT offset FROM checkpoints').get() as { offset: number } | undefined;
    return row?.offset ?? null;
  } catch {
    return null; // killed before the first migration committed
  } finally {
    store.close();
  }
}

test('SIGKILL at random moments, then re-runs until done: the store equals one clean run exactly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-kill-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'postgresql.log');
  t.timeout(5 * 60_000); // a dozen node start-ups on a shared 2-core machine
  writeFileSync(log, replicatePgStderr('pg-stderr-debian.log', 120)); // ~2 MB of a real capture, literals varied
  // Small transactions so that kills land between many checkpoints.
  const args = (db: string) => ['--db', db, '--target', 'app', 'ingest', log, '--flush-bytes', '32768'];

  const clean = await runCli(args(join(dir, 'clean.db')), null);
  t.is(clean.code, 0, clean.stderr);

  const seed = Number(process.env.QPROF_KILL_SEED ?? Date.now() % 100_000);
  t.log(`seed ${seed} (QPROF_KILL_SEED=${seed} replays it)`);
  const random = prng(seed);
  const db = join(dir, 'killed.db');
  const size = statSync(log).size;
  const midway: number[] = [];
  let kills = 0;
  // Random moments, by progress rather than by clock (a loaded machine starts node slowly): each of the first
  // runs is killed a random 0-60 ms after its checkpoint passes a random point further into the file.
  for (let attempt = 0; attempt < 40; attempt++) {
    const before = checkpointOffset(db) ?? 0;
    const target = before + (size - before) * (0.1 + 0.6 * random());
    const killWhen = attempt < 5 ? () => (checkpointOffset(db) ?? 0) >= target : null;
    const run = await runCli(args(db), killWhen, Math.floor(random() * 60));
    if (run.signal === 'SIGKILL') {
      kills++;
      const offset = checkpointOffset(db);
      if (offset !== null && offset > 0 && offset < size) midway.push(offset);
      continue;
    }
    t.is(run.code, 0, run.stderr);
    break;
  }
  t.log(`${kills} runs killed before the one that finished; checkpoints left mid-file: ${midway.join(', ')} of ${size} bytes`);
  t.true(midway.length >= 1, 'at least one run was killed mid-file, after a checkpoint');
  t.deepEqual(totals(db), totals(join(dir, 'clean.db')));
});
