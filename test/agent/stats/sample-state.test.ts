import test from 'ava';
import type { StatementCounters } from '../../../agent/events.js';
import type { Fingerprint } from '../../../agent/shape/types.js';
import { applySample, parseState, serializeState, type SampledEntry } from '../../../agent/stats/sample-state.js';

const c = (calls: number, totalMs: number): StatementCounters => ({ kind: 'cumulative', calls, totalMs, rows: calls, sharedBlksHit: calls * 2 });
// Shape by the text's table name: two texts on one table share a shape, like two IN-list lengths do.
const fp = (text: string): Fingerprint | null => text.startsWith('/* qprof */') ? null
  : { id: `shape-${/FROM (\w+)/.exec(text)?.[1] ?? 'x'}`, engine: 'postgres', normalized: text, tags: {}, truncated: false };
const entry = (key: string, text: string | null, calls: number, totalMs: number): SampledEntry => ({ key, text, counters: c(calls, totalMs) });
const input = (takenMs: number, entries: SampledEntry[]) => ({ takenMs, resetMarker: 'r', evictedTotal: 0, serverStartedAt: 's', entries });

test('entries of one shape are summed; qprof\'s own entries are dropped', (t) => {
  const first = applySample(null, input(0, [
    entry('1', 'SELECT * FROM orders WHERE id IN ($1)', 1, 1), entry('2', 'SELECT * FROM orders WHERE id IN ($1, $2)', 1, 1),
    entry('3', '/* qprof */ SELECT calls FROM pg_stat_statements', 1, 1),
  ]), fp);
  t.true(first.baseline);
  t.is(first.byShape.size, 0);
  // The second reading carries no texts: the remembered shapes are used.
  const second = applySample(first.state, input(60_000, [entry('1', null, 4, 4), entry('2', null, 3, 5), entry('3', null, 9, 9)]), fp);
  t.false(second.baseline);
  t.deepEqual([...second.byShape.keys()], ['shape-orders']);
  const d = second.byShape.get('shape-orders')!;
  t.is(d.calls, 5);
  t.is(d.totalMs, 7);
  t.is(d.sharedBlksHit, 10);
  t.is(second.ownEntries, 1);
});

test('an unknown entry without text is left for the next sample, and counted in full then', (t) => {
  const first = applySample(null, input(0, [entry('1', 'SELECT 1 FROM a', 1, 1)]), fp);
  const second = applySample(first.state, input(1, [entry('1', null, 1, 1), entry('2', null, 5, 5)]), fp);
  t.false(second.state.shapes.has('2'));
  const third = applySample(second.state, input(2, [entry('1', null, 1, 1), entry('2', 'SELECT 2 FROM b', 7, 7)]), fp);
  t.is(third.byShape.get('shape-b')?.calls, 7);
});

test('a restart of the server is detected from its start marker', (t) => {
  const first = applySample(null, input(0, []), fp);
  t.true(applySample(first.state, { ...input(1, []), serverStartedAt: 'later' }, fp).restarted);
});

test('the state survives a round trip through its JSON form', (t) => {
  const first = applySample(null, input(5, [entry('1', 'SELECT 1 FROM a', 3, 2.5), entry('own', '/* qprof */ SELECT 1', 1, 1)]), fp);
  const back = parseState(serializeState(first.state))!;
  t.deepEqual(back.reading.entries.get('1')?.counters, first.state.reading.entries.get('1')?.counters);
  t.is(back.shapes.get('own'), null);
  t.is(back.reading.takenMs, 5);
  t.is(parseState('{not json'), null);
});
