/**
 * `qprof advise n-plus-one`: loops of one query per row of a preceding query, from the stored session
 * sequences (or suspected from pg_stat_statements / digest samples alone), plus row-by-row write batching.
 */
import type { Command } from 'commander';
import { adviseNPlusOne } from '../../analyzer/n-plus-one/advise-io.js';
import { renderNPlusOneText } from '../../analyzer/n-plus-one/render-text.js';
import { openStore } from '../../storage/db.js';
import { readNewestBucketMs } from '../../storage/stats-repo.js';
import { parseDuration, parsePositiveInt } from '../parse-options.js';
import { adviseCommand } from './advise.js';

interface Flags {
  db: string; target?: string; json?: boolean; since: number; minRepeats?: number; minLoopMs?: number; maxGapMs?: number;
}

export function registerAdviseNPlusOne(program: Command): void {
  adviseCommand(program).command('n-plus-one')
    .description('N+1 patterns: a query repeated per row of the query before it, in one request or transaction')
    .option('--since <duration>', 'window ending at the newest data: 24h, 7d, or all', parseDuration, Number.POSITIVE_INFINITY)
    .option('--min-repeats <n>', 'iterations a loop needs in one unit of work (default 5)', parsePositiveInt)
    .option('--min-loop-ms <n>', 'a loop counts from this much time, or 20% of its unit (default 50)', parsePositiveInt)
    .option('--max-gap-ms <n>', 'a longer pause between statements ends a unit of work, outside transactions (default 50)', parsePositiveInt)
    .option('--json', 'one JSON array: engine, childShape, childQuery, parentShape, parentQuery, evidence, confidence, suggestion, tags (batching advice has kind "batching")')
    .addHelpText('after', `
Needs per-session sequences: PostgreSQL logs whose log_line_prefix has %p or %c, the MySQL/MariaDB slow log,
or events_statements_history_long through qprof sample. With only pg_stat_statements or digest samples, child
lookups whose calls track a parent's rows are reported as suspected, with low confidence.
Examples:
  $ qprof ingest /var/log/postgresql/postgresql-15-main.log && qprof advise n-plus-one
  $ qprof advise n-plus-one --since 24h --json`)
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Flags>();
      const db = openStore(opts.db, { readonly: true });
      try {
        let sinceMs: number | undefined;
        if (Number.isFinite(opts.since)) {
          const newest = readNewestBucketMs(db);
          if (newest !== null) sinceMs = newest + 60_000 - opts.since;
        }
        const results = adviseNPlusOne(db, {
          ...(opts.target ? { target: opts.target } : {}), ...(sinceMs !== undefined ? { sinceMs } : {}),
          detector: {
            ...(opts.minRepeats ? { minRepeats: opts.minRepeats } : {}), ...(opts.minLoopMs ? { minLoopMs: opts.minLoopMs } : {}),
            ...(opts.maxGapMs ? { maxGapMs: opts.maxGapMs } : {}),
          },
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(results.flatMap((r) => [...r.findings, ...r.batching]), null, 2)}\n`);
          return;
        }
        if (results.length === 0) {
          process.stdout.write('no targets in the store: ingest logs or sample a database first\n');
          return;
        }
        process.stdout.write(results.map((r) => {
          const notes = r.basis === 'none' ? ['no session sequences or statement samples in the window'] : r.basis === 'aggregates'
            ? ['no session sequences: findings are suspected from pg_stat_statements / digest counts only'] : [];
          return `${results.length > 1 ? `== ${r.target.name} (${r.target.engine})\n` : ''}${renderNPlusOneText(r.findings, r.batching, notes)}`;
        }).join('\n'));
      } finally {
        db.close();
      }
    });
}
