/**
 * Entries of a MariaDB/MySQL slow query log (log_output = FILE): header comments (`# User@Host`,
 * `# Thread_id: … Schema: …`, `# Query_time: …`), then `use db;` / `SET timestamp=…;` and the statement
 * as executed, with literals (prepared statements are logged with their parameters substituted). Pure.
 * https://mariadb.com/kb/en/slow-query-log-overview/
 */
export interface SlowLogEntry {
  readonly thread: string | null;
  readonly schema: string | null;
  readonly sql: string;
}

export function parseSlowLog(text: string): SlowLogEntry[] {
  const entries: SlowLogEntry[] = [];
  let thread: string | null = null;
  let schema: string | null = null;
  let body: string[] = [];
  let inHeader = false;
  const flush = () => {
    const sql = body.join('\n').trim();
    if (sql) entries.push({ thread, schema, sql: sql.replace(/;$/, '') });
    body = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      if (!inHeader) {
        flush();
        inHeader = true;
        thread = null;
      }
      const t = /Thread_id: (\d+)/.exec(line);
      if (t) thread = t[1];
      const s = /Schema: (\S*)/.exec(line);
      if (s) schema = s[1] || null;
      continue;
    }
    if (inHeader && (/^use [^;]+;$/i.test(line) || /^SET timestamp=\d+;$/.test(line))) {
      if (/^use /i.test(line)) schema = line.slice(4, -1).replace(/`/g, '');
      continue;
    }
    // Server start banners between entries are not statements.
    if (/^(\/usr\/sbin\/mariadbd|\/usr\/sbin\/mysqld|Tcp port:|Time\s+Id Command)/.test(line)) continue;
    inHeader = false;
    body.push(line);
  }
  flush();
  return entries;
}
