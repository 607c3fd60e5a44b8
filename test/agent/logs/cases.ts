/** The real log captures in fixtures/logs/ and how to read each (see fixtures/logs/README.md). */
import { readFileSync } from 'node:fs';
import type { LogParser, ParseResult, QueryEvent, Reject } from '../../../agent/events.js';
import { createLogParser, type LogFormat, type LogParserOptions } from '../../../agent/logs/index.js';

export const fixtureDir = new URL('../../../../fixtures/logs/', import.meta.url);

export interface LogCase {
  readonly name: string;
  readonly file: string;
  readonly format: LogFormat;
  readonly options?: LogParserOptions;
}

export const richPrefix = '%m [%p] %q%u@%d/%a %c %l %x %e ';
export const allEscapesPrefix = '%n %t [%p-%l] %c %s %v %x %e %b %Q %%%q %u@%d app=%a host=%h remote=%r tag=%i ';

export const cases: readonly LogCase[] = [
  { name: 'pg-stderr-debian', file: 'pg-stderr-debian.log', format: 'pg-stderr' },
  { name: 'pg-stderr-rich', file: 'pg-stderr-rich.log', format: 'pg-stderr', options: { prefix: richPrefix } },
  { name: 'pg-stderr-all-escapes', file: 'pg-stderr-all-escapes.log', format: 'pg-stderr', options: { prefix: allEscapesPrefix } },
  { name: 'pg-csv', file: 'pg-csv.csv', format: 'pg-csv' },
  { name: 'pg-json', file: 'pg-json.json', format: 'pg-json' },
  { name: 'mariadb-slow', file: 'mariadb-slow.log', format: 'mysql-slow' },
  { name: 'mysql8-slow-documented', file: 'mysql8-slow-documented.log', format: 'mysql-slow' },
];

export function readLines(file: string): string[] {
  const lines = readFileSync(new URL(file, fixtureDir), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export interface Parsed {
  events: QueryEvent[];
  rejects: Reject[];
}

/** Feed `lines` (numbered from `firstLine`) in chunks of `chunk` lines, then end. */
export function parseAll(parser: LogParser, lines: readonly string[], chunk = lines.length, firstLine = 1): Parsed {
  const out: Parsed = { events: [], rejects: [] };
  const take = (r: ParseResult) => {
    out.events.push(...r.events);
    out.rejects.push(...r.rejects);
  };
  for (let i = 0; i < lines.length; i += Math.max(1, chunk)) take(parser.push(lines.slice(i, i + chunk), firstLine + i));
  take(parser.end());
  return out;
}

export function parseCase(c: LogCase, chunk?: number): Parsed {
  return parseAll(createLogParser(c.format, c.options), readLines(c.file), chunk);
}

/** The numbers a user relies on, checked by hand against each fixture. */
export function summarize(parsed: Parsed) {
  const statements = parsed.events.filter((e) => e.kind === 'statement');
  return {
    statements: statements.length,
    statementsWithoutDuration: statements.filter((e) => e.durationMs === null).length,
    totalDurationMs: Math.round(statements.reduce((sum, e) => sum + (e.durationMs ?? 0), 0) * 1000) / 1000,
    sessions: new Set(parsed.events.map((e) => e.session)).size,
    withParams: statements.filter((e) => e.params !== undefined).length,
    withPlan: statements.filter((e) => e.plan !== undefined).length,
    errors: parsed.events.filter((e) => e.kind === 'error').length,
    lockWaits: parsed.events.filter((e) => e.kind === 'lock-wait').length,
    tempFiles: parsed.events.filter((e) => e.kind === 'temp-file').length,
    rejects: parsed.rejects.length,
  };
}
