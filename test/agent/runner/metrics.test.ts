/** /metrics text and the /healthz verdict from the runner's state; reconnect delays. */
import test from 'ava';
import { computeBackoffMs } from '../../../agent/runner/backoff.js';
import { detectHealth, renderMetrics, type AgentSnapshot } from '../../../agent/runner/metrics.js';
import type { TargetStatus } from '../../../agent/runner/types.js';

const base: TargetStatus = {
  name: 'db1:5432/shop', engine: 'postgres', up: true, statsSamples: 12, catalogSamples: 2, errors: 3, reconnects: 1,
  gaps: 1, gapMs: 4500, lastStatsMs: 100_000, lastError: null, downSinceMs: null,
};

const snapshot = (targets: TargetStatus[]): AgentSnapshot => ({
  nowMs: 130_000, startedMs: 0, targets,
  logs: [{ target: 'db1:5432/shop', path: '/var/log/pg "main".json', file: null, events: 40, rejects: 2, lagBytes: 10, errors: 0, lastError: null }],
});

test('metrics: one sample per target and kind, gaps in seconds, lag since the last sample, escaped labels', (t) => {
  const text = renderMetrics(snapshot([base]));
  t.true(text.includes('qprof_samples_total{target="db1:5432/shop",engine="postgres",kind="stats"} 12\n'));
  t.true(text.includes('qprof_sample_errors_total{target="db1:5432/shop",engine="postgres"} 3\n'));
  t.true(text.includes('qprof_gap_seconds_total{target="db1:5432/shop",engine="postgres"} 4.5\n'));
  t.true(text.includes('qprof_sample_lag_seconds{target="db1:5432/shop",engine="postgres"} 30\n'));
  t.true(text.includes('qprof_ingest_rejects_total{target="db1:5432/shop",path="/var/log/pg \\"main\\".json"} 2\n'));
  t.true(text.includes('# TYPE qprof_gaps_total counter'));
  // Every sample line is `name{labels} value`.
  for (const line of text.trim().split('\n').filter((l) => !l.startsWith('#'))) t.regex(line, /^[a-z_]+(\{.*\})? (-?[\d.]+(e[+-]?\d+)?|NaN)$/);
});

test('health: a down target and a stale one are problems; a fresh one is fine', (t) => {
  t.true(detectHealth(snapshot([base]), () => 60_000).ok);
  const stale = detectHealth(snapshot([base]), () => 20_000);
  t.false(stale.ok);
  t.regex(stale.problems[0]!, /no statistics sample for 30 s/);
  const down = detectHealth(snapshot([{ ...base, up: false, downSinceMs: 120_000, lastError: 'nothing answers (ECONNREFUSED)' }]), () => 60_000);
  t.regex(down.problems[0]!, /unreachable for 10 s: nothing answers/);
});

test('backoff doubles per failure up to the cap, jitter only shortens', (t) => {
  t.deepEqual([1, 2, 3, 4, 10].map((n) => computeBackoffMs(n, 0, { baseMs: 1000, maxMs: 5000 })), [1000, 2000, 4000, 5000, 5000]);
  t.is(computeBackoffMs(2, 0.999, { baseMs: 1000 }), 1600);
});
