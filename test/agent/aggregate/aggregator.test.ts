import test from 'ava';
import { readFileSync } from 'node:fs';
import { Aggregator } from '../../../agent/aggregate/aggregator.js';
import { totalCount } from '../../../agent/aggregate/histogram.js';
import { unpackSession } from '../../../agent/aggregate/session-chunks.js';
import type { QueryEvent } from '../../../agent/events.js';
import { createLogParser } from '../../../agent/logs/index.js';
import { fingerprint } from '../../../agent/shape/index.js';

const fixture = readFileSync(new URL('../../../../fixtures/logs/pg-stderr-debian.log', import.meta.url), 'utf8');

function parseFixture(): QueryEvent[] {
  const parser = createLogParser('pg-stderr');
  const lines = fixture.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return [...parser.push(lines, 1).events, ...parser.end().events];
}

test('per-shape calls, time and errors add up to the events of a real log, in 1-minute buckets', (t) => {
  const events = parseFixture();
  const aggregator = new Aggregator();
  const expected = new Map<string, { calls: number; totalMs: number; errors: number }>();
  for (const e of events) {
    const fp = e.sql === null ? null : fingerprint(e.sql, 'postgres');
    aggregator.add(e, fp);
    if (!fp) continue;
    const x = expected.get(fp.id) ?? { calls: 0, totalMs: 0, errors: 0 };
    if (e.kind === 'statement') {
      x.calls++;
      x.totalMs += e.durationMs ?? 0;
    }
    if (e.kind === 'error') x.errors++;
    expected.set(fp.id, x);
  }
  const batch = aggregator.drain();
  const got = new Map<string, { calls: number; totalMs: number; errors: number }>();
  for (const b of batch.buckets) {
    t.is(b.bucketMs % 60_000, 0);
    const x = got.get(b.shapeId) ?? { calls: 0, totalMs: 0, errors: 0 };
    x.calls += b.calls;
    x.totalMs += b.totalMs;
    x.errors += b.errors;
    got.set(b.shapeId, x);
    t.true(totalCount(b.hist) <= b.calls);
  }
  for (const [id, x] of expected) {
    t.is(got.get(id)?.calls, x.calls, id);
    t.true(Math.abs(got.get(id)!.totalMs - x.totalMs) < 1e-6, id);
    t.is(got.get(id)?.errors, x.errors, id);
  }
  t.is(aggregator.drain().buckets.length, 0, 'drain empties the aggregator');
});

test('session sequences keep each session\'s statements in log order', (t) => {
  const events = parseFixture().filter((e) => e.kind === 'statement' && e.session !== null);
  const aggregator = new Aggregator();
  for (const e of events) aggregator.add(e, fingerprint(e.sql!, 'postgres'));
  const sessions = aggregator.drain().sessions;
  t.is(sessions.length, new Set(events.map((e) => e.session)).size);
  for (const chunk of sessions) {
    const mine = events.filter((e) => e.session === chunk.session);
    const unpacked = unpackSession(chunk);
    t.deepEqual(unpacked.map((s) => s.shapeId), mine.map((e) => fingerprint(e.sql!, 'postgres').id));
    t.deepEqual(unpacked.map((s) => s.timeMs), mine.map((e) => e.timeMs));
  }
});

test('samples are kept only when asked, the slowest per shape', (t) => {
  const events = parseFixture();
  const without = new Aggregator();
  const withSamples = new Aggregator({ keepSamples: true, samplesPerShape: 1 });
  for (const e of events) {
    const fp = e.sql === null ? null : fingerprint(e.sql, 'postgres');
    without.add(e, fp);
    withSamples.add(e, fp);
  }
  t.is(without.drain().samples.length, 0);
  const samples = withSamples.drain().samples;
  t.true(samples.length > 0);
  const point = events.filter((e) => e.kind === 'statement' && e.sql.startsWith('SELECT * FROM qprof_capture.customers WHERE id ='));
  const slowest = Math.max(...point.map((e) => (e.kind === 'statement' ? e.durationMs ?? -1 : -1)));
  const kept = samples.filter((s) => s.sql.startsWith('SELECT * FROM qprof_capture.customers WHERE id ='));
  t.is(kept.length, 1);
  t.is(kept[0]!.durationMs, slowest);
});
