#!/usr/bin/env node
/**
 * The shop workload: a scripted app for PostgreSQL and MariaDB with planted N+1 loops, independent lookups,
 * read-your-writes flows, locking reads, volatile calls and a bulk job, writing its ground truth as JSON.
 *
 *   node dist/scripts/workload/main.js --engine postgres --url postgres://postgres@127.0.0.1:5432/test \
 *     --setup --seconds 30 --workers 4 --seed 1 --truth /tmp/shop-truth.json
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../agent/events.js';
import { QprofError, redactDsn } from '../../agent/errors.js';
import { parsePositiveInt } from '../../cli/parse-options.js';
import { buildGroundTruth } from './ground-truth.js';
import { runWorkload } from './runner.js';
import { scenarioNames, scenarios } from './scenarios/index.js';
import { setupShop, teardownShop } from './setup.js';

const defaultUrls: Record<Engine, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
};

/** The workload only ever talks to this machine. */
function parseLoopbackUrl(value: string): string {
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    throw new InvalidArgumentError(`"${redactDsn(value)}" is not a URL: use postgres://user@127.0.0.1:5432/db or mysql://root@127.0.0.1:3306/db`);
  }
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new InvalidArgumentError(`${host} is not a loopback address: the workload only runs against 127.0.0.1`);
  }
  return value;
}

function parseBounded(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`"${value}" must be a number from ${min} to ${max}`);
    return n;
  };
}

function parseIdentifier(value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a plain lower-case identifier`);
  return value;
}

const program = new Command('workload')
  .description('Scripted shop app for PostgreSQL and MariaDB with planted query patterns and a ground-truth file')
  .addOption(new Option('--engine <engine>', 'database engine').choices(['postgres', 'mysql']).makeOptionMandatory())
  .option('--url <url>', 'loopback DSN (default: the local test server of the engine)', parseLoopbackUrl)
  .option('--schema <name>', 'PostgreSQL schema / MariaDB database holding the shop tables', parseIdentifier, 'shop')
  .option('--setup', 'drop and recreate the schema, load the seed rows, ANALYZE')
  .option('--teardown', 'drop the schema at the end')
  .option('--seconds <n>', 'run the scenarios this long (0 = do not run them)', parseBounded(0, 3600))
  .option('--workers <k>', 'concurrent connections (1-32)', parseBounded(1, 32), 4)
  .option('--seed <s>', 'PRNG seed: the same seed issues the same statements', parsePositiveInt, 1)
  .option('--scale <f>', 'seed size; 1 = 40,000 orders, 20,000 customers', parseBounded(0.01, 4), 1)
  .option('--scenario <names...>', `only these scenarios: ${scenarioNames.join(', ')}`)
  .option('--max-requests <n>', 'stop after this many requests in total', parsePositiveInt, 1_000_000)
  .option('--init-sql <sql...>', 'statements run on each worker connection first (e.g. SET log_min_duration_statement = 0)')
  .option('--truth <file>', 'where to write the ground truth JSON (default workload-truth-<engine>.json)')
  // Usage errors exit 2, like qprof itself.
  .exitOverride((err) => process.exit(err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2))
  .addHelpText('after', `
Example:
  node dist/scripts/workload/main.js --engine mysql --setup --seconds 20 --workers 4 --scale 0.2 --truth /tmp/truth.json`);

interface Flags {
  engine: Engine; url?: string; schema: string; setup?: boolean; teardown?: boolean; seconds?: number; workers: number;
  seed: number; scale: number; scenario?: string[]; maxRequests: number; initSql?: string[]; truth?: string;
}

async function main(): Promise<void> {
  program.parse();
  const flags = program.opts<Flags>();
  const url = flags.url ?? defaultUrls[flags.engine];
  const seconds = flags.seconds ?? 0;
  if (!flags.setup && !flags.teardown && seconds === 0) program.error('nothing to do: give --setup, --seconds N and/or --teardown', { exitCode: 2 });
  const unknown = (flags.scenario ?? []).filter((n) => !scenarioNames.includes(n));
  if (unknown.length) program.error(`unknown scenario ${unknown.join(', ')}: choose from ${scenarioNames.join(', ')}`, { exitCode: 2 });
  const selected = flags.scenario ? scenarios.filter((s) => flags.scenario!.includes(s.name)) : scenarios;

  if (flags.setup) {
    const t0 = Date.now();
    const sizes = await setupShop(flags.engine, url, flags.schema, flags.scale, flags.seed);
    console.log(`setup: ${flags.engine} ${flags.schema} at ${redactDsn(url)}: ${JSON.stringify(sizes)} in ${Date.now() - t0} ms`);
  }
  if (seconds > 0) {
    const result = await runWorkload({
      engine: flags.engine, url, schema: flags.schema, seconds, workers: flags.workers, seed: flags.seed, scale: flags.scale,
      scenarios: selected, maxRequests: flags.maxRequests, initSql: flags.initSql ?? [],
    });
    const truth = buildGroundTruth({ engine: flags.engine, schema: flags.schema, seed: flags.seed, scale: flags.scale, seconds, scenarios: selected, ...result });
    const file = flags.truth ?? `workload-truth-${flags.engine}.json`;
    writeFileSync(file, `${JSON.stringify(truth, null, 2)}\n`);
    console.log(`ran ${selected.length} scenarios on ${flags.workers} connections for ${((result.endedMs - result.startedMs) / 1000).toFixed(1)} s`);
    console.log(`${'scenario'.padEnd(20)} ${'role'.padEnd(7)} ${'runs'.padStart(6)} ${'failed'.padStart(6)}`);
    for (const [name, s] of Object.entries(truth.scenarios)) {
      console.log(`${name.padEnd(20)} ${s.role.padEnd(7)} ${String(s.runs).padStart(6)} ${String(s.failures).padStart(6)}${s.failures ? `  ${JSON.stringify(s.errors)}` : ''}`);
    }
    const calls = truth.statements.reduce((n, s) => n + s.calls, 0);
    console.log(`${calls} statements of ${truth.statements.filter((s) => s.calls > 0).length} kinds; N+1 loops: ${
      truth.nPlusOne.map((l) => `${l.loop} ${l.units}×${l.meanFanout}`).join(', ') || 'none'}`);
    console.log(`ground truth: ${file}`);
  }
  if (flags.teardown) {
    await teardownShop(flags.engine, url, flags.schema);
    console.log(`teardown: dropped ${flags.schema}`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof QprofError) {
    console.error(`workload: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
