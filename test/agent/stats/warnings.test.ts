import test from 'ava';
import { detectSampleWarnings } from '../../../agent/stats/warnings.js';
import type { DiffResult } from '../../../agent/stats/diff.js';

const diff = (d: Partial<DiffResult>): DiffResult => ({ deltas: new Map(), tableReset: false, entriesReset: 0, entriesGone: 0, evicted: null, ...d });

test('evictions between samples say to raise pg_stat_statements.max, with its current value', (t) => {
  const [warning] = detectSampleWarnings({ baseline: false, restarted: false, diff: diff({ evicted: 40 }) }, 'pgss', 5000);
  t.regex(warning!, /^40 pg_stat_statements entries were evicted between samples.*raise pg_stat_statements\.max \(now 5000\)/);
});

test('a full digest table says to raise performance_schema_digests_size', (t) => {
  const [warning] = detectSampleWarnings({ baseline: false, restarted: false, diff: diff({ evicted: 3 }) }, 'digest', 10000);
  t.regex(warning!, /3 statements got no digest row .* raise performance_schema_digests_size \(now 10000\)/);
});

test('a reset and a restart are reported; a baseline and a quiet interval say nothing', (t) => {
  const reset = detectSampleWarnings({ baseline: false, restarted: true, diff: diff({ tableReset: true, entriesGone: 12, evicted: 0 }) }, 'pgss', null);
  t.is(reset.length, 2);
  t.regex(reset[0]!, /restarted/);
  t.regex(reset[1]!, /pg_stat_statements was reset/);
  t.deepEqual(detectSampleWarnings({ baseline: true, restarted: false, diff: diff({ entriesGone: 5 }) }, 'pgss', null), []);
  t.deepEqual(detectSampleWarnings({ baseline: false, restarted: false, diff: diff({ evicted: 0 }) }, 'pgss', null), []);
});
