/**
 * `qprof demo` (`npm run demo`): everything on the bundled real log captures, no server needed. A list of
 * steps sharing one context: to show more (advice, the HTML report), append a step to `demoSteps`.
 */
import type { Command } from 'commander';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QprofError } from '../../agent/errors.js';
import type { Engine } from '../../agent/events.js';
import { renderTopTable } from '../../analyzer/top.js';
import { runIngest, type IngestRun } from './ingest.js';
import { readTop } from './top.js';

export interface DemoContext {
  /** The temporary store every step reads and writes. */
  readonly dbPath: string;
  /** A temporary directory for files steps produce (reports). */
  readonly dir: string;
  readonly fixturesDir: string;
  readonly out: (text: string) => void;
  /** Per engine, the target with the most statements: the one steps show. */
  readonly mainTarget: Partial<Record<Engine, string>>;
  /** Every ingested file with its target. */
  readonly ingested: { file: string; result: IngestRun }[];
}

export interface DemoStep {
  readonly title: string;
  run(ctx: DemoContext): Promise<void> | void;
}

/**
 * The log_line_prefix of captures whose prefix is not a common one (fixtures/logs/README.md): detection cannot
 * guess those, so the demo passes --prefix exactly as a user would.
 */
const capturePrefixes: Readonly<Record<string, string>> = {
  'pg-stderr-rich.log': '%m [%p] %q%u@%d/%a %c %l %x %e ',
  'pg-stderr-all-escapes.log': '%n %t [%p-%l] %c %s %v %x %e %b %Q %%%q %u@%d app=%a host=%h remote=%r tag=%i ',
};

const logFile = (name: string) => !name.endsWith('.expected.json') && !name.endsWith('.md') && !name.startsWith('.');

const ingestFixtures: DemoStep = {
  title: 'Ingest the bundled logs (PostgreSQL stderr/csvlog/jsonlog, MariaDB and MySQL slow logs)',
  async run(ctx) {
    const files = readdirSync(ctx.fixturesDir).filter(logFile).sort();
    const statements: Partial<Record<Engine, number>> = {};
    for (const name of files) {
      const path = join(ctx.fixturesDir, name);
      const target = name.replace(/\.[a-z]+$/, '');
      try {
        // One target per file: the csvlog and jsonlog hold the same run as the stderr log, so they must not add up.
        const prefix = capturePrefixes[name];
        const format = prefix === undefined ? 'auto' : 'pg-stderr';
        const [result] = await runIngest([path], { db: ctx.dbPath, format, prefix, target, progress: false }, () => {});
        const engine = result!.engine;
        ctx.ingested.push({ file: name, result: result! });
        ctx.out(`  ${name.padEnd(34)} ${result!.format.padEnd(10)} ${String(result!.statements).padStart(4)} statements  ${String(result!.newShapes).padStart(3)} new shapes  ${result!.rejects} rejects\n`);
        if (result!.statements > (statements[engine] ?? -1)) {
          statements[engine] = result!.statements;
          ctx.mainTarget[engine] = target;
        }
      } catch (error) {
        if (!(error instanceof QprofError)) throw error;
        ctx.out(`  ${name.padEnd(34)} skipped: ${error.message}\n`);
      }
    }
  },
};

const topPerEngine: DemoStep = {
  title: 'Top query shapes per engine (qprof top --since all --limit 10)',
  run(ctx) {
    for (const engine of ['postgres', 'mysql'] as const) {
      const target = ctx.mainTarget[engine];
      if (!target) continue;
      const { rows } = readTop({ db: ctx.dbPath, target, by: 'total', since: Number.POSITIVE_INFINITY, limit: 10 });
      ctx.out(`\n  ${engine}, target ${target}:\n`);
      ctx.out(`${renderTopTable(rows, 70).trimEnd().replace(/^/gm, '  ')}\n`);
    }
  },
};

/** The demo, in order. Append steps here. */
export const demoSteps: DemoStep[] = [ingestFixtures, topPerEngine];

export async function runDemo(out: (text: string) => void, steps: readonly DemoStep[] = demoSteps): Promise<DemoContext> {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-demo-'));
  const ctx: DemoContext = {
    dbPath: join(dir, 'demo.db'), dir, fixturesDir: new URL('../../../fixtures/logs/', import.meta.url).pathname, out,
    mainTarget: {}, ingested: [],
  };
  for (const [i, step] of steps.entries()) {
    out(`\n${i + 1}. ${step.title}\n`);
    await step.run(ctx);
  }
  out(`\nThe demo store is ${ctx.dbPath}: try  qprof --db ${ctx.dbPath} top --since all --by p95\n`);
  return ctx;
}

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('ingest the bundled real log captures into a temporary store and show what qprof finds (no server needed)')
    .addHelpText('after', `
Example:
  $ npm run demo`)
    .action(async () => {
      await runDemo((text) => process.stdout.write(text));
    });
}
