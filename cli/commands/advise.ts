/**
 * `qprof advise`: the parent of the advisors. `adviseCommand(program)` returns it (creating it once), so the
 * n-plus-one and replicas subcommands can add themselves next to `indexes`.
 */
import type { Command } from 'commander';
import { ConfigError, redactDsn } from '../../agent/errors.js';
import type { Engine } from '../../agent/events.js';
import type { MonitorSession } from '../../agent/stats/queryable.js';
import { adviseIndexes } from '../../analyzer/index-advisor/advise-io.js';
import { matchShapes, renderExplanation } from '../../analyzer/index-advisor/explain.js';
import { renderAdviceText } from '../../analyzer/index-advisor/render/text.js';
import { openStore } from '../../storage/db.js';
import { parseDuration, parsePositiveInt } from '../parse-options.js';
import { engineOfUrl } from '../sampling/targets.js';

export function adviseCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'advise');
  if (existing) return existing;
  return program.command('advise').description('advice from the stored shapes: indexes, N+1 patterns, replica routing');
}

interface AdviseIndexesFlags {
  db: string; target?: string; json?: boolean; validate?: string; explain?: string; schema?: string; since: number; minRows?: number;
}

function validationEngine(url: string): Engine {
  const engine = engineOfUrl(url);
  if (engine) return engine;
  throw new ConfigError(`--validate ${redactDsn(url)} is not a postgres:// or mysql:// URL`, 'pass the URL of the monitored server (a replica is fine)');
}

async function openValidation(url: string, engine: Engine): Promise<MonitorSession | null> {
  if (validationEngine(url) !== engine) return null;
  if (engine === 'postgres') {
    const { connectPostgres } = await import('../../agent/postgres/connect.js');
    return connectPostgres(url, { statementTimeoutMs: 30_000 });
  }
  const { connectMysql } = await import('../../agent/mysql/connect.js');
  return connectMysql(url, { statementTimeoutMs: 30_000 });
}

export function registerAdvise(program: Command): void {
  adviseCommand(program).command('indexes')
    .description('indexes to create (proven with HypoPG or EXPLAIN when --validate is given) and to drop')
    .option('--validate <url>', 'prove the advice on this server: HypoPG what-if plans on PostgreSQL, EXPLAIN on MySQL/MariaDB (read-only)')
    .option('--explain <shape>', 'say why this shape (id or id prefix) got an index or not')
    .option('--schema <name>', 'schema of unqualified table names when several schemas have them (default: public, or the only one)')
    .option('--since <duration>', 'window ending at the newest data: 24h, 7d, or all', parseDuration, Number.POSITIVE_INFINITY)
    .option('--min-rows <n>', 'tables with fewer rows are tiny and never indexed', parsePositiveInt)
    .option('--json', 'one JSON array: action, engine, table, columns, expression, where, statement, shapes, queries, reason, benefit, validated')
    .addHelpText('after', `
Candidates come from the shapes' predicates weighted by their share of time (equality columns, most selective
first; then ORDER BY … LIMIT columns or one range column), minus what an existing btree already serves, tiny
tables and unselective columns; then consolidated so one (a, b) serves a = ? and a = ? AND b = ?.
Examples:
  $ qprof advise indexes
  $ qprof advise indexes --validate postgres://qprof@127.0.0.1:5432/shop --json
  $ qprof advise indexes --explain 7e0739f3`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<AdviseIndexesFlags>();
      if (opts.validate) validationEngine(opts.validate);
      const db = openStore(opts.db, { readonly: true });
      try {
        const sinceMs = Number.isFinite(opts.since) ? Math.max(0, Number(db.prepare('SELECT max(bucket_ms) FROM stat_buckets').pluck().get() ?? 0) - opts.since) : undefined;
        const results = await adviseIndexes(db, {
          ...(opts.target ? { target: opts.target } : {}), ...(sinceMs !== undefined ? { sinceMs } : {}),
          ...(opts.validate ? { openValidation: (engine: Engine) => openValidation(opts.validate!, engine) } : {}),
          advisor: { ...(opts.schema ? { defaultSchema: opts.schema } : {}), ...(opts.minRows ? { minTableRows: opts.minRows } : {}) },
        });
        if (opts.explain) {
          const found = results.flatMap((r) => matchShapes(r.shapes, opts.explain!).map((s) => renderExplanation(s, r.verdicts, r.advice)));
          if (found.length === 0) throw new ConfigError(`no stored shape starts with ${opts.explain}`, 'take the id from qprof top or qprof advise indexes --json');
          process.stdout.write(found.join('\n'));
          return;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(results.flatMap((r) => r.advice), null, 2)}\n`);
          for (const r of results) for (const note of r.notes) process.stderr.write(`note: ${note}\n`);
          return;
        }
        const text = results.map((r) => `${results.length > 1 ? `== ${r.target.name} (${r.target.engine})\n` : ''}${renderAdviceText(r.advice, r.notes)}`);
        process.stdout.write(text.length > 0 ? text.join('\n') : 'no targets in the store: ingest logs or sample a database first\n');
      } finally {
        db.close();
      }
    });
}
