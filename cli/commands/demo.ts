/**
 * `qprof demo` (`npm run demo`): everything qprof does, on bundled real captures, no server needed. A list of
 * steps sharing one context: the parsers on fixtures/logs/, then the shop dataset of fixtures/demo/ (a real
 * workload's PostgreSQL jsonlog and MariaDB slow log, plus catalog snapshots) through top, every advisor and
 * the HTML report. Each advisor step calls what its command calls, so the numbers are the command's.
 */
import type { Command } from 'commander';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogReading } from '../../agent/catalog/types.js';
import type { Engine } from '../../agent/events.js';
import { adviseIndexes } from '../../analyzer/index-advisor/advise-io.js';
import { renderAdviceText } from '../../analyzer/index-advisor/render/text.js';
import { adviseNPlusOne } from '../../analyzer/n-plus-one/advise-io.js';
import { renderNPlusOneText } from '../../analyzer/n-plus-one/render-text.js';
import { writeHtmlReport } from '../../analyzer/report/report-io.js';
import { adviseReplicas } from '../../analyzer/replica-routing/advise-io.js';
import { renderRoutingText } from '../../analyzer/replica-routing/render-text.js';
import { renderTopTable } from '../../analyzer/top.js';
import { insertCatalogSnapshot } from '../../storage/catalog-repo.js';
import { inTransaction, openStore, type Db } from '../../storage/db.js';
import { readTargets } from '../../storage/targets-repo.js';
import { runIngest, type IngestRun } from './ingest.js';
import { readTop } from './top.js';

export interface DemoContext {
  /** The temporary store every step reads and writes. */
  readonly dbPath: string;
  /** A temporary directory for files steps produce (the report). */
  readonly dir: string;
  /** fixtures/logs/: one capture in every log format (parser step). */
  readonly logsDir: string;
  /** fixtures/demo/: the shop dataset. */
  readonly datasetDir: string;
  readonly out: (text: string) => void;
  /** Per engine, the shop target steps show. */
  readonly mainTarget: Partial<Record<Engine, string>>;
  /** Every file ingested into the store with its target. */
  readonly ingested: { file: string; result: IngestRun }[];
  /** Set by the report step. */
  reportPath?: string;
}

export interface DemoStep {
  readonly title: string;
  run(ctx: DemoContext): Promise<void> | void;
}

/** The log_line_prefix of fixtures/logs/ captures whose prefix detection cannot guess (fixtures/logs/README.md). */
const capturePrefixes: Readonly<Record<string, string>> = {
  'pg-stderr-rich.log': '%m [%p] %q%u@%d/%a %c %l %x %e ',
  'pg-stderr-all-escapes.log': '%n %t [%p-%l] %c %s %v %x %e %b %Q %%%q %u@%d app=%a host=%h remote=%r tag=%i ',
};

/** The shop dataset: one log and one catalog per engine, each into its own target (fixtures/demo/README.md). */
const dataset: readonly { engine: Engine; target: string; log: string; catalog: string }[] = [
  { engine: 'postgres', target: 'shop-postgres', log: 'shop-postgres.json.gz', catalog: 'catalog-postgres.json' },
  { engine: 'mysql', target: 'shop-mariadb', log: 'shop-mariadb-slow.log.gz', catalog: 'catalog-mariadb.json' },
];

const logFile = (name: string) => !name.endsWith('.expected.json') && !name.endsWith('.md') && !name.startsWith('.');
const indent = (text: string) => text.trimEnd().replace(/^/gm, '  ');

function withStore<T>(ctx: DemoContext, fn: (db: Db) => T): T {
  const db = openStore(ctx.dbPath, { readonly: true });
  try { return fn(db); } finally { db.close(); }
}

const parsers: DemoStep = {
  title: 'Parsers: one capture in every log format (fixtures/logs/, qprof ingest --dry-run)',
  async run(ctx) {
    ctx.out(`  ${'file'.padEnd(28)} ${'format'.padEnd(10)} statements  rejects\n`);
    for (const name of readdirSync(ctx.logsDir).filter(logFile).sort()) {
      const prefix = capturePrefixes[name];
      // A dry run parses and counts without a store: these files stay out of the demo store.
      const [result] = await runIngest([join(ctx.logsDir, name)], {
        db: join(ctx.dir, 'none.db'), dryRun: true, format: prefix === undefined ? 'auto' : 'pg-stderr', prefix, progress: false,
      }, () => {});
      ctx.out(`  ${name.padEnd(28)} ${result!.format.padEnd(10)} ${String(result!.statements).padStart(10)}  ${String(result!.rejects).padStart(7)}\n`);
    }
    ctx.out('  (the pg-* files are one workload in five formats and prefixes; the MariaDB log mirrors it, the MySQL 8 one is the manual\'s sample)\n');
  },
};

const ingestDataset: DemoStep = {
  title: 'Ingest the shop dataset (fixtures/demo/: ~25 s of a 6-worker shop app on each engine) and its catalogs',
  async run(ctx) {
    for (const d of dataset) {
      const [result] = await runIngest([join(ctx.datasetDir, d.log)], { db: ctx.dbPath, format: 'auto', target: d.target, progress: false }, () => {});
      ctx.ingested.push({ file: d.log, result: result! });
      ctx.mainTarget[d.engine] = d.target;
      ctx.out(`  ${d.log.padEnd(26)} → ${d.target.padEnd(14)} ${result!.format.padEnd(10)} ${result!.statements} statements, ${result!.newShapes} shapes, ${result!.rejects} rejects\n`);
    }
    // The catalogs are what `qprof sample --catalog` stores: table sizes, indexes, column statistics, settings.
    const db = openStore(ctx.dbPath);
    try {
      for (const d of dataset) {
        const snapshot = JSON.parse(readFileSync(join(ctx.datasetDir, d.catalog), 'utf8')) as { takenMs: number; parts: CatalogReading['parts'] };
        const target = readTargets(db).find((t) => t.name === d.target)!;
        const counts = inTransaction(db, () => insertCatalogSnapshot(db, target.id, snapshot.takenMs, snapshot.parts));
        ctx.out(`  ${d.catalog.padEnd(26)} → ${d.target.padEnd(14)} ${counts.tables ?? 0} tables, ${counts.indexes ?? 0} indexes, ${counts.columns ?? 0} column statistics\n`);
      }
    } finally {
      db.close();
    }
  },
};

const topPerEngine: DemoStep = {
  title: 'Top query shapes per engine (qprof top --since all --limit 8)',
  run(ctx) {
    for (const engine of ['postgres', 'mysql'] as const) {
      const target = ctx.mainTarget[engine];
      if (!target) continue;
      const { rows } = readTop({ db: ctx.dbPath, target, by: 'total', since: Number.POSITIVE_INFINITY, limit: 8 });
      ctx.out(`\n  ${engine}, target ${target}:\n${indent(renderTopTable(rows, 70))}\n`);
    }
    ctx.out(`\n  all of them: qprof --db ${ctx.dbPath} top --since all --target shop-postgres --by p95\n`);
  },
};

const adviseIndexesStep: DemoStep = {
  title: 'Index advice from statistics (qprof advise indexes; --validate URL proves it with HypoPG / EXPLAIN)',
  async run(ctx) {
    const db = openStore(ctx.dbPath, { readonly: true });
    try {
      for (const r of await adviseIndexes(db, {})) {
        const shown = r.advice.filter((a) => a.action === 'create').slice(0, 3);
        ctx.out(`\n  ${r.target.name}: ${r.advice.filter((a) => a.action === 'create').length} to create, ${r.advice.filter((a) => a.action === 'drop').length} to drop; the first ${shown.length}:\n`);
        ctx.out(`${indent(renderAdviceText(shown, r.notes))}\n`);
      }
    } finally {
      db.close();
    }
    ctx.out(`\n  all of them: qprof --db ${ctx.dbPath} advise indexes\n`);
  },
};

const adviseNPlusOneStep: DemoStep = {
  title: 'N+1 patterns from the session sequences (qprof advise n-plus-one)',
  run(ctx) {
    for (const r of withStore(ctx, (db) => adviseNPlusOne(db))) {
      ctx.out(`\n  ${r.target.name}: showing ${Math.min(2, r.findings.length)} of ${r.findings.length} N+1 patterns and ${Math.min(1, r.batching.length)} of ${r.batching.length} row-by-row writes\n`);
      ctx.out(`${indent(renderNPlusOneText(r.findings.slice(0, 2), r.batching.slice(0, 1)))}\n`);
    }
    ctx.out(`\n  all of them: qprof --db ${ctx.dbPath} advise n-plus-one\n`);
  },
};

const adviseReplicasStep: DemoStep = {
  title: 'Replica routing (qprof advise replicas): primary, replica or conditional per shape',
  run(ctx) {
    for (const report of withStore(ctx, (db) => adviseReplicas(db))) ctx.out(`\n${indent(renderRoutingText(report, 6))}\n`);
    ctx.out(`\n  all of them: qprof --db ${ctx.dbPath} advise replicas   (ProxySQL rules: --format proxysql)\n`);
  },
};

const htmlReport: DemoStep = {
  title: 'HTML report with charts and every advisor (qprof report --format html)',
  async run(ctx) {
    const db = openStore(ctx.dbPath, { readonly: true });
    try {
      ctx.reportPath = await writeHtmlReport(db, { outPath: join(ctx.dir, 'report.html') });
    } finally {
      db.close();
    }
    ctx.out(`  one self-contained file (${Math.round(statSync(ctx.reportPath).size / 1024)} kB, no external links): top shapes, time chart, trends, new shapes, advice\n`);
  },
};

/** The demo, in order. Append steps here. */
export const demoSteps: DemoStep[] = [parsers, ingestDataset, topPerEngine, adviseIndexesStep, adviseNPlusOneStep, adviseReplicasStep, htmlReport];

export async function runDemo(out: (text: string) => void, steps: readonly DemoStep[] = demoSteps): Promise<DemoContext> {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-demo-'));
  const fixtures = new URL('../../../fixtures/', import.meta.url).pathname;
  const ctx: DemoContext = {
    dbPath: join(dir, 'demo.db'), dir, logsDir: join(fixtures, 'logs'), datasetDir: join(fixtures, 'demo'), out, mainTarget: {}, ingested: [],
  };
  for (const [i, step] of steps.entries()) {
    out(`\n${i + 1}. ${step.title}\n`);
    await step.run(ctx);
  }
  out(`\nThe demo store is ${ctx.dbPath}: try  qprof --db ${ctx.dbPath} report --since all\n`);
  if (ctx.reportPath) out(`The HTML report: ${ctx.reportPath}\n`);
  return ctx;
}

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('show everything qprof does on bundled real captures: parsers, top, index/N+1/replica advice, HTML report (no server needed)')
    .addHelpText('after', `
The store and the report go to a new temporary directory, printed at the end.
Example:
  $ npm run demo`)
    .action(async () => {
      await runDemo((text) => process.stdout.write(text));
    });
}
