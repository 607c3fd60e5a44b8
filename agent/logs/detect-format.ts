/**
 * Guess a log's format from its first lines: jsonlog and csvlog by the shape of a record, slow logs by their
 * headers, stderr by trying the Debian default log_line_prefix and then common ones (pgBadger's recommended
 * prefixes, the PostgreSQL default `%m [%p] `, …) and keeping the first that reads nearly every line.
 */
import { parseCsvRecord } from './pg-csv.js';
import { compilePrefix, debianPrefix } from './pg-prefix.js';

export type LogFormat = 'pg-stderr' | 'pg-csv' | 'pg-json' | 'mysql-slow';

export type DetectedFormat = { readonly format: LogFormat; readonly prefix?: string } | { readonly error: string };

/** Tried in order; richer prefixes before their shorter forms so no field is lost. */
export const commonPrefixes: readonly string[] = [
  debianPrefix,
  '%m [%p] %q%u@%d/%a %c ', // the prefix README.md "Log setup" recommends (session ids)
  '%m [%p] %q%u@%d/%a ',
  '%m [%p] %q[user=%u,db=%d,app=%a] ',
  '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: [%l-1] user=%u,db=%d ',
  '%t [%p]: [%l-1] ',
  '%m [%p]: [%l-1] ',
  '%t [%p-%l] %q%u@%d ',
  '%m [%p-%l] %q%u@%d ',
  '%m %u %d [%p] ',
  '%t %u %d [%p] ',
  '%m [%p] ',
  '%t [%p] ',
  '%m ',
  '%t ',
  '',
];

const pgSeverities = /^(DEBUG[1-5]?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT)$/;
const usage = 'pass --format pg-stderr|pg-csv|pg-json|mysql-slow (and --prefix \'<log_line_prefix>\' for a stderr log)';

export interface DetectOptions {
  /** log_line_prefix the user gave (`--prefix`): tried first for a stderr log, so an uncommon prefix is accepted. */
  readonly prefix?: string;
}

export function detectLogFormat(firstLines: readonly string[], options: DetectOptions = {}): DetectedFormat {
  const lines = firstLines.filter((l) => l.length > 0);
  if (lines.length === 0) return { error: `the log is empty: cannot tell its format; ${usage}` };

  const json = lines.filter((l) => l.startsWith('{'));
  // One record may be torn (a log cut short, or still being written): all but one must read.
  const jsonSample = json.slice(0, 20);
  const jsonRecords = jsonSample.filter(isJsonLogRecord).length;
  if (json.length * 2 >= lines.length && jsonRecords > 0 && jsonRecords >= jsonSample.length - 1) return { format: 'pg-json' };

  if (lines.some(isSlowLogLine)) return { format: 'mysql-slow' };

  const heads = lines.filter((l) => l.charCodeAt(0) !== 9).slice(0, 200);
  const csvHeads = heads.filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[^,]*,/.test(l));
  if (csvHeads.length > 0 && csvHeads.slice(0, 20).some(isCsvRecordStart)) return { format: 'pg-csv' };

  let best: { prefix: string; matched: number } | null = null;
  const candidates = options.prefix === undefined ? commonPrefixes : [options.prefix, ...commonPrefixes];
  for (const prefix of candidates) {
    const compiled = compilePrefix(prefix);
    let matched = 0;
    for (const line of heads) {
      const m = compiled.match(line);
      // A name with spaces most likely means a lazy field swallowed the rest of a longer prefix: refuse to guess
      // (an application name with spaces then needs --prefix, which is better than misread fields).
      const f = m?.fields;
      if (f && !/\s/.test(`${f.user ?? ''}${f.database ?? ''}${f.host ?? ''}${f.application ?? ''}`)) matched++;
    }
    if (matched >= heads.length * 0.9 && matched > 0) return { format: 'pg-stderr', prefix };
    if (matched > (best?.matched ?? 0)) best = { prefix, matched };
  }
  const hint = best ? ` (the closest common prefix '${best.prefix}' reads ${best.matched} of ${heads.length} lines)` : '';
  return { error: `cannot detect the log format from its first ${lines.length} lines${hint}; ${usage}` };
}

function isJsonLogRecord(line: string): boolean {
  try {
    const r = JSON.parse(line);
    return typeof r === 'object' && r !== null && typeof r.error_severity === 'string' && 'timestamp' in r;
  } catch {
    return false;
  }
}

function isSlowLogLine(line: string): boolean {
  return line.startsWith('# Time: ') || line.startsWith('# User@Host: ') || line.startsWith('# Query_time: ')
    || (line.endsWith(' started with:') && line.includes(', Version: '));
}

/** A one-line csvlog record (most are): ≥ 23 fields with a severity in column 12. */
function isCsvRecordStart(line: string): boolean {
  const fields = parseCsvRecord(line);
  return fields !== null && fields.length >= 23 && pgSeverities.test(fields[11]);
}
