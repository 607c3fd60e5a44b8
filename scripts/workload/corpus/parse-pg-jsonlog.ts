/**
 * Executed statements from PostgreSQL's jsonlog (log_destination = jsonlog, PostgreSQL 15+): the
 * `duration: … ms  statement: …` lines of the simple protocol and the `execute <name>: …` lines of the
 * extended protocol with their `parameters: $1 = '…'` detail. Parse and bind lines are skipped (the
 * execute line carries the same text). Pure; bad lines are counted, never thrown.
 * https://www.postgresql.org/docs/15/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-JSONLOG
 */
export interface LoggedStatement {
  readonly database: string;
  readonly session: string;
  readonly sql: string;
  /** `simple` or the prepared statement name as logged (`<unnamed>`, `P0_1`, …). */
  readonly protocol: string;
  readonly params?: readonly string[];
}

const durationLine = /^duration: [\d.]+ ms {2}(statement|execute ([^:]+)): ([\s\S]*)$/;

/** `$1 = '42', $2 = 'it''s', $3 = NULL` → ['42', "it's", null→'NULL']. */
export function parseParameters(detail: string): string[] {
  const body = detail.replace(/^parameters: /, '');
  const values: string[] = [];
  const re = /\$\d+ = (?:'((?:[^']|'')*)'|(NULL))(?:, |$)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(body)) !== null) values.push(match[2] ? 'NULL' : match[1].replace(/''/g, "'"));
  return values;
}

export function parsePgJsonlog(lines: readonly string[], databases: ReadonlySet<string>): { statements: LoggedStatement[]; rejects: number } {
  const statements: LoggedStatement[] = [];
  let rejects = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    let entry: { dbname?: string; pid?: number; message?: string; detail?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      rejects++;
      continue;
    }
    if (!entry.dbname || !databases.has(entry.dbname) || !entry.message) continue;
    const match = durationLine.exec(entry.message);
    if (!match) continue;
    const params = entry.detail?.startsWith('parameters: ') ? parseParameters(entry.detail) : undefined;
    statements.push({
      database: entry.dbname, session: String(entry.pid ?? ''), sql: match[3],
      protocol: match[1] === 'statement' ? 'simple' : match[2], ...(params ? { params } : {}),
    });
  }
  return { statements, rejects };
}
