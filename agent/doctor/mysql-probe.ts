/** Gathers the facts the MySQL / MariaDB checks need (I/O through a Queryable). Decisions use error codes only. */
import { errorCode, type Queryable } from '../stats/queryable.js';
import { fetchSchemaVisible } from '../mysql/sampler.js';
import type { MysqlFacts } from './mysql-checks.js';

const variableNames = ['performance_schema', 'performance_schema_digests_size', 'max_digest_length', 'slow_query_log',
  'long_query_time', 'slow_query_log_file', 'log_output', 'version'];

/** `schema`: the database named in the URL (null: every schema is monitored). */
export async function fetchMysqlFacts(db: Queryable, schema: string | null = null): Promise<MysqlFacts> {
  const who = (await db.query('/* qprof */ SELECT CURRENT_USER() AS account, VERSION() AS version')).rows[0] as Record<string, unknown>;
  const [user, host] = String(who.account).split('@');
  const account = `'${user}'@'${host}'`;
  const variables: Record<string, string> = {};
  const vars = (await db.query(`/* qprof */ SHOW GLOBAL VARIABLES WHERE Variable_name IN (${variableNames.map((v) => `'${v}'`).join(', ')})`)).rows;
  for (const r of vars as Array<Record<string, unknown>>) variables[String(r.Variable_name)] = String(r.Value);
  // USER_PRIVILEGES lists the current account's global privileges without needing any.
  const process = (await db.query(`/* qprof */ SELECT COUNT(*) AS n FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'PROCESS'`)).rows[0] as { n: unknown };
  let digestReadError: string | null = null;
  const consumers: Record<string, boolean> = {};
  try {
    await db.query('/* qprof */ SELECT 1 FROM performance_schema.events_statements_summary_by_digest LIMIT 1');
    const rows = (await db.query('/* qprof */ SELECT NAME AS name, ENABLED AS enabled FROM performance_schema.setup_consumers')).rows;
    for (const r of rows as Array<Record<string, unknown>>) consumers[String(r.name)] = r.enabled === 'YES';
  } catch (error) {
    digestReadError = errorCode(error) ?? 'unknown';
  }
  const lost = (await db.query(`/* qprof */ SHOW GLOBAL STATUS LIKE 'Performance_schema_digest_lost'`)).rows[0] as Record<string, unknown> | undefined;
  let schemaFacts: MysqlFacts['schema'] = null;
  if (schema !== null) {
    // SCHEMATA lists only the schemas this account has some privilege on; the digests tell the rest.
    const visible = await fetchSchemaVisible(db, schema);
    const digests = digestReadError !== null ? 0 : Number(((await db.query(
      '/* qprof */ SELECT COUNT(*) AS n FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME = ?', [schema])).rows[0] as { n: unknown }).n);
    schemaFacts = { name: schema, visible, digests };
  }
  return {
    schema: schemaFacts,
    account, version: String(who.version), mariadb: /mariadb/i.test(String(who.version)),
    performanceSchema: variables.performance_schema === 'ON' || variables.performance_schema === '1',
    hasProcess: Number(process.n) > 0, digestReadError, consumers, variables, digestLost: Number(lost?.Value ?? 0),
  };
}
