/** What the agent's runner needs from the rest of qprof, injected by the entry point (cli/commands/agent.ts). */
import type { Engine } from '../events.js';
import type { MonitorSession } from '../stats/queryable.js';

/** One statement-statistics sample as the runner sees it (a subset of `qprof sample`'s report). */
export interface StatsOutcome {
  readonly baseline: boolean;
  readonly calls: number;
  readonly entries: number;
  readonly intervalMs: number;
  readonly warnings: readonly string[];
  readonly databaseMs: number;
  readonly qprofMs: number;
}

export interface CatalogOutcome {
  /** Aspects that could not be read, with the reason. */
  readonly skipped: readonly string[];
}

/** The I/O of one monitored database. Each sample call writes its data and state in one transaction. */
export interface TargetJobs {
  connect(): Promise<MonitorSession>;
  sampleStats(session: MonitorSession): Promise<StatsOutcome>;
  sampleCatalog(session: MonitorSession): Promise<CatalogOutcome>;
}

/** The subset of pino the runner logs through: a bindings object, then the message. */
export interface RunnerLogger {
  info(bindings: object, message: string): void;
  warn(bindings: object, message: string): void;
  error(bindings: object, message: string): void;
}

export interface TargetSchedule {
  readonly name: string;
  readonly engine: Engine;
  /** Between statement-statistics samples. Default 60 000 ms. */
  readonly statsIntervalMs: number;
  /** Between catalog snapshots; 0 turns them off. Default 600 000 ms. */
  readonly catalogIntervalMs: number;
  /** First reconnect delay, doubled per failure up to maxBackoffMs. Default 1 000 ms. */
  readonly backoffMs: number;
  /** Default 60 000 ms. */
  readonly maxBackoffMs: number;
}

/** What /healthz and /metrics show per target. Counters only grow while the agent runs. */
export interface TargetStatus {
  readonly name: string;
  readonly engine: Engine;
  readonly up: boolean;
  readonly statsSamples: number;
  readonly catalogSamples: number;
  readonly errors: number;
  readonly reconnects: number;
  /** Outages seen (the database went away, or never answered, and came back). */
  readonly gaps: number;
  /** Sum of outage lengths. */
  readonly gapMs: number;
  /** Epoch ms of the last good statistics sample. */
  readonly lastStatsMs: number | null;
  readonly lastError: string | null;
  /** Epoch ms since when the target has been unreachable, null when up. */
  readonly downSinceMs: number | null;
}
