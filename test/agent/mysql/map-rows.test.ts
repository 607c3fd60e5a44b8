import test from 'ava';
import { readFileSync } from 'node:fs';
import { mapDigestRows, mapHistoryRows, timerOriginMs } from '../../../agent/mysql/map-rows.js';
import { fingerprint } from '../../../agent/shape/fingerprint.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../fixtures/sampling/${name}`, import.meta.url), 'utf8'));
const history = fixture('mariadb-history.json') as { anchor: { timer_ps: string; now_s: string }; rows: Array<Record<string, string>> };
const digests = fixture('mariadb-digests.json') as Array<Record<string, string>>;

test('digest rows: picoseconds become milliseconds, rows are sent + affected, FIRST_SEEN marks the entry', (t) => {
  const entries = mapDigestRows(digests);
  t.is(entries.length, digests.length);
  for (const [i, e] of entries.entries()) {
    const row = digests[i]!;
    t.is(e.counters.calls, Number(row.calls));
    t.is(e.counters.totalMs, Number(row.timer_ps) / 1e9);
    t.is(e.counters.rows, Number(row.rows_sent) + Number(row.rows_affected));
    t.is(e.key, `qprof_fixture:${row.digest}`);
    t.is(e.since, row.first_seen);
  }
  t.is(entries.find((e) => /WHERE ID = \?/.test(e.text ?? ''))?.counters.calls, 3);
});

test('history rows: one session per thread, epoch end times no later than the anchor, durations in ms', (t) => {
  const originMs = timerOriginMs(Number(history.anchor.timer_ps), Number(history.anchor.now_s));
  const { events } = mapHistoryRows(history.rows, new Map(), originMs);
  t.is(events.length, 5);
  t.is(new Set(events.map((e) => e.session)).size, 1);
  const anchorMs = Number(history.anchor.now_s) * 1000;
  for (const e of events) {
    t.true(e.timeMs <= anchorMs + 1 && e.timeMs > anchorMs - 60_000, 'within the minute before the anchor');
    t.true(e.durationMs! > 0 && e.durationMs! < 1000);
  }
  t.true(events[0]!.fullScan, 'the unindexed lookup is a full scan');
  t.deepEqual(events.map((e) => e.timeMs), [...events.map((e) => e.timeMs)].sort((a, b) => a - b));
});

test('history rows are handed out once: event ids already seen per thread are skipped', (t) => {
  const first = mapHistoryRows(history.rows, new Map(), 0);
  t.is(mapHistoryRows(history.rows, first.lastEventIds, 0).events.length, 0);
  const thread = history.rows[0]!.thread_id!;
  const partial = mapHistoryRows(history.rows, new Map([[thread, Number(history.rows[1]!.event_id)]]), 0);
  t.is(partial.events.length, 3);
});

test('a digest and the literal statement it came from share a shape (stats and logs meet)', (t) => {
  const digest = mapDigestRows(digests).find((e) => /WHERE ID = \?/.test(e.text ?? ''))!;
  const literal = history.rows.find((r) => r.sql_text === 'SELECT total FROM orders WHERE id = 3')!;
  t.is(fingerprint(digest.text!, 'mysql').id, fingerprint(literal.sql_text!, 'mysql').id);
});
