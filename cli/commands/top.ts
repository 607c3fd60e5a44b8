/** `qprof top`: the top query shapes of a window. Wiring: read model → rankTopShapes → table or JSON. */
import { Option, type Command } from 'commander';
import { rankTopShapes, renderTopTable, type TopOrder, type TopRow } from '../../analyzer/top.js';
import { openStore } from '../../storage/db.js';
import { readNewestBucketMs, readShapeTotals } from '../../storage/stats-repo.js';
import { readTargets, selectTargets } from '../../storage/targets-repo.js';
import { defaults } from '../defaults.js';
import { parseDuration, parsePositiveInt, parseTime } from '../parse-options.js';

export interface TopOptions {
  readonly db: string;
  readonly target?: string;
  readonly by: TopOrder;
  /** Window length in ms (Infinity for all). */
  readonly since: number;
  /** Window end, epoch ms; default: the end of the newest stored bucket. */
  readonly until?: number;
  readonly limit: number;
  readonly json?: boolean;
}

export interface TopResult {
  readonly rows: TopRow[];
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** Read and rank; an empty store gives no rows. */
export function readTop(options: TopOptions): TopResult {
  const db = openStore(options.db, { readonly: true });
  try {
    const targetId = options.target === undefined ? undefined : selectTargets(readTargets(db), options.target)[0]!.id;
    const newest = readNewestBucketMs(db, targetId);
    const untilMs = options.until ?? (newest === null ? 0 : newest + defaults.bucketMs);
    const sinceMs = Number.isFinite(options.since) ? untilMs - options.since : Number.NEGATIVE_INFINITY;
    const rows = newest === null ? [] : rankTopShapes(readShapeTotals(db, { sinceMs, untilMs, targetId }), { by: options.by, limit: options.limit });
    return { rows, sinceMs, untilMs };
  } finally {
    db.close();
  }
}

function renderWindow(result: TopResult): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return Number.isFinite(result.sinceMs) ? `window ${iso(result.sinceMs)} – ${iso(result.untilMs)}` : `window: everything up to ${iso(result.untilMs)}`;
}

export function registerTop(program: Command): void {
  program.command('top')
    .description('top query shapes for a window (worst first)')
    .addOption(new Option('--by <order>', 'rank by').choices(['total', 'mean', 'calls', 'rows', 'p95']).default('total'))
    .option('--since <duration>', 'window length ending at --until: 90m, 24h, 7d, or all', parseDuration, defaults.sinceMs)
    .option('--until <time>', 'window end (ISO 8601 or epoch ms); default: the newest data in the store', parseTime)
    .option('--limit <n>', 'rows to show', parsePositiveInt, defaults.topLimit)
    .option('--json', 'one JSON array: shape, engine, query, calls, totalMs, meanMs, rows, share, p50Ms/p95Ms/p99Ms, target, source')
    .addHelpText('after', `
The window ends at the newest data in the store unless --until says otherwise, so an old log is analysed as it is.
Where a target has pg_stat_statements / performance_schema samples and logs, calls and time come from the samples
and p95 from the logs' histograms (never both added up).
Examples:
  $ qprof top --since 24h --by total --limit 10
  $ qprof top --by p95 --since all --json
  $ qprof --target shop top --since 7d --until 2026-11-26T06:00:00Z`)
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<TopOptions>();
      const result = readTop(opts);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result.rows, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${renderWindow(result)}, by ${opts.by}\n${renderTopTable(result.rows)}`);
    });
}
