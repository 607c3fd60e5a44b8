/** MySQL / MariaDB doctor checks: facts gathered by mysql-probe.ts → findings with fixes. Pure. */
import { fail, ok, warn, type Finding } from './types.js';

export interface MysqlFacts {
  readonly account: string;
  readonly version: string;
  readonly mariadb: boolean;
  readonly performanceSchema: boolean;
  readonly hasProcess: boolean;
  /** Error code of reading the digest table, null when it worked. */
  readonly digestReadError: string | null;
  /** Consumer name → enabled. */
  readonly consumers: Readonly<Record<string, boolean>>;
  readonly variables: Readonly<Record<string, string>>;
  readonly digestLost: number;
  /** The database of the URL: visible in information_schema to this account, and digests naming it. */
  readonly schema?: { readonly name: string; readonly visible: boolean; readonly digests: number } | null;
}

export function checkMysql(f: MysqlFacts): Finding[] {
  const out: Finding[] = [];
  const cnf = f.mariadb ? '[mariadbd]' : '[mysqld]';
  out.push(f.performanceSchema ? ok('performance-schema', 'performance_schema', 'ON')
    : fail('performance-schema', 'performance_schema', 'OFF: no statement digests', `set performance_schema=ON under ${cnf} in my.cnf and restart the server`));
  out.push(f.digestReadError === null ? ok('select-performance-schema', 'SELECT on performance_schema', `${f.account} can read the digests`)
    : fail('select-performance-schema', 'SELECT on performance_schema', `${f.account} cannot read the digests (${f.digestReadError})`,
      `GRANT SELECT ON performance_schema.* TO ${f.account};`));
  if (f.schema) {
    const { name, visible, digests } = f.schema;
    const grant = `GRANT SELECT ON \`${name}\`.* TO ${f.account};`;
    if (visible) out.push(ok('schema', `database ${name}`, `exists${digests ? `, ${digests} statement digests` : ''}`));
    else if (digests > 0) out.push(warn('schema', `database ${name}`, `${digests} statement digests, but ${f.account} cannot see the schema: no index statistics or EXPLAIN for index advice`, grant));
    else out.push(warn('schema', `database ${name}`, `not found: not visible to ${f.account} and no statement digest names it, so samples will stay empty`,
      `check the database name at the end of the URL (omit it to monitor every schema); if it exists, ${grant}`));
  }
  out.push(f.hasProcess ? ok('process', 'PROCESS privilege', `${f.account} sees every session`)
    : fail('process', 'PROCESS privilege', `${f.account} lacks PROCESS: other sessions' statements and replicas are invisible`, `GRANT PROCESS ON *.* TO ${f.account};`));
  if (f.performanceSchema) {
    const enable = (name: string) => `UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = '${name}'; and add performance-schema-consumer-${name.replace(/_/g, '-')}=ON under ${cnf}`;
    out.push(f.consumers.statements_digest ? ok('consumer-digest', 'statements_digest consumer', 'on')
      : fail('consumer-digest', 'statements_digest consumer', 'off: no digests are collected', enable('statements_digest')));
    const history = f.consumers.events_statements_history_long && f.consumers.events_statements_current;
    out.push(history ? ok('consumer-history', 'statement history consumers', 'events_statements_current and events_statements_history_long on')
      : warn('consumer-history', 'statement history consumers', 'events_statements_history_long off: no per-session sequences for the N+1 and replica advisors',
        enable(f.consumers.events_statements_current ? 'events_statements_history_long' : 'events_statements_current')));
    const size = Number(f.variables.performance_schema_digests_size ?? 0);
    out.push(f.digestLost > 0 ? warn('digests-size', 'performance_schema_digests_size', `${size} is full: ${f.digestLost} statements got no digest row`,
      `set performance_schema_digests_size=${Math.max(10000, size * 2)} under ${cnf} and restart`)
      : ok('digests-size', 'performance_schema_digests_size', `${size}, no digest lost`));
    const length = Number(f.variables.max_digest_length ?? 1024);
    out.push(length >= 1024 ? ok('digest-length', 'max_digest_length', String(length))
      : warn('digest-length', 'max_digest_length', `${length}: long statements are cut and different statements merge`, `set max_digest_length=4096 under ${cnf} and restart`));
  }
  const slow = (f.variables.slow_query_log ?? 'OFF').toUpperCase() === 'ON' || f.variables.slow_query_log === '1';
  out.push(slow ? ok('slow-log', 'slow query log', `on, long_query_time = ${f.variables.long_query_time ?? '?'} s, file ${f.variables.slow_query_log_file ?? '?'}`)
    : warn('slow-log', 'slow query log', 'off: no slow log to ingest', "SET GLOBAL slow_query_log = ON; SET GLOBAL long_query_time = 0.1; (and slow_query_log=1 in my.cnf)"));
  return out;
}
