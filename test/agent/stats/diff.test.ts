import test from 'ava';
import fc from 'fast-check';
import type { StatementCounters } from '../../../agent/events.js';
import { diffReadings, type EntryReading, type Reading } from '../../../agent/stats/diff.js';

function counters(calls: number, totalMs: number, rows = calls): StatementCounters {
  return { kind: 'cumulative', calls, totalMs, rows };
}

function reading(takenMs: number, entries: Record<string, EntryReading>, resetMarker: string | null = 'r0', evictedTotal: number | null = 0): Reading {
  return { takenMs, resetMarker, evictedTotal, entries: new Map(Object.entries(entries)) };
}

test('first reading is a baseline: no deltas', (t) => {
  const result = diffReadings(null, reading(1000, { a: { counters: counters(10, 5) } }));
  t.is(result.deltas.size, 0);
});

test('delta is the difference of cumulative counters over the interval', (t) => {
  const before = reading(1000, { a: { counters: counters(10, 5) }, b: { counters: counters(3, 1) } });
  const after = reading(61_000, { a: { counters: counters(25, 12.5) }, b: { counters: counters(3, 1) } });
  const result = diffReadings(before, after);
  t.deepEqual(result.deltas.get('a'), { kind: 'delta', intervalStartMs: 1000, intervalEndMs: 61_000, calls: 15, totalMs: 7.5, rows: 15 });
  t.false(result.deltas.has('b'), 'unchanged entries produce no delta');
});

test('a counter that went down means the entry restarted: the delta is its current value', (t) => {
  const before = reading(0, { a: { counters: counters(100, 50) } });
  const after = reading(1, { a: { counters: counters(4, 2) } });
  const result = diffReadings(before, after);
  t.is(result.deltas.get('a')?.calls, 4);
  t.is(result.entriesReset, 1);
});

test('a changed reset marker (stats_reset, server start) counts every entry from zero, even ones that grew past the old value', (t) => {
  const before = reading(0, { a: { counters: counters(5, 1) } }, 'reset-1');
  const after = reading(1, { a: { counters: counters(8, 3) } }, 'reset-2');
  const result = diffReadings(before, after);
  t.true(result.tableReset);
  t.is(result.deltas.get('a')?.calls, 8);
});

test('a changed per-entry since (FIRST_SEEN, stats_since) means re-created: counted from zero', (t) => {
  const before = reading(0, { a: { counters: counters(5, 1), since: 't1' } });
  const after = reading(1, { a: { counters: counters(9, 3), since: 't2' } });
  t.is(diffReadings(before, after).deltas.get('a')?.calls, 9);
});

test('evictions: counted from dealloc, or from entries that disappeared', (t) => {
  const before = reading(0, { a: { counters: counters(5, 1) }, b: { counters: counters(5, 1) } }, 'r', 10);
  const withDealloc = diffReadings(before, reading(1, { a: { counters: counters(6, 1) } }, 'r', 13));
  t.is(withDealloc.evicted, 3);
  t.is(withDealloc.entriesGone, 1);
  const noDealloc = diffReadings({ ...before, evictedTotal: null }, reading(1, { a: { counters: counters(6, 1) } }, 'r', null));
  t.is(noDealloc.evicted, null);
  t.is(noDealloc.entriesGone, 1);
});

// Property: whatever happens to the server between readings (growth, per-entry reset, table reset,
// evictions), deltas are never negative and never exceed what the current reading holds.
test('deltas are never negative and never more than the current cumulative value', (t) => {
  const entry = fc.record({ calls: fc.nat(1000), totalMs: fc.double({ min: 0, max: 1e6, noNaN: true }), rows: fc.nat(1000) });
  const side = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), entry);
  fc.assert(fc.property(side, side, fc.boolean(), (prev, cur, reset) => {
    const toReading = (m: typeof prev, marker: string) => reading(0, Object.fromEntries(Object.entries(m)
      .map(([k, v]) => [k, { counters: counters(v.calls, v.totalMs, v.rows) }])), marker);
    const result = diffReadings(toReading(prev, 'r'), toReading(cur, reset ? 's' : 'r'));
    for (const [key, d] of result.deltas) {
      const now = cur[key]!;
      if (d.calls < 0 || d.totalMs < 0 || d.rows < 0) return false;
      if (d.calls > now.calls || d.totalMs > now.totalMs || d.rows > now.rows) return false;
    }
    return true;
  }));
  t.pass();
});
