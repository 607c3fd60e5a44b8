/** `qprof sample --pg URL | --mysql URL [--catalog]`: one snapshot now. Wiring only. */
import type { Command } from 'commander';
import { openStore } from '../../storage/db.js';
import { ensureTarget } from '../../storage/targets-repo.js';
import { chooseDatabase } from '../sampling/targets.js';
import { openMonitorSession, sampleCatalog, sampleStatements, type CatalogSampleReport } from '../sampling/engines.js';
import type { StatsSampleReport } from '../sampling/stats-cycle.js';

interface SampleOptions { pg?: string | boolean; mysql?: string; catalog?: boolean; json?: boolean; target?: string; db: string }

function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function renderSampleText(stats: StatsSampleReport, catalog: CatalogSampleReport | null): string {
  const lines: string[] = [];
  const what = stats.source === 'pgss' ? 'pg_stat_statements' : 'performance_schema digest';
  if (stats.baseline) {
    lines.push(`${stats.target}: baseline stored (${plural(stats.entries, `${what} entry`, `${what} entries`)}); the next sample records what ran in between`);
  } else {
    lines.push(`${stats.target}: ${fmt(stats.intervalMs / 1000, 1)} s since the previous sample: ${fmt(stats.calls)} calls, `
      + `${fmt(stats.totalMs, 1)} ms in ${plural(stats.shapesChanged, 'shape')} (${fmt(stats.newShapes)} new); ${plural(stats.entries, `${what} entry`, `${what} entries`)}`);
  }
  if (stats.sessionEvents !== undefined) lines.push(`statement history: ${fmt(stats.sessionEvents)} new events`);
  if (catalog) {
    lines.push(`catalog: ${Object.entries(catalog.counts).map(([k, v]) => `${fmt(v)} ${k}`).join(', ')}`);
    for (const skipped of catalog.skipped) lines.push(`catalog: skipped ${skipped}`);
  }
  lines.push(`cost: database ${fmt(stats.databaseMs, 1)} ms, qprof ${fmt(stats.qprofMs, 1)} ms`);
  for (const warning of stats.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function registerSample(program: Command): void {
  program.command('sample')
    .description('take one snapshot now: statement statistics delta since the previous sample (+ catalog)')
    .option('--pg [url]', 'PostgreSQL URL (without a value: DATABASE_URL or the PG* variables)')
    .option('--mysql <url>', 'MySQL / MariaDB URL (mysql://user:pass@host:3306/db)')
    .option('--catalog', 'also snapshot tables, indexes, column statistics, settings and replication')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
The first sample of a target stores a baseline; each later one records what ran since the previous one.
Examples:
  $ qprof sample --pg postgres://qprof@127.0.0.1:5432/shop --catalog
  $ qprof sample --mysql mysql://qprof@127.0.0.1:3306/shop --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<SampleOptions>();
      const choice = chooseDatabase(opts, process.env);
      const db = openStore(opts.db);
      const session = await openMonitorSession(choice, process.env);
      try {
        const target = ensureTarget(db, choice.targetName, choice.engine, choice.dsn ?? session.display, Date.now());
        const stats = await sampleStatements(db, target, session);
        const catalog = opts.catalog ? await sampleCatalog(db, target, session) : null;
        process.stdout.write(opts.json ? `${JSON.stringify([{ ...stats, catalog }], null, 2)}\n` : renderSampleText(stats, catalog));
      } finally {
        await session.close();
        db.close();
      }
    });
}
