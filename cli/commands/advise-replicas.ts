/**
 * `qprof advise replicas`: which shapes may move to a read replica, under which condition, how much primary
 * time that frees, and the rules for ProxySQL, pgpool-II or an application allow-list.
 */
import { Option, type Command } from 'commander';
import { adviseReplicas } from '../../analyzer/replica-routing/advise-io.js';
import { renderRoutingText } from '../../analyzer/replica-routing/render-text.js';
import { renderAllRules, selectRulesReports, type RulesFormat } from '../../analyzer/replica-routing/rules.js';
import { ConfigError } from '../../agent/errors.js';
import { openStore } from '../../storage/db.js';
import { readNewestBucketMs } from '../../storage/stats-repo.js';
import { parseDuration, parsePositiveInt } from '../parse-options.js';
import { adviseCommand } from './advise.js';

interface Flags {
  db: string; target?: string; json?: boolean; format?: RulesFormat; since: number; lag?: number; margin?: number;
  catalogFrom?: string; readerHostgroup?: number; limit: number;
}

export function registerAdviseReplicas(program: Command): void {
  adviseCommand(program).command('replicas')
    .description('route each shape to primary, replica or conditional (read-your-writes), with load shares and proxy rules')
    .option('--since <duration>', 'window ending at the newest data: 24h, 7d, or all', parseDuration, Number.POSITIVE_INFINITY)
    .addOption(new Option('--format <format>', 'print ready rules instead of the table: ProxySQL mysql_query_rules (MySQL), pgpool-II settings (PostgreSQL), or a JSON allow-list of shape ids for application-side routing').choices(['proxysql', 'pgpool', 'allowlist']))
    .option('--lag <duration>', 'replica lag bound when no replication snapshot was sampled (default 1s)', parseDuration)
    .option('--margin <duration>', 'added to twice the lag bound to form the stick window (default 1s)', parseDuration)
    .option('--catalog-from <target>', 'take replica lag and function volatility from this sampled target')
    .option('--reader-hostgroup <n>', 'ProxySQL hostgroup of the replicas (default 20)', parsePositiveInt)
    .option('--limit <n>', 'shapes shown in the table', parsePositiveInt, 50)
    .option('--json', 'one JSON array: engine, shape, query, route, reasons, loadShare (+ condition, stickMs, calls, totalMs, tables, readAfterWrite)')
    .addHelpText('after', `
A shape stays on the primary when it writes, locks (FOR UPDATE/SHARE), calls a volatile, sequence, lock or
session function (nextval, pg_advisory_lock, set_config, GET_LOCK, LAST_INSERT_ID, FOUND_ROWS, VOLATILE user
functions), reads a temporary or unlogged table, or ran inside a transaction that wrote. A plain read is
conditional when the same session read a table within the stick window (2 × lag p99 + margin) of writing it,
else replica. Lag comes from the replication snapshots of qprof sample --catalog; sessions from ingested logs.
Examples:
  $ qprof advise replicas
  $ qprof advise replicas --target shop-primary --json
  $ qprof advise replicas --format proxysql --reader-hostgroup 20 > rules.sql`)
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Flags>();
      const db = openStore(opts.db, { readonly: true });
      try {
        const newest = readNewestBucketMs(db);
        const sinceMs = Number.isFinite(opts.since) && newest !== null ? newest - opts.since : undefined;
        const reports = adviseReplicas(db, {
          ...(opts.target ? { target: opts.target } : {}), ...(sinceMs !== undefined ? { sinceMs } : {}),
          ...(opts.catalogFrom ? { catalogFrom: opts.catalogFrom } : {}),
          routing: { ...(opts.lag !== undefined ? { assumedLagSeconds: opts.lag / 1000 } : {}), ...(opts.margin !== undefined ? { marginMs: opts.margin } : {}) },
        });
        if (opts.format) {
          const { chosen, skipped } = selectRulesReports(reports, opts.format);
          const wanted = opts.format === 'proxysql' ? 'MySQL/MariaDB' : 'PostgreSQL';
          const other = opts.format === 'proxysql' ? 'pgpool' : 'proxysql';
          if (chosen.length === 0 && skipped.length > 0) {
            const which = opts.target ? `target ${opts.target} is ${skipped[0]!.engine}` : 'the store has no such target';
            throw new ConfigError(`--format ${opts.format} writes rules for ${wanted} targets, and ${which}`, `use --format ${other} or --format allowlist, or --target a ${wanted} target`);
          }
          for (const r of skipped) process.stderr.write(`note: ${r.target} (${r.engine}) skipped: --format ${opts.format} is for ${wanted}; use --format ${other} for it\n`);
          process.stdout.write(renderAllRules(chosen, opts.format, opts.readerHostgroup ? { readerHostgroup: opts.readerHostgroup } : {}));
          return;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(reports.flatMap((r) => r.advice), null, 2)}\n`);
          for (const r of reports) for (const note of r.notes) process.stderr.write(`note: ${r.target}: ${note}\n`);
          return;
        }
        process.stdout.write(reports.length > 0 ? reports.map((r) => renderRoutingText(r, opts.limit)).join('\n') : 'no shapes in the store: ingest logs or sample a database first\n');
      } finally {
        db.close();
      }
    });
}
