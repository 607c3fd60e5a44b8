/**
 * One monitored database: a statistics sample every statsIntervalMs and a catalog snapshot every
 * catalogIntervalMs over one monitoring session. When the database goes away the session is dropped, the
 * outage is timed, and connecting is retried with exponential backoff; the first sample after it covers the
 * whole gap (the samplers' reset detection keeps the deltas exact or, after a restart that lost counters,
 * never negative). Jobs run one at a time, so stop() only has to wait for the one in flight: each job writes in
 * one transaction, hence the store is consistent whenever the agent stops.
 */
import { errorCode, type MonitorSession } from '../stats/queryable.js';
import { redactDsn } from '../errors.js';
import { computeBackoffMs } from './backoff.js';
import type { RunnerLogger, TargetJobs, TargetSchedule, TargetStatus } from './types.js';

export interface RunnerClock {
  nowMs(): number;
  random(): number;
}

const systemClock: RunnerClock = { nowMs: () => Date.now(), random: () => Math.random() };

function describeError(error: unknown): string {
  const message = redactDsn((error as Error)?.message ?? String(error));
  const code = errorCode(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

export class TargetRunner {
  readonly #schedule: TargetSchedule;
  readonly #jobs: TargetJobs;
  readonly #log: RunnerLogger;
  readonly #clock: RunnerClock;
  #session: MonitorSession | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #failures = 0;
  #everConnected = false;
  #status: { -readonly [K in keyof TargetStatus]: TargetStatus[K] };

  constructor(schedule: TargetSchedule, jobs: TargetJobs, log: RunnerLogger, clock: RunnerClock = systemClock) {
    this.#schedule = schedule;
    this.#jobs = jobs;
    this.#log = log;
    this.#clock = clock;
    this.#status = {
      name: schedule.name, engine: schedule.engine, up: false, statsSamples: 0, catalogSamples: 0, errors: 0,
      reconnects: 0, gaps: 0, gapMs: 0, lastStatsMs: null, lastError: null, downSinceMs: null,
    };
  }

  get status(): TargetStatus {
    return { ...this.#status };
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Finish the job in flight (never cut a write), then close the session. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    await this.#session?.close();
    this.#session = null;
  }

  async #run(): Promise<void> {
    const { statsIntervalMs, catalogIntervalMs } = this.#schedule;
    let nextStatsMs = this.#clock.nowMs();
    let nextCatalogMs = catalogIntervalMs > 0 ? nextStatsMs : Number.POSITIVE_INFINITY;
    while (!this.#stopping) {
      if (!this.#session && !(await this.#connect())) {
        await this.#sleep(this.#backoffMs());
        nextStatsMs = Math.min(nextStatsMs, this.#clock.nowMs());
        continue;
      }
      await this.#sleep(Math.min(nextStatsMs, nextCatalogMs) - this.#clock.nowMs());
      if (this.#stopping) break;
      const session = this.#session!;
      try {
        if (this.#clock.nowMs() >= nextStatsMs) {
          nextStatsMs = this.#nextDue(nextStatsMs, statsIntervalMs);
          await this.#sampleStats(session);
        }
        if (!this.#stopping && this.#clock.nowMs() >= nextCatalogMs) {
          nextCatalogMs = this.#nextDue(nextCatalogMs, catalogIntervalMs);
          const outcome = await this.#jobs.sampleCatalog(session);
          this.#status.catalogSamples++;
          this.#log.info({ target: this.#schedule.name, skipped: outcome.skipped }, 'catalog snapshot stored');
        }
      } catch (error) {
        this.#failures++;
        if (await this.#answers(session)) {
          // The database is there; the sample itself failed (a missing extension, a privilege): no gap, retry later.
          this.#status.errors++;
          this.#status.lastError = describeError(error);
          this.#log.error({ target: this.#schedule.name, failures: this.#failures, error: this.#status.lastError }, 'sample failed; retrying');
        } else {
          this.#lost(error);
        }
        await this.#sleep(this.#backoffMs());
        // Sample again as soon as possible: after an outage, that sample covers it.
        nextStatsMs = this.#clock.nowMs();
      }
    }
  }

  #backoffMs(): number {
    return computeBackoffMs(this.#failures, this.#clock.random(), { baseMs: this.#schedule.backoffMs, maxMs: this.#schedule.maxBackoffMs });
  }

  /** Whether the session still answers a trivial statement. */
  async #answers(session: MonitorSession): Promise<boolean> {
    try {
      await session.query('/* qprof */ SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Keep the cadence (no drift), but never schedule into the past after a slow job or an outage. */
  #nextDue(dueMs: number, intervalMs: number): number {
    const nowMs = this.#clock.nowMs();
    const next = dueMs + intervalMs;
    return next > nowMs ? next : nowMs + intervalMs;
  }

  async #sampleStats(session: MonitorSession): Promise<void> {
    const outcome = await this.#jobs.sampleStats(session);
    this.#failures = 0;
    this.#status.statsSamples++;
    this.#status.lastStatsMs = this.#clock.nowMs();
    const bindings = { target: this.#schedule.name, calls: outcome.calls, entries: outcome.entries, intervalMs: outcome.intervalMs,
      databaseMs: Math.round(outcome.databaseMs * 10) / 10, qprofMs: Math.round(outcome.qprofMs * 10) / 10 };
    this.#log.info(bindings, outcome.baseline ? 'statistics baseline stored' : 'statistics sample stored');
    for (const warning of outcome.warnings) this.#log.warn({ target: this.#schedule.name }, warning);
  }

  async #connect(): Promise<boolean> {
    try {
      this.#session = await this.#jobs.connect();
    } catch (error) {
      this.#failures++;
      this.#markDown(error, 'cannot connect');
      return false;
    }
    const nowMs = this.#clock.nowMs();
    const downSinceMs = this.#status.downSinceMs;
    if (this.#everConnected) this.#status.reconnects++;
    this.#everConnected = true;
    if (downSinceMs !== null) {
      const gapMs = nowMs - downSinceMs;
      this.#status.gaps++;
      this.#status.gapMs += gapMs;
      this.#log.warn({ target: this.#schedule.name, gapMs, downSinceMs, lastStatsMs: this.#status.lastStatsMs },
        `reconnected after ${(gapMs / 1000).toFixed(1)} s unreachable; the next sample covers the gap (counters lost by a restart are reported, never counted negative)`);
    } else {
      this.#log.info({ target: this.#schedule.name }, 'connected');
    }
    this.#status.up = true;
    this.#status.downSinceMs = null;
    return true;
  }

  #lost(error: unknown): void {
    const session = this.#session;
    this.#session = null;
    void session?.close();
    this.#markDown(error, 'sample failed; reconnecting');
  }

  #markDown(error: unknown, what: string): void {
    this.#status.errors++;
    this.#status.up = false;
    this.#status.lastError = describeError(error);
    this.#status.downSinceMs ??= this.#clock.nowMs();
    this.#log.error({ target: this.#schedule.name, failures: this.#failures, error: this.#status.lastError }, what);
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopping || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1)); // longer overflows to 1 ms
      function done(): void { clearTimeout(timer); resolve(); }
      this.#wake = () => { this.#wake = null; done(); };
    });
  }
}
