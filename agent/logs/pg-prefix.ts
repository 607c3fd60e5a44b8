/**
 * Compile a PostgreSQL `log_line_prefix` once into a single anchored regular expression that reads the prefix
 * fields and the severity of a stderr line (https://www.postgresql.org/docs/15/runtime-config-logging.html).
 * Free-text escapes (`%u %d %a %h %r %b %i`) are lazy and stop at the next literal; numeric and timestamp escapes
 * have exact patterns, so matching does not backtrack beyond a few characters.
 */

/** Prefix fields a line can carry. Absent when the prefix lacks the escape or `%q` cut it. */
export interface PrefixFields {
  /** `%m` / `%t` text, or `%n` epoch seconds text. */
  time?: string;
  epochSeconds?: string;
  pid?: string;
  sessionId?: string;
  sessionLine?: string;
  user?: string;
  database?: string;
  application?: string;
  host?: string;
  transaction?: string;
  virtualTransaction?: string;
  sqlstate?: string;
  commandTag?: string;
  backendType?: string;
  queryId?: string;
}

export interface PrefixMatch {
  readonly fields: PrefixFields;
  /** `LOG`, `ERROR`, `DETAIL`, `STATEMENT`, … */
  readonly severity: string;
  /** Offset in the line where the message text starts (after `SEVERITY:  `). */
  readonly messageStart: number;
}

export interface CompiledPrefix {
  readonly prefix: string;
  /** Reads one line; null when the line does not start with this prefix and a severity. */
  match(line: string): PrefixMatch | null;
}

const severities = 'DEBUG[1-5]?|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT';
const timestamp = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d';
const lazy = '(.*?)';

/** Pattern and field name of each escape (`null` field: matched but not kept). */
const escapes: Readonly<Record<string, readonly [string, keyof PrefixFields | null]>> = {
  m: [`(${timestamp}\\.\\d{3}(?: [^ ]+)?)`, 'time'],
  t: [`(${timestamp}(?: [^ ]+)?)`, 'time'],
  s: [`(${timestamp}(?: [^ ]+)?)`, null],
  n: ['(\\d+(?:\\.\\d+)?)', 'epochSeconds'],
  p: ['(\\d+|\\[unknown\\])', 'pid'],
  c: ['([0-9a-f]+\\.[0-9a-f]+)', 'sessionId'],
  l: ['(\\d+)', 'sessionLine'],
  u: [lazy, 'user'],
  d: [lazy, 'database'],
  a: [lazy, 'application'],
  h: [lazy, 'host'],
  r: [lazy, 'host'],
  b: [lazy, 'backendType'],
  i: [lazy, 'commandTag'],
  x: ['(\\d*)', 'transaction'],
  v: ['((?:\\d+/\\d+)?)', 'virtualTransaction'],
  e: ['([0-9A-Z]{5})', 'sqlstate'],
  Q: ['(-?\\d+)', 'queryId'],
  P: ['(\\d*)', null],
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compile `prefix` (the value of log_line_prefix, trailing space included). Unknown escapes match any text.
 * Padding (`%-10u`, `%5p`) is accepted and the padding spaces are ignored.
 */
export function compilePrefix(prefix: string): CompiledPrefix {
  let source = '^';
  const names: (keyof PrefixFields | null)[] = [];
  let optionalOpen = false;
  for (let i = 0; i < prefix.length; i++) {
    const ch = prefix[i];
    if (ch !== '%' || i === prefix.length - 1) {
      source += escapeRegExp(ch);
      continue;
    }
    let j = i + 1;
    let padded = false;
    while (j < prefix.length && /[-0-9]/.test(prefix[j])) { j++; padded = true; }
    const code = prefix[j];
    i = j;
    if (code === '%') { source += '%'; continue; }
    if (code === 'q') {
      // Non-session processes stop the prefix here: the rest is optional.
      source += '(?:';
      optionalOpen = true;
      continue;
    }
    const [pattern, name] = escapes[code] ?? [lazy, null];
    source += padded ? ` *${pattern} *` : pattern;
    names.push(name);
  }
  if (optionalOpen) source += ')??';
  source += `(${severities}):  `;
  const re = new RegExp(source);
  const severityGroup = names.length + 1;
  return {
    prefix,
    match(line: string): PrefixMatch | null {
      const m = re.exec(line);
      if (m === null) return null;
      const fields: PrefixFields = {};
      for (let g = 0; g < names.length; g++) {
        const name = names[g];
        const value = m[g + 1];
        if (name !== null && value !== undefined && fields[name] === undefined) fields[name] = value;
      }
      return { fields, severity: m[severityGroup], messageStart: m[0].length };
    },
  };
}

/** The Debian/Ubuntu packaging default (`postgresql.conf` of the postgresql-common package). */
export const debianPrefix = '%m [%p] %q%u@%d ';
