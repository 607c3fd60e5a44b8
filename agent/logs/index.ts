/**
 * Log parsers: pure state machines from lines to QueryEvents (see LogParser in ../events.ts).
 * File reading, tailing and storing live elsewhere (reader.ts, tail.ts, the ingest pipeline).
 */
import type { LogParser } from '../events.js';
import type { LogFormat } from './detect-format.js';
import { MysqlSlowParser } from './mysql-slow.js';
import { PgCsvParser } from './pg-csv.js';
import { PgJsonParser } from './pg-json.js';
import { debianPrefix } from './pg-prefix.js';
import { PgStderrParser } from './pg-stderr.js';

export { detectLogFormat, commonPrefixes, type DetectedFormat, type DetectOptions, type LogFormat } from './detect-format.js';
export { debianPrefix, compilePrefix } from './pg-prefix.js';

export interface LogParserOptions {
  /** log_line_prefix for pg-stderr. Default: the Debian default `%m [%p] %q%u@%d `. */
  readonly prefix?: string;
  /**
   * IANA zone (`Europe/Paris`) for times the log prints without a usable offset: PostgreSQL zone abbreviations
   * other than UTC/GMT and a few unambiguous ones, and MariaDB's server-local `# Time:`. Default UTC.
   */
  readonly timeZone?: string;
  /**
   * PostgreSQL only: how many lines a `statement:` logged by log_statement waits for its `duration:` line before
   * it is emitted without one. Bounds memory and how far a resume goes back. Default 10000 lines.
   */
  readonly holdLines?: number;
}

export function createLogParser(format: LogFormat, options: LogParserOptions = {}): LogParser {
  switch (format) {
    case 'pg-stderr':
      return new PgStderrParser({ ...options, prefix: options.prefix ?? debianPrefix });
    case 'pg-csv':
      return new PgCsvParser(options);
    case 'pg-json':
      return new PgJsonParser(options);
    case 'mysql-slow':
      return new MysqlSlowParser(options);
  }
}
