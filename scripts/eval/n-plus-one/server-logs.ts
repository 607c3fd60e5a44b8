/**
 * The servers' own logs for the N+1 evaluation: remember where the PostgreSQL stderr log and the MariaDB
 * slow log end, and later cut what was appended since, keeping only the entries of the given sessions
 * (other programs use the same servers). Same filtering as scripts/capture-logs.mjs.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const pgLogDir = process.env.PG_LOG_DIR ?? '/var/lib/postgresql/15/main/log';
export const mysqlSlowLog = process.env.MYSQL_SLOW_LOG ?? '/var/log/mysql/mariadb-slow.log';
/** log_line_prefix of docker/postgresql-qprof.conf (Debian's default). */
export const pgPrefix = '%m [%p] %q%u@%d ';

export interface LogMark {
  readonly path: string;
  readonly offset: number;
}

/** The newest PostgreSQL stderr log file (`.log`). */
export function newestPgStderrLog(dir = pgLogDir): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  if (files.length === 0) throw new Error(`no .log file in ${dir}: is logging_collector on with stderr in log_destination?`);
  return join(dir, files.at(-1)!);
}

export function markLog(path: string): LogMark {
  return { path, offset: statSync(path).size };
}

export function readSince(mark: LogMark): string {
  const size = statSync(mark.path).size;
  if (size <= mark.offset) return '';
  const buf = Buffer.alloc(size - mark.offset);
  const fd = openSync(mark.path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, mark.offset);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8');
}

/** Lines of the given backend pids (continuation lines start with a tab and follow their entry). */
export function keepPgStderr(text: string, pids: ReadonlySet<string>): string {
  const kept: string[] = [];
  let keep = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (!line.startsWith('\t')) keep = pids.has(/^[^[]* \[(\d+)[\]-]/.exec(line)?.[1] ?? '');
    if (keep) kept.push(line);
  }
  return `${kept.join('\n')}\n`;
}

/** Entries of the given thread ids; a dropped entry's `# Time:` line moves to the next kept one. */
export function keepSlowLog(text: string, threads: ReadonlySet<string>): string {
  const kept: string[] = [];
  let entry: string[] = [];
  let carriedTime: string | null = null;
  const flush = () => {
    if (entry.length === 0) return;
    const thread = entry.map((l) => /^# Thread_id: (\d+)/.exec(l)?.[1]).find(Boolean) ?? '';
    const time = entry.find((l) => l.startsWith('# Time: '));
    if (threads.has(thread)) {
      if (!time && carriedTime) kept.push(carriedTime);
      kept.push(...entry);
      carriedTime = null;
    } else if (time) carriedTime = time;
    entry = [];
  };
  let inSql = false;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if ((line.startsWith('# Time: ') || line.startsWith('# User@Host: ')) && (inSql || entry.some((l) => l.startsWith('# User@Host: ')))) {
      flush();
      inSql = false;
    }
    entry.push(line);
    if (!line.startsWith('#') && !line.startsWith('SET timestamp=') && !line.startsWith('use ')) inSql = true;
  }
  flush();
  return `${kept.join('\n')}\n`;
}
