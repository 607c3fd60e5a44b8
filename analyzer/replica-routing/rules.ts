/**
 * Ready configuration from the routing advice, one mechanism per format:
 * - `proxysql`  (MySQL/MariaDB behind ProxySQL 2.x): mysql_query_rules sending each replica-safe digest to the
 *   reader hostgroup by `match_digest`; everything else stays on the user's default (writer) hostgroup.
 * - `pgpool`    (PostgreSQL behind pgpool-II 4.4+): pgpool load-balances every plain SELECT by itself, so the
 *   settings do the opposite: `primary_routing_query_pattern_list` pins the SELECTs that must not be
 *   balanced, `write_function_list` names the volatile/session functions seen, `disable_load_balance_on_write`
 *   and `delay_threshold_by_time` cover transactions and lag.
 * - `allowlist` (either engine, application-side routing): JSON of the replica-safe shape ids with their
 *   normalized text, and the conditional ones with their stick window and tables.
 * Pure.
 */
import type { RouteAdvice, RoutingReport } from './types.js';

export type RulesFormat = 'proxysql' | 'pgpool' | 'allowlist';

export interface RulesOptions {
  /** ProxySQL reader hostgroup. Default 20. */
  readonly readerHostgroup?: number;
  /** First rule_id. Default 1000. */
  readonly firstRuleId?: number;
}

const tokenRe = /\/\*, \.\.\. \*\/|\$\d+|\?|'(?:[^']|'')*'|[A-Za-z_][\w$]*|\d+(?:\.\d+)?|::|<>|!=|<=|>=|\|\||->>|->|\S/g;

function escapeRegex(token: string): string {
  return token.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');
}

/**
 * pgpool.conf strings lose their backslashes when the file is read, so metacharacters go in bracket
 * expressions instead (`[(]`), where POSIX ERE takes them literally.
 */
function escapeBracket(token: string): string {
  return token.replace(/[.[()*+?{}|$\\]/g, '[$&]').replace(/\^/g, '[[:punct:]]');
}

/** `[sS][eE]…`: pgpool may compile patterns case-sensitively, and clients write keywords in any case. */
function caseless(word: string): string {
  return word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

interface Dialect { space: string; literal: string; escape: (t: string) => string; word: (t: string) => string; quote: string; head: string; tail: string }

/** ProxySQL digest text: literals are `?`, IN lists `(?,?,?,...)` (query_digests_grouping_limit). PCRE. */
const proxysqlDialect: Dialect = { space: '\\s*', literal: '\\?', escape: escapeRegex, word: escapeRegex, quote: '`', head: '^\\s*', tail: '\\s*;?\\s*$' };
/** pgpool matches the query text as sent (literals, or $n of a prepared statement). POSIX ERE, no \s. */
const pgpoolDialect: Dialect = {
  space: '[[:space:]]*',
  literal: "([eE]?'([^']|'')*'|[-+]?[0-9][0-9.eE+-]*|[$][0-9]+|[tT][rR][uU][eE]|[fF][aA][lL][sS][eE]|[nN][uU][lL][lL])",
  escape: escapeBracket,
  word: (t) => caseless(escapeBracket(t)),
  quote: '"',
  // The text as sent: a leading or trailing comment (sqlcommenter tags) and no `;`, which separates patterns.
  head: '^(.*[*]/)?[[:space:]]*',
  tail: '([^[:alnum:]_].*)?$',
};

/** An anchored regex matching the statements of a normalized shape text in the given dialect. */
export function renderShapeRegex(normalized: string, dialect: 'proxysql' | 'pgpool'): string {
  const d = dialect === 'proxysql' ? proxysqlDialect : pgpoolDialect;
  const tokens = normalized.match(tokenRe) ?? [];
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // `IN ( P /*, ... */ )`: a list of any length (and `= ANY(…)` on PostgreSQL, which shares the shape).
    if (/^in$/i.test(t) && tokens[i + 1] === '(' && /^(\?|\$\d+)$/.test(tokens[i + 2] ?? '') && tokens[i + 3] === '/*, ... */' && tokens[i + 4] === ')') {
      const [open, close, dots] = [d.escape('('), d.escape(')'), d.escape('...')];
      const list = `${open}${d.space}${d.literal}(${d.space},${d.space}${d.literal})*(${d.space},${d.space}${dots})?${d.space}${close}`;
      parts.push(dialect === 'pgpool' ? `(${d.word('IN')}${d.space}${list}|=${d.space}${d.word('ANY')}${d.space}${open}.*${close})` : `IN${d.space}${list}`);
      i += 4;
    } else if (t === '?' || /^\$\d+$/.test(t)) {
      parts.push(d.literal);
    } else if (/^[a-z_][\w$]*$/.test(t) && t !== t.toUpperCase()) {
      // Identifiers are lower case in normalized text (keywords upper case): the client may have quoted them.
      parts.push(`${d.quote}?${d.word(t)}${d.quote}?`);
    } else if (/^[A-Za-z_]/.test(t)) {
      parts.push(d.word(t));
    } else {
      parts.push(d.escape(t));
    }
  }
  return `${d.head}${parts.join(d.space)}${d.tail}`;
}

/** ProxySQL's admin interface is SQLite: only `'` is escaped in a string literal, backslashes are kept. */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
}

export function renderProxysqlRules(report: RoutingReport, options: RulesOptions = {}): string {
  const hostgroup = options.readerHostgroup ?? 20;
  let ruleId = options.firstRuleId ?? 1000;
  const safe = report.advice.filter((a) => a.route === 'replica');
  const lines = [
    `-- qprof advise replicas --format proxysql: ProxySQL 2.x mysql_query_rules for target ${report.target} (${report.engine}).`,
    `-- Mechanism: each replica-safe shape's digest goes to reader hostgroup ${hostgroup}; all other statements stay on`,
    '-- the user\'s default_hostgroup (the writer). Keep transaction_persistent=1 on mysql_users so a transaction',
    `-- never leaves the writer. Moves ${pct(report.load.replicaShare)} of the primary's statement time.`,
    `-- Lag bound ${report.lag.boundSeconds} s (${report.lag.source}): set max_replication_lag on the reader servers to it.`,
  ];
  for (const a of safe) {
    lines.push(`INSERT INTO mysql_query_rules (rule_id, active, match_digest, re_modifiers, destination_hostgroup, apply, comment)
  VALUES (${ruleId++}, 1, ${sqlString(renderShapeRegex(a.query, 'proxysql'))}, 'CASELESS', ${hostgroup}, 1, ${sqlString(`qprof ${a.shape} ${pct(a.loadShare)}`)});`);
  }
  const conditional = report.advice.filter((a) => a.route === 'conditional');
  if (conditional.length > 0) {
    lines.push('-- Not routed (conditional: ProxySQL cannot stick a session to the writer for a time after its write on MariaDB):');
    for (const a of conditional) lines.push(`--   ${a.shape} ${pct(a.loadShare)}: ${a.condition ?? a.reasons.join('; ')}`);
  }
  lines.push('LOAD MYSQL QUERY RULES TO RUNTIME;', 'SAVE MYSQL QUERY RULES TO DISK;');
  return `${lines.join('\n')}\n`;
}

function primaryFunctions(advice: readonly RouteAdvice[]): string[] {
  const names = new Set<string>();
  for (const a of advice) {
    for (const r of a.reasons) {
      const m = /calls (?:volatile |user function )?([\w.$]+)\(\)/.exec(r);
      if (m) names.add(m[1]!);
    }
  }
  return [...names].sort();
}

export function renderPgpoolSettings(report: RoutingReport): string {
  const pinned = report.advice.filter((a) => a.route !== 'replica' && a.query.trim().toUpperCase().startsWith('SELECT'));
  const patterns = pinned.map((a) => renderShapeRegex(a.query, 'pgpool'));
  const functions = primaryFunctions(report.advice);
  const lines = [
    `# qprof advise replicas --format pgpool: pgpool-II 4.4+ settings for target ${report.target} (${report.engine}).`,
    '# Mechanism: pgpool load-balances plain SELECTs on its own; these settings keep the unsafe ones on the primary.',
    `# The ${report.advice.filter((a) => a.route === 'replica').length} replica-safe shapes (${pct(report.load.replicaShare)} of primary time) need no rule.`,
    'load_balance_mode = on',
    "# After a write in an explicit transaction, the rest of that transaction stays on the primary.",
    "disable_load_balance_on_write = 'transaction'",
    `# Replicas lagging more than the stick window are skipped (ms; lag ${report.lag.source}: p99 ${report.lag.p99Seconds ?? report.lag.boundSeconds} s).`,
    `delay_threshold_by_time = ${report.stickMs}`,
    "prefer_lower_delay_standby = on",
    `write_function_list = '${functions.map((f) => escapeBracket(f)).join(',')}'`,
    '# SELECT shapes that must run on the primary (locking, volatile, inside a writing transaction, read-your-writes):',
    `primary_routing_query_pattern_list = '${patterns.join(';').replace(/'/g, "''")}'`,
  ];
  const conditional = report.advice.filter((a) => a.route === 'conditional');
  if (conditional.length > 0) {
    lines.push('# Conditional shapes are pinned above; to balance them, the application must stick to the primary:');
    for (const a of conditional) lines.push(`#   ${a.shape}: ${a.condition ?? a.reasons.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderAllowlist(report: RoutingReport): string {
  const pick = (a: RouteAdvice) => ({ shape: a.shape, engine: a.engine, query: a.query, loadShare: a.loadShare });
  return `${JSON.stringify({
    mechanism: 'application-side routing: fingerprint each statement with qprof\'s shape id (or match the normalized text) and send the listed shapes to a replica connection',
    target: report.target, engine: report.engine,
    lag: report.lag, stickMs: report.stickMs,
    replica: report.advice.filter((a) => a.route === 'replica').map(pick),
    conditional: report.advice.filter((a) => a.route === 'conditional')
      .map((a) => ({ ...pick(a), condition: a.condition ?? null, stickMs: a.stickMs ?? null, afterWriteTo: a.stickTables ?? [] })),
  }, null, 2)}\n`;
}

/**
 * The reports a format can be written for: ProxySQL rules only for MySQL/MariaDB targets, pgpool settings only
 * for PostgreSQL ones (the allow-list for both). `skipped` are the targets of the other engine.
 */
export function selectRulesReports(reports: readonly RoutingReport[], format: RulesFormat): { chosen: RoutingReport[]; skipped: RoutingReport[] } {
  const engine = format === 'proxysql' ? 'mysql' : format === 'pgpool' ? 'postgres' : null;
  const chosen = reports.filter((r) => engine === null || r.engine === engine);
  return { chosen, skipped: reports.filter((r) => !chosen.includes(r)) };
}

/** Several targets in one file: each gets its own block of 1000 ProxySQL rule ids so none collides. */
export function renderAllRules(reports: readonly RoutingReport[], format: RulesFormat, options: RulesOptions = {}): string {
  const first = options.firstRuleId ?? 1000;
  return reports.map((r, i) => renderRules(r, format, { ...options, firstRuleId: first + i * 1000 })).join('\n');
}

export function renderRules(report: RoutingReport, format: RulesFormat, options: RulesOptions = {}): string {
  if (format === 'proxysql') return renderProxysqlRules(report, options);
  if (format === 'pgpool') return renderPgpoolSettings(report);
  return renderAllowlist(report);
}
