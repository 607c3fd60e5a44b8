/**
 * `qprof agent [--config FILE]`: the sidecar. Wiring only: config → store, per-target sampling jobs (the same
 * code as `qprof sample`), log followers with the store as their sink, pino, signals. The loop is
 * agent/runner.
 */
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { redactDsn } from '../../agent/errors.js';
import { LogFollower } from '../../agent/runner/log-follower.js';
import { Agent } from '../../agent/runner/agent.js';
import type { TargetJobs } from '../../agent/runner/types.js';
import { createLogParser } from '../../agent/logs/index.js';
import { describeShape, fingerprint, loadShapeParsers } from '../../agent/shape/index.js';
import { openStore, type Db } from '../../storage/db.js';
import { createStoreSink } from '../../storage/ingest-repo.js';
import { ensureTarget, type TargetRow } from '../../storage/targets-repo.js';
import { readAgentConfigFile, resolveAgentConfig, type AgentConfig, type AgentFlags, type AgentTargetConfig } from '../config.js';
import { parseDuration, parsePositiveInt } from '../parse-options.js';
import { openMonitorSession, sampleCatalog, sampleStatements } from '../sampling/engines.js';

function jobsFor(db: Db, target: TargetRow, config: AgentTargetConfig): TargetJobs {
  const choice = { engine: config.engine, dsn: config.dsn ?? undefined, targetName: config.name };
  return {
    connect: () => openMonitorSession(choice, process.env),
    sampleStats: (session) => sampleStatements(db, target, session),
    sampleCatalog: (session) => sampleCatalog(db, target, session),
  };
}

/** Build the agent from a resolved config over an open store. Exported for the tests. */
export async function createAgent(config: AgentConfig, db: Db, log: pino.Logger): Promise<Agent> {
  await loadShapeParsers();
  const targets = [];
  const logs = [];
  for (const t of config.targets) {
    const row = ensureTarget(db, t.name, t.engine, t.dsn ? redactDsn(t.dsn) : null, Date.now());
    if (t.dsn) {
      targets.push({
        schedule: { name: t.name, engine: t.engine, statsIntervalMs: t.statsIntervalMs, catalogIntervalMs: t.catalogIntervalMs,
          backoffMs: config.backoffMs, maxBackoffMs: config.maxBackoffMs },
        jobs: jobsFor(db, row, t),
      });
    }
    for (const l of t.logs) {
      logs.push({
        target: t.name,
        follower: new LogFollower({
          path: resolve(l.path), engine: t.engine, sink: createStoreSink(db, row.id, t.engine), nowMs: Date.now,
          deps: { createParser: () => createLogParser(l.format, { prefix: l.prefix, timeZone: l.timeZone }), fingerprint, describe: describeShape },
        }),
      });
    }
  }
  return new Agent({ targets, logs, logPollMs: config.logPollMs, http: config.http, log });
}

interface AgentCliOptions {
  config?: string; db?: string; host?: string; port?: number; http?: boolean; logLevel?: string;
  statsInterval?: number; catalogInterval?: number; pg?: string; mysql?: string;
}

export function registerAgent(program: Command): void {
  program.command('agent')
    .description('the sidecar: sample statistics and catalog periodically, tail logs, serve /healthz and /metrics; runs until SIGTERM')
    .option('--config <file>', 'JSON config file (see the README: qprof agent)')
    .option('--pg <url>', 'add a PostgreSQL target')
    .option('--mysql <url>', 'add a MySQL / MariaDB target')
    .option('--stats-interval <duration>', 'between statistics samples for every target (default 60s); env QPROF_STATS_INTERVAL_MS', parseDuration)
    .option('--catalog-interval <duration>', 'between catalog snapshots for every target (default 10m); env QPROF_CATALOG_INTERVAL_MS', parseDuration)
    .option('--host <host>', 'address of /healthz and /metrics (default 127.0.0.1); env QPROF_HTTP_HOST')
    .option('--port <port>', 'port of /healthz and /metrics (default 9187, 0 = any free); env QPROF_HTTP_PORT', (v) => (v === '0' ? 0 : parsePositiveInt(v)))
    .option('--no-http', 'serve no HTTP endpoint')
    .addOption(new Option('--log-level <level>', 'structured log level (default info); env QPROF_LOG_LEVEL').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addHelpText('after', `
Precedence: flag, then QPROF_* environment, then the config file, then the defaults. Logs are JSON lines on stdout.
Examples:
  $ qprof agent --config /etc/qprof/agent.json
  $ qprof agent --pg postgres://qprof@127.0.0.1:5432/shop --mysql mysql://qprof@127.0.0.1:3306/shop --stats-interval 10s`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<AgentCliOptions>();
      const flags: AgentFlags = {
        db: cmd.getOptionValueSourceWithGlobals('db') === 'cli' ? opts.db : undefined,
        host: opts.host, port: opts.port, noHttp: opts.http === false, logLevel: opts.logLevel,
        statsIntervalMs: opts.statsInterval, catalogIntervalMs: opts.catalogInterval, pg: opts.pg, mysql: opts.mysql,
      };
      const file = opts.config ? readAgentConfigFile(opts.config) : null;
      const config = resolveAgentConfig(file, process.env, flags, opts.config ?? 'config');
      const log = pino({ level: config.logLevel, base: { pid: process.pid } }, pino.destination({ fd: 1, sync: true }));
      const db = openStore(config.db);
      const agent = await createAgent(config, db, log);
      const stopped = new Promise<void>((done) => {
        const onSignal = (signal: NodeJS.Signals): void => {
          log.info({ signal }, 'stopping: finishing the sample in flight and flushing logs');
          void agent.stop().then(done);
        };
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
      });
      await agent.start();
      log.info({ db: config.db, port: agent.port, targets: config.targets.map((t) => ({ name: t.name, engine: t.engine,
        statsIntervalMs: t.statsIntervalMs, catalogIntervalMs: t.catalogIntervalMs, logs: t.logs.map((l) => l.path) })) }, 'agent started');
      await stopped;
      db.close();
      log.info({}, 'stopped; store consistent');
    });
}
