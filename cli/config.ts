/**
 * `qprof agent` configuration: a JSON file, overridden by QPROF_* environment variables, overridden by flags;
 * every default in `agentDefaults`. `resolveAgentConfig` is pure (the file's text, env and flags come in) and
 * reports every problem at once as ConfigError lines naming the key; `readAgentConfig` reads the file.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, redactDsn } from '../agent/errors.js';
import type { Engine } from '../agent/events.js';
import type { LogFormat } from '../agent/logs/index.js';
import { defaults } from './defaults.js';
import { engineOfUrl, targetNameFromUrl } from './sampling/targets.js';

/** Every agent default, with units. */
export const agentDefaults = {
  /** Store path (`db`, QPROF_DB, --db). */
  db: defaults.dbPath,
  /** /healthz and /metrics (`http.host`, QPROF_HTTP_HOST, --host). Loopback unless you choose otherwise. */
  httpHost: '127.0.0.1',
  /** (`http.port`, QPROF_HTTP_PORT, --port); 0 picks a free port. 9187 is not taken by a common exporter. */
  httpPort: 9187,
  /** pino level (`logLevel`, QPROF_LOG_LEVEL, --log-level). */
  logLevel: 'info',
  /** Between statement-statistics samples (`statsIntervalMs`, QPROF_STATS_INTERVAL_MS, --stats-interval). */
  statsIntervalMs: 60_000,
  /** Between catalog snapshots; 0 = never (`catalogIntervalMs`, QPROF_CATALOG_INTERVAL_MS, --catalog-interval). */
  catalogIntervalMs: 600_000,
  /** Between log polls (`logPollMs`, QPROF_LOG_POLL_MS). */
  logPollMs: 1_000,
  /** First reconnect delay, doubled per failure (`backoffMs`). */
  backoffMs: 1_000,
  /** Longest reconnect delay (`maxBackoffMs`). */
  maxBackoffMs: 60_000,
} as const;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logFormats: readonly LogFormat[] = ['pg-stderr', 'pg-csv', 'pg-json', 'mysql-slow'];

export interface AgentLogConfig {
  readonly path: string;
  readonly format: LogFormat;
  /** log_line_prefix of a pg-stderr log. */
  readonly prefix?: string;
  readonly timeZone?: string;
}

export interface AgentTargetConfig {
  readonly name: string;
  readonly engine: Engine;
  /** null: logs only. */
  readonly dsn: string | null;
  readonly statsIntervalMs: number;
  readonly catalogIntervalMs: number;
  readonly logs: readonly AgentLogConfig[];
}

export interface AgentConfig {
  readonly db: string;
  readonly http: { readonly host: string; readonly port: number } | null;
  readonly logLevel: (typeof logLevels)[number];
  readonly logPollMs: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly targets: readonly AgentTargetConfig[];
}

/** Flags of `qprof agent`; undefined = not given. */
export interface AgentFlags {
  readonly db?: string;
  readonly host?: string;
  readonly port?: number;
  readonly noHttp?: boolean;
  readonly logLevel?: string;
  readonly statsIntervalMs?: number;
  readonly catalogIntervalMs?: number;
  readonly pg?: string;
  readonly mysql?: string;
}

type Env = Readonly<Record<string, string | undefined>>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly list: string[] = [];
  add(where: string, what: string): void {
    this.list.push(`${where}: ${what}`);
  }
  /** A whole number of milliseconds ≥ min, or the fallback when absent. */
  ms(where: string, value: unknown, fallback: number, min: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.add(where, `expected a whole number of milliseconds ≥ ${min}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }
  str(where: string, value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') { this.add(where, `expected a non-empty string, got ${JSON.stringify(value)}`); return undefined; }
    return value;
  }
  unknownKeys(where: string, object: Json, known: readonly string[]): void {
    for (const key of Object.keys(object)) if (!known.includes(key)) this.add(where, `unknown key "${key}" (known: ${known.join(', ')})`);
  }
}

function envMs(problems: Problems, env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) { problems.add(name, `expected a whole number of milliseconds, got "${raw}"`); return undefined; }
  return n;
}

function parseTarget(problems: Problems, raw: unknown, where: string, intervals: { statsIntervalMs: number; catalogIntervalMs: number }): AgentTargetConfig | null {
  if (!isObject(raw)) { problems.add(where, 'expected an object like { "pg": "postgres://…" }'); return null; }
  problems.unknownKeys(where, raw, ['name', 'pg', 'mysql', 'engine', 'statsIntervalMs', 'catalogIntervalMs', 'logs']);
  const pg = problems.str(`${where}.pg`, raw.pg);
  const mysql = problems.str(`${where}.mysql`, raw.mysql);
  if (pg && mysql) problems.add(where, 'give one of "pg" or "mysql", not both');
  if (pg && engineOfUrl(pg) !== 'postgres') problems.add(`${where}.pg`, `expected a postgres:// URL, got ${redactDsn(pg)}`);
  if (mysql && engineOfUrl(mysql) !== 'mysql') problems.add(`${where}.mysql`, `expected a mysql:// URL, got ${redactDsn(mysql)}`);
  let engine: Engine | undefined = pg ? 'postgres' : mysql ? 'mysql' : undefined;
  if (raw.engine !== undefined) {
    if (raw.engine !== 'postgres' && raw.engine !== 'mysql') problems.add(`${where}.engine`, `expected "postgres" or "mysql", got ${JSON.stringify(raw.engine)}`);
    else if (engine && engine !== raw.engine) problems.add(`${where}.engine`, `"${raw.engine}" contradicts the URL`);
    else engine = raw.engine;
  }
  const logs: AgentLogConfig[] = [];
  if (raw.logs !== undefined && !Array.isArray(raw.logs)) problems.add(`${where}.logs`, 'expected an array of { "path", "format" }');
  for (const [i, log] of (Array.isArray(raw.logs) ? raw.logs : []).entries()) {
    const at = `${where}.logs[${i}]`;
    if (!isObject(log)) { problems.add(at, 'expected { "path": "/var/log/…", "format": "pg-json" }'); continue; }
    problems.unknownKeys(at, log, ['path', 'format', 'prefix', 'timeZone']);
    const path = problems.str(`${at}.path`, log.path);
    if (!path) problems.add(`${at}.path`, 'required');
    if (!logFormats.includes(log.format as LogFormat)) problems.add(`${at}.format`, `expected one of ${logFormats.join(', ')}, got ${JSON.stringify(log.format)}`);
    const format = log.format as LogFormat;
    if (engine && logFormats.includes(format) && (format === 'mysql-slow') !== (engine === 'mysql')) problems.add(`${at}.format`, `a ${format} log does not belong to a ${engine} target`);
    engine ??= format === 'mysql-slow' ? 'mysql' : 'postgres';
    if (path) logs.push({ path, format, prefix: problems.str(`${at}.prefix`, log.prefix), timeZone: problems.str(`${at}.timeZone`, log.timeZone) });
  }
  if (!engine) { problems.add(where, 'needs "pg" or "mysql" (a URL), or "logs"'); return null; }
  const dsn = (pg ?? mysql?.replace(/^mariadb:/i, 'mysql:')) ?? null;
  const name = problems.str(`${where}.name`, raw.name) ?? (dsn ? targetNameFromUrl(dsn, engine) : null);
  if (!name) { problems.add(`${where}.name`, 'required for a target without a URL'); return null; }
  return {
    name, engine, dsn, logs,
    statsIntervalMs: problems.ms(`${where}.statsIntervalMs`, raw.statsIntervalMs, intervals.statsIntervalMs, 1000),
    catalogIntervalMs: problems.ms(`${where}.catalogIntervalMs`, raw.catalogIntervalMs, intervals.catalogIntervalMs, 0),
  };
}

/**
 * Merge file (parsed JSON or null), environment and flags. Flags and QPROF_* intervals override every target's
 * own interval; `--pg` / `--mysql` add a target to the file's.
 */
export function resolveAgentConfig(file: unknown, env: Env, flags: AgentFlags, source = 'config'): AgentConfig {
  const problems = new Problems();
  const root: Json = file === null ? {} : isObject(file) ? file : (problems.add(source, 'expected a JSON object'), {});
  problems.unknownKeys(source, root, ['db', 'http', 'logLevel', 'statsIntervalMs', 'catalogIntervalMs', 'logPollMs', 'backoffMs', 'maxBackoffMs', 'targets']);
  const http: Json = root.http === undefined ? {} : isObject(root.http) ? root.http : (problems.add('http', 'expected { "host", "port" } or omit it'), {});
  problems.unknownKeys('http', http, ['host', 'port', 'enabled']);
  const overrideStats = flags.statsIntervalMs ?? envMs(problems, env, 'QPROF_STATS_INTERVAL_MS');
  const overrideCatalog = flags.catalogIntervalMs ?? envMs(problems, env, 'QPROF_CATALOG_INTERVAL_MS');
  const intervals = {
    statsIntervalMs: problems.ms('statsIntervalMs', root.statsIntervalMs, agentDefaults.statsIntervalMs, 1000),
    catalogIntervalMs: problems.ms('catalogIntervalMs', root.catalogIntervalMs, agentDefaults.catalogIntervalMs, 0),
  };
  if (overrideStats !== undefined && !(Number.isFinite(overrideStats) && overrideStats >= 1000)) problems.add('stats interval', `at least 1 s and finite, got ${overrideStats} ms`);
  if (overrideCatalog !== undefined && !Number.isFinite(overrideCatalog)) problems.add('catalog interval', 'must be finite (0 turns catalog snapshots off)');
  const targets: AgentTargetConfig[] = [];
  if (root.targets !== undefined && !Array.isArray(root.targets)) problems.add('targets', 'expected an array');
  for (const [i, raw] of (Array.isArray(root.targets) ? root.targets : []).entries()) {
    const target = parseTarget(problems, raw, `targets[${i}]`, intervals);
    if (target) targets.push(target);
  }
  if (flags.pg) { const t = parseTarget(problems, { pg: flags.pg }, '--pg', intervals); if (t) targets.push(t); }
  if (flags.mysql) { const t = parseTarget(problems, { mysql: flags.mysql }, '--mysql', intervals); if (t) targets.push(t); }
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) problems.add('targets', `two targets are named "${t.name}": give each a distinct "name"`);
    seen.add(t.name);
  }
  if (targets.length === 0 && problems.list.length === 0) problems.add(source, 'no targets: add "targets" to the config file, or pass --pg URL / --mysql URL');

  const portRaw = flags.port ?? (env.QPROF_HTTP_PORT ? Number(env.QPROF_HTTP_PORT) : undefined) ?? http.port ?? agentDefaults.httpPort;
  if (typeof portRaw !== 'number' || !Number.isInteger(portRaw) || portRaw < 0 || portRaw > 65535) problems.add('http.port', `expected a port 0–65535, got ${JSON.stringify(portRaw)}`);
  const logLevel = flags.logLevel ?? env.QPROF_LOG_LEVEL ?? root.logLevel ?? agentDefaults.logLevel;
  if (!logLevels.includes(logLevel as AgentConfig['logLevel'])) problems.add('logLevel', `expected one of ${logLevels.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const httpOff = flags.noHttp === true || http.enabled === false;
  const config: AgentConfig = {
    db: flags.db ?? env.QPROF_DB ?? problems.str('db', root.db) ?? agentDefaults.db,
    http: httpOff ? null : { host: flags.host ?? env.QPROF_HTTP_HOST ?? problems.str('http.host', http.host) ?? agentDefaults.httpHost, port: portRaw as number },
    logLevel: logLevel as AgentConfig['logLevel'],
    logPollMs: envMs(problems, env, 'QPROF_LOG_POLL_MS') ?? problems.ms('logPollMs', root.logPollMs, agentDefaults.logPollMs, 50),
    backoffMs: problems.ms('backoffMs', root.backoffMs, agentDefaults.backoffMs, 10),
    maxBackoffMs: problems.ms('maxBackoffMs', root.maxBackoffMs, agentDefaults.maxBackoffMs, 10),
    targets: targets.map((t) => ({ ...t, statsIntervalMs: overrideStats ?? t.statsIntervalMs, catalogIntervalMs: overrideCatalog ?? t.catalogIntervalMs })),
  };
  if (problems.list.length > 0) {
    throw new ConfigError(`invalid agent configuration: ${problems.list.join('; ')}`, 'see the "qprof agent" section of the README for every key');
  }
  return config;
}

/** Read and parse the config file (JSON). */
export function readAgentConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'check the --config path');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`, 'fix the syntax (no comments or trailing commas in JSON)');
  }
}
