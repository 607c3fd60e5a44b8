#!/usr/bin/env node
/** Writes fixtures/corpus/README.md at the end of scripts/capture-corpus.sh, with the counts of what it captured. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine } from '../../../agent/events.js';
import { fingerprint } from '../../../agent/shape/index.js';

const { values: v } = parseArgs({
  options: Object.fromEntries(['out', 'date', 'postgres', 'mysql', 'pgbench', 'sysbench', 'seconds', 'bench-seconds', 'scale', 'dir']
    .map((k) => [k, { type: 'string' as const, default: '' }])),
});

const files: { file: string; engine: Engine; text: (row: Record<string, unknown>) => string; what: string }[] = [
  { file: 'postgres-pgss.jsonl', engine: 'postgres', text: (r) => String(r.query),
    what: 'pg_stat_statements rows: `queryid`, `query` (normalized by the server, `$n`), `calls`, `total_exec_time` (ms), `rows`, `datname`' },
  { file: 'postgres-statements.jsonl', engine: 'postgres', text: (r) => String(r.sql),
    what: 'statements as the server logged them (jsonlog, `log_min_duration_statement = 0`): `source` (pgbench|workload), `database`, `session` (pid), `sql`, `protocol` (`simple` or the prepared statement name from `execute <name>`), `params` (from `DETAIL: parameters: $1 = …`)' },
  { file: 'mysql-digests.jsonl', engine: 'mysql', text: (r) => String(r.DIGEST_TEXT),
    what: 'events_statements_summary_by_digest rows: `DIGEST`, `DIGEST_TEXT`, `COUNT_STAR`, `SUM_TIMER_WAIT` (picoseconds), `SCHEMA_NAME`' },
  { file: 'mysql-statements.jsonl', engine: 'mysql', text: (r) => String(r.sql),
    what: 'statements with literals: `source` (sysbench from events_statements_history_long.SQL_TEXT, workload from the slow log), `schema`, `session` (thread id), `sql`' },
];

const rows = files.map((f) => {
  const lines = readFileSync(join(v.dir!, f.file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const shapes = new Set(lines.map((r) => fingerprint(f.text(r), f.engine).id));
  const sources = new Map<string, number>();
  for (const r of lines) {
    const s = String(r.source ?? r.datname ?? r.SCHEMA_NAME ?? '');
    sources.set(s, (sources.get(s) ?? 0) + 1);
  }
  return `| \`${f.file}\` | ${lines.length} | ${shapes.size} | ${[...sources].map(([s, n]) => `${s} ${n}`).join(', ')} |`;
});

writeFileSync(v.out!, `# Statement corpus

Real statements captured from the local servers, for the shape engine's tests and benchmark: the same
workloads seen through every source qprof reads (statement statistics and logs with literals).
Regenerate with \`bash scripts/capture-corpus.sh\` (after \`bash scripts/services.sh\` and \`npx tsc -p .\`);
the script also rewrites this file.

Captured ${v.date} on PostgreSQL ${v.postgres} and MariaDB ${v.mysql}, ${v.pgbench}, ${v.sysbench}.

| file | lines | distinct shapes (qprof fingerprint) | by source |
| --- | ---: | ---: | --- |
${rows.join('\n')}

${files.map((f) => `- \`${f.file}\`: ${f.what}.`).join('\n')}

## How

PostgreSQL (databases \`qprof_pgbench\` and \`qprof_corpus\`, created fresh and dropped afterwards):
1. \`node dist/scripts/workload/main.js --engine postgres --url …/qprof_corpus --schema shop --setup --scale ${v.scale}\`
   (seeding is not captured), then \`ALTER DATABASE … SET log_min_duration_statement = 0\` for the two
   databases only and \`pg_stat_statements_reset(0, dbid, 0)\` for each.
2. \`pgbench -i -s 1\`, \`pgbench -c 2 -T ${v['bench-seconds']} -R 100\` and the same with \`-M prepared\`.
3. The shop workload: \`--seconds ${v.seconds} --workers 4 --seed 1\` (see \`scripts/workload/\`: ORM-style
   parameterized statements, sqlcommenter/marginalia comments, N+1 loops, IN lists and \`= ANY($1)\`, CTEs with a
   write, upserts, multi-row inserts, \`FOR UPDATE\`, \`nextval\`/\`random()\`/\`now()\`, GROUP BY reports, a bulk job).
4. pg_stat_statements rows of the two databases; the jsonlog written meanwhile, filtered to the two databases.

MariaDB (databases \`sbtest\` and \`shop\`, dropped afterwards):
1. Workload \`--setup\`, then \`TRUNCATE performance_schema.events_statements_summary_by_digest\`.
2. \`sysbench oltp_read_write --tables=2 --table-size=10000 --db-ps-mode=disable\` prepare, \`--threads=2 --time=${v['bench-seconds']} --rate=20\` run,
   events_statements_history_long read right after the run, cleanup.
3. The workload with \`--init-sql 'SET SESSION long_query_time = 0'\` (only its sessions are slow-logged), the
   slow log read from the offset where the capture started, filtered to the workload's thread ids.
4. Digest rows of the two schemas.

MariaDB 10.11 records no digest and no SQL_TEXT for server-side prepared statements (\`COM_STMT_EXECUTE\`,
event \`statement/com/Execute\`): sysbench runs with \`--db-ps-mode=disable\`, and the workload sends most
statements through the text protocol (mysql2 \`query\`, as most Node ORMs do) and a few as prepared
statements, which appear only in the slow log.

Kept small: exact duplicates dropped, at most 8 examples per shape, at most 2,000 lines per file. Excluded:
statements carrying \`/* qprof */\`, the capture's own settings (\`SET … long_query_time\`), and anything touching
pg_stat_statements or performance_schema.
`);
console.log(`wrote ${v.out}`);
