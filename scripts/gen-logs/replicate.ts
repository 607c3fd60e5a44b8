/**
 * Pure line rewriting for the benchmark log generator: copy k of a real captured log gets its timestamps
 * advanced by k × the capture's span, its sessions (PostgreSQL pid, MariaDB Thread_id) renumbered so copies
 * never share a session, and the literals of its statements varied (digit runs of ≥ 2 digits replaced by other
 * digits of the same length, so shapes stay the same and values differ). Copy 0 is the capture unchanged.
 */

export type GenKind = 'pg-stderr' | 'mysql-slow';

/** Deterministic xorshift32; `next()` in [0, 2^32). */
export function createPrng(seed: number): { next(): number } {
  let s = (seed >>> 0) || 0x9e3779b9;
  return {
    next() {
      s ^= s << 13; s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5; s >>>= 0;
      return s;
    },
  };
}

// A digit run of ≥ 2 digits that is not part of an identifier ($1, t12, sbtest1), of a decimal's fraction, or
// a positional reference (ORDER BY 12). Single digits stay: LIMIT 1, GROUP BY 1, 2, booleans.
const literalDigits = /(?<![\w$.])\d{2,}(?![\w])/g;

/** Replace each literal digit run with random digits of the same length (no leading zero). */
export function varyLiterals(text: string, prng: { next(): number }): string {
  return text.replace(literalDigits, (run, offset: number, whole: string) => {
    if (/by\s+$/i.test(whole.slice(Math.max(0, offset - 6), offset))) return run;
    let out = String(1 + (prng.next() % 9));
    for (let i = 1; i < run.length; i += 1) out += String(prng.next() % 10);
    return out;
  });
}

// PostgreSQL stderr with a prefix starting '%m [%p] ' (the Debian default '%m [%p] %q%u@%d ').
const pgHead = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\S+) \[(\d+)\]/;
const pgLiteralMarker = /(statement: |execute [^:]*: |parameters: |STATEMENT:  )/;

export function readPgTimeMs(line: string): number | null {
  const m = pgHead.exec(line);
  return m ? Date.parse(`${m[1].replace(' ', 'T')}Z`) : null;
}

function formatPgTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

/** Does a new log entry start at this line (so a file may end just before it)? */
export function isEntryStart(kind: GenKind, line: string, previous: string | undefined): boolean {
  if (kind === 'pg-stderr') return pgHead.test(line) && !/^\S+ \S+ \S+ \[\d+\] \S*\s*(DETAIL|STATEMENT|HINT|CONTEXT):/.test(line);
  if (line.startsWith('# Time:')) return true;
  return line.startsWith('# User@Host:') && !(previous ?? '').startsWith('# Time:');
}

export interface CopyContext {
  readonly copy: number;
  readonly offsetMs: number;
  readonly prng: { next(): number };
}

export function rewritePgLine(line: string, c: CopyContext): string {
  if (c.copy === 0) return line;
  const m = pgHead.exec(line);
  if (!m) return line.startsWith('\t') ? varyLiterals(line, c.prng) : line;
  const time = formatPgTime(Date.parse(`${m[1].replace(' ', 'T')}Z`) + c.offsetMs);
  const pid = Number(m[3]) + (c.copy % 40) * 100_000;
  let rest = line.slice(m[0].length);
  const marker = pgLiteralMarker.exec(rest);
  if (marker) {
    const at = marker.index + marker[0].length;
    rest = rest.slice(0, at) + varyLiterals(rest.slice(at), c.prng);
  }
  return `${time} ${m[2]} [${pid}]${rest}`;
}

// MariaDB '# Time: 261126 21:31:02' (hour space-padded) and MySQL 8 '# Time: 2026-11-26T21:31:02.123456Z'.
const myTimeMaria = /^# Time: (\d\d)(\d\d)(\d\d) ([ \d]\d):(\d\d):(\d\d)$/;
const myTimeIso = /^# Time: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$/;

export function readMysqlTimeMs(line: string): number | null {
  let m = myTimeMaria.exec(line);
  if (m) return Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = myTimeIso.exec(line);
  if (m) return Date.parse(`${m[1]}Z`);
  const t = /^SET timestamp=(\d+);$/.exec(line);
  return t ? Number(t[1]) * 1000 : null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function rewriteMysqlLine(line: string, c: CopyContext): string {
  if (c.copy === 0) return line;
  if (line.startsWith('# Time: ')) {
    const ms = readMysqlTimeMs(line);
    if (ms === null) return line;
    const d = new Date(ms + c.offsetMs);
    if (myTimeIso.test(line)) return `# Time: ${d.toISOString().slice(0, 19)}${myTimeIso.exec(line)![2] ?? ''}Z`;
    return `# Time: ${pad2(d.getUTCFullYear() % 100)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())} `
      + `${String(d.getUTCHours()).padStart(2, ' ')}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  }
  if (line.startsWith('# Thread_id: ')) {
    return line.replace(/^# Thread_id: (\d+)/, (_, id: string) => `# Thread_id: ${Number(id) + c.copy * 1_000_000}`);
  }
  if (line.startsWith('# User@Host: ')) {
    return line.replace(/ Id: +(\d+)/, (_, id: string) => ` Id: ${Number(id) + c.copy * 1_000_000}`);
  }
  if (line.startsWith('#')) return line;
  if (line.startsWith('SET timestamp=')) {
    const ms = readMysqlTimeMs(line);
    return ms === null ? line : `SET timestamp=${Math.floor((ms + c.offsetMs) / 1000)};`;
  }
  if (/^use [^ ;]+;$/.test(line)) return line;
  return varyLiterals(line, c.prng);
}

export function rewriteLine(kind: GenKind, line: string, c: CopyContext): string {
  return kind === 'pg-stderr' ? rewritePgLine(line, c) : rewriteMysqlLine(line, c);
}

/** First and last time in the log (ms), to space the copies; whole seconds so SET timestamp stays exact. */
export function measureSpanMs(kind: GenKind, lines: readonly string[]): number {
  const read = kind === 'pg-stderr' ? readPgTimeMs : readMysqlTimeMs;
  let first: number | null = null;
  let last: number | null = null;
  for (const line of lines) {
    const t = read(line);
    if (t === null) continue;
    first ??= t;
    last = t;
  }
  if (first === null || last === null) return 1000;
  return Math.ceil((last - first) / 1000) * 1000 + 1000;
}

/**
 * Keep whole sessions only: the 1st, (1+every)th, … session in order of first appearance. Every kind of
 * session (pgbench simple and prepared, the shop workload) survives, and nothing a session logs is split from
 * its pairs (parse/bind/execute, DETAIL lines), so a thinned log is as valid as the capture, only smaller.
 */
export function thinSessions(kind: GenKind, lines: readonly string[], every: number): string[] {
  const order = new Map<string, number>();
  const keepOf = (session: string) => {
    if (!order.has(session)) order.set(session, order.size);
    return order.get(session)! % every === 0;
  };
  const out: string[] = [];
  if (kind === 'pg-stderr') {
    let keep = false;
    for (const line of lines) {
      const m = pgHead.exec(line);
      if (m) keep = keepOf(m[3]);
      if (keep) out.push(line);
    }
    return out;
  }
  let entry: string[] = [];
  const flush = () => {
    const thread = entry.map((l) => /^# Thread_id: (\d+)/.exec(l) ?? / Id: +(\d+)/.exec(l.startsWith('# User@Host:') ? l : '')).find((m) => m);
    if (entry.length && (!thread || keepOf(thread[1]))) out.push(...entry);
    entry = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    if (isEntryStart(kind, lines[i], lines[i - 1])) flush();
    entry.push(lines[i]);
  }
  flush();
  return out;
}
