/**
 * pendingLine is a safe resume point: a reader that stops after any line, checkpoints at pendingLine and starts a
 * fresh parser there ends with exactly the events of one clean run: none lost, none counted twice.
 */
import test from 'ava';
import type { QueryEvent } from '../../../agent/events.js';
import { createLogParser } from '../../../agent/logs/index.js';
import { cases, parseAll, parseCase, readLines } from './cases.js';

/**
 * Known limit: MySQL 8 writes `use db;` only when the database changes, so an entry after the resume point that
 * relied on an earlier `use` has no database (MariaDB is unaffected: its `Schema:` is on every entry).
 */
function forgetInherited(e: QueryEvent): QueryEvent {
  if (e.engine !== 'mysql' || e.database === undefined) return e;
  const { database, ...rest } = e;
  return rest as QueryEvent;
}

for (const c of cases) {
  test(`${c.name}: stopping after any line and resuming at pendingLine gives the clean run's events`, (t) => {
    const lines = readLines(c.file);
    const clean = JSON.stringify(parseCase(c).events.map(forgetInherited));
    const failures: string[] = [];
    for (let cut = 1; cut < lines.length; cut++) {
      const first = createLogParser(c.format, c.options).push(lines.slice(0, cut), 1);
      // Everything emitted lies before the resume point; the next run re-reads from there.
      const resumeAt = first.pendingLine ?? cut + 1;
      if (!first.events.every((e) => e.line < resumeAt)) failures.push(`cut ${cut}: an event at or after line ${resumeAt}`);
      const rest = parseAll(createLogParser(c.format, c.options), lines.slice(resumeAt - 1), undefined, resumeAt).events;
      if (JSON.stringify([...first.events, ...rest].map(forgetInherited)) !== clean) {
        failures.push(`cut after line ${cut}, resumed at ${resumeAt}: events differ from the clean run`);
      }
    }
    t.deepEqual(failures, []);
  });
}

test('a truncated last entry stays pending (not emitted) until its lines are complete', (t) => {
  const lines = readLines('pg-stderr-debian.log');
  // Line 5 starts a multi-line statement whose continuation lines run to line 12.
  const parser = createLogParser('pg-stderr');
  const partial = parser.push(lines.slice(0, 8), 1);
  t.is(partial.pendingLine, 5);
  t.false(partial.events.some((e) => e.line === 5));
  const rest = parser.push(lines.slice(8, 13), 9);
  const statement = rest.events.find((e) => e.line === 5);
  t.true(statement?.kind === 'statement' && statement.sql.endsWith(' LIMIT 5') && statement.sql.split('\n').length === 8);
});

test('a MariaDB entry cut after its header is held, with pendingLine at its first header line', (t) => {
  const lines = readLines('mariadb-slow.log');
  const parser = createLogParser('mysql-slow');
  // The second entry: `# User@Host:` (it inherits the first entry's `# Time:`), Thread_id, Query_time; no SQL yet.
  const second = lines.findIndex((l, i) => i > 2 && l.startsWith('# User@Host: '));
  const result = parser.push(lines.slice(0, second + 3), 1);
  t.is(result.pendingLine, second + 1);
  t.is(result.events.length, 1);
});

test('log_statement: a statement without its duration line is held at most holdLines lines, then emitted once', (t) => {
  const head = '2026-11-26 20:58:26.097 UTC [20413] postgres@test LOG:  ';
  const other = (i: number) => `2026-11-26 20:58:26.098 UTC [999] postgres@test LOG:  duration: 1.000 ms  statement: SELECT ${i}`;
  const lines = [`${head}statement: SELECT email FROM customers WHERE id = 99`, ...Array.from({ length: 10 }, (_, i) => other(i))];
  const parser = createLogParser('pg-stderr', { holdLines: 5 });
  const first = parser.push(lines.slice(0, 5), 1);
  t.is(first.pendingLine, 1);
  t.deepEqual(first.events, []); // the later statements wait behind the held one: events leave in line order
  const second = parser.push(lines.slice(5), 6);
  t.deepEqual(second.events.map((e) => e.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.is(second.events[0].kind === 'statement' && second.events[0].durationMs, null);
  t.is(second.pendingLine, 11);
  // A bare duration line arriving after expiry is not a second statement.
  const late = parser.push([`${head}duration: 0.400 ms`], 12);
  const rest = [...late.events, ...parser.end().events];
  t.deepEqual(rest.map((e) => e.line), [11]);
});
