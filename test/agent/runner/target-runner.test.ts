/**
 * TargetRunner scheduling without a server: a sample that fails while the database still answers (missing
 * extension, privilege) is an error with backoff, not an outage and not a tight retry loop; a connection that
 * cannot be opened is retried with growing delays and the outage is reported once it is back.
 */
import test from 'ava';
import { TargetRunner } from '../../../agent/runner/target-runner.js';
import type { RunnerLogger, StatsOutcome, TargetSchedule } from '../../../agent/runner/types.js';
import type { MonitorSession } from '../../../agent/stats/queryable.js';

const schedule: TargetSchedule = { name: 't', engine: 'postgres', statsIntervalMs: 1000, catalogIntervalMs: 0, backoffMs: 40, maxBackoffMs: 1000 };
const outcome: StatsOutcome = { baseline: false, calls: 1, entries: 1, intervalMs: 1000, warnings: [], databaseMs: 1, qprofMs: 1 };
const answering: MonitorSession = { display: 'x', query: async () => ({ rows: [] }), close: async () => {} };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function recorder(): RunnerLogger & { messages: string[] } {
  const messages: string[] = [];
  const add = (_: object, m: string): void => { messages.push(m); };
  return { messages, info: add, warn: add, error: add };
}

test('a failing sample on a live database backs off and reports no gap', async (t) => {
  let attempts = 0;
  const log = recorder();
  const runner = new TargetRunner(schedule, {
    connect: async () => answering,
    sampleStats: async () => { attempts++; throw Object.assign(new Error('pg_stat_statements is not installed'), { code: '42P01' }); },
    sampleCatalog: async () => ({ skipped: [] }),
  }, log);
  runner.start();
  await sleep(700);
  await runner.stop();
  // 40 + 80 + 160 + 320 ms of backoff (minus ≤ 20 % jitter) fit in 700 ms: about five attempts, not hundreds.
  t.true(attempts >= 3 && attempts <= 6, `${attempts} attempts`);
  const status = runner.status;
  t.is(status.errors, attempts);
  t.is(status.gaps, 0);
  t.true(status.up);
  t.regex(status.lastError!, /not installed \(42P01\)/);
  t.true(log.messages.every((m) => !m.startsWith('reconnected')));
});

test('an unreachable database is retried with growing delays; the gap is reported when it is back', async (t) => {
  const connects: number[] = [];
  const log = recorder();
  let samples = 0;
  const runner = new TargetRunner(schedule, {
    connect: async () => {
      connects.push(Date.now());
      if (connects.length < 4) throw Object.assign(new Error('127.0.0.1:5432/shop: nothing answers (ECONNREFUSED)'), { code: 'ECONNREFUSED' });
      return answering;
    },
    sampleStats: async () => { samples++; return outcome; },
    sampleCatalog: async () => ({ skipped: [] }),
  }, log);
  runner.start();
  await sleep(800);
  await runner.stop();
  t.is(connects.length, 4);
  const delays = connects.slice(1).map((at, i) => at - connects[i]!);
  t.true(delays[2]! > delays[0]!, `delays grow: ${delays.join(', ')}`);
  t.true(samples >= 1, 'sampled at once after reconnecting');
  t.like(runner.status, { up: true, gaps: 1, errors: 3, reconnects: 0 });
  t.true(runner.status.gapMs >= delays[0]! + delays[1]!);
  t.true(log.messages.some((m) => /^reconnected after [\d.]+ s unreachable/.test(m)));
});
