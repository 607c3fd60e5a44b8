/**
 * The sidecar: one TargetRunner per monitored database, one LogFollower per log (polled every logPollMs, one
 * at a time), and the /healthz + /metrics server. stop() (SIGTERM, SIGINT) lets each runner finish the job in
 * flight, flushes every log at its pending entry, and closes the server: nothing is left half-written.
 */
import type { Server } from 'node:http';
import { startHttpServer } from './http-server.js';
import type { LogFollower } from './log-follower.js';
import { detectHealth, renderMetrics, type AgentSnapshot } from './metrics.js';
import { TargetRunner } from './target-runner.js';
import type { RunnerLogger, TargetJobs, TargetSchedule } from './types.js';

export interface AgentParts {
  readonly targets: readonly { readonly schedule: TargetSchedule; readonly jobs: TargetJobs }[];
  readonly logs: readonly { readonly target: string; readonly follower: LogFollower }[];
  /** Between log polls. Default 1 000 ms. */
  readonly logPollMs: number;
  /** null: no HTTP server. Port 0 picks a free one (see `port`). */
  readonly http: { readonly host: string; readonly port: number } | null;
  readonly log: RunnerLogger;
  readonly nowMs?: () => number;
}

export class Agent {
  readonly #parts: AgentParts;
  readonly #runners: TargetRunner[];
  readonly #nowMs: () => number;
  #startedMs = 0;
  #server: Server | null = null;
  #port: number | null = null;
  #logTimer: NodeJS.Timeout | null = null;
  #logPass: Promise<void> = Promise.resolve();
  #stopped: Promise<void> | null = null;

  constructor(parts: AgentParts) {
    this.#parts = parts;
    this.#nowMs = parts.nowMs ?? Date.now;
    this.#runners = parts.targets.map((t) => new TargetRunner(t.schedule, t.jobs, parts.log));
  }

  /** The port /healthz and /metrics listen on, once started. */
  get port(): number | null {
    return this.#port;
  }

  snapshot(): AgentSnapshot {
    return {
      nowMs: this.#nowMs(), startedMs: this.#startedMs, targets: this.#runners.map((r) => r.status),
      logs: this.#parts.logs.map((l) => ({ target: l.target, ...l.follower.status })),
    };
  }

  async start(): Promise<void> {
    this.#startedMs = this.#nowMs();
    if (this.#parts.http) {
      const staleAfter = new Map(this.#parts.targets.map((t) => [t.schedule.name, 3 * t.schedule.statsIntervalMs + 30_000]));
      const started = await startHttpServer(this.#parts.http.host, this.#parts.http.port, {
        health: () => {
          const snapshot = this.snapshot();
          const verdict = detectHealth(snapshot, (name) => staleAfter.get(name) ?? 0);
          return { ok: verdict.ok, body: { status: verdict.ok ? 'ok' : 'degraded', problems: verdict.problems, targets: snapshot.targets, logs: snapshot.logs } };
        },
        metrics: () => renderMetrics(this.snapshot()),
      });
      this.#server = started.server;
      this.#port = started.port;
      this.#parts.log.info({ port: started.port, host: this.#parts.http.host }, 'serving /healthz and /metrics');
    }
    for (const runner of this.#runners) runner.start();
    if (this.#parts.logs.length > 0) this.#scheduleLogs(0);
  }

  /** Idempotent: a second signal waits for the same shutdown. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    if (this.#logTimer) clearTimeout(this.#logTimer);
    this.#logTimer = null;
    await Promise.all([...this.#runners.map((r) => r.stop()), this.#logPass]);
    for (const { follower, target } of this.#parts.logs) {
      try {
        await follower.stop();
      } catch (error) {
        this.#parts.log.error({ target, path: follower.status.path, error: (error as Error).message }, 'final log flush failed');
      }
    }
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server?.closeAllConnections();
  }

  #scheduleLogs(delayMs: number): void {
    this.#logTimer = setTimeout(() => {
      this.#logPass = this.#pollLogs().finally(() => {
        if (this.#stopped === null) this.#scheduleLogs(this.#parts.logPollMs);
      });
    }, delayMs);
  }

  async #pollLogs(): Promise<void> {
    for (const { follower, target } of this.#parts.logs) {
      if (this.#stopped) return;
      const previous = follower.status.lastError;
      try {
        await follower.poll();
      } catch (error) {
        // Log a failure when it changes, not every poll.
        if (previous !== (error as Error).message) {
          this.#parts.log.error({ target, path: follower.status.path, error: (error as Error).message }, 'cannot read the log; retrying');
        }
      }
    }
  }
}
