/**
 * Runs the selected scenarios on K concurrent connections for a bounded time. Each worker belongs to one
 * role (web, writer, jobs), picks scenarios of its role by weight with its own seeded PRNG, and pauses a
 * think time between requests.
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../../agent/events.js';
import { openConnection } from './connection.js';
import { Prng } from './prng.js';
import { Recorder } from './recorder.js';
import { createContext, timing, type Role, type Scenario } from './scenario.js';
import { sizesFor } from './seed-plan.js';
import { ShopSession } from './session.js';

export interface RunOptions {
  readonly engine: Engine;
  readonly url: string;
  readonly schema: string;
  readonly seconds: number;
  readonly workers: number;
  readonly seed: number;
  readonly scale: number;
  readonly scenarios: readonly Scenario[];
  /** Stop after this many requests in total (all workers), if reached before `seconds`. */
  readonly maxRequests: number;
  readonly initSql: readonly string[];
}

export interface WorkerInfo {
  readonly worker: number;
  readonly roles: readonly Role[];
  /** Backend pid (PostgreSQL) or thread id (MariaDB): the session key in the server's logs. */
  readonly session: string;
  requests: number;
}

export interface RunResult {
  readonly recorder: Recorder;
  readonly workers: readonly WorkerInfo[];
  readonly startedMs: number;
  readonly endedMs: number;
}

/** Worker w gets roles[w mod roles]; with fewer workers than roles, a worker takes several roles. */
export function assignRoles(workers: number, roles: readonly Role[]): Role[][] {
  const out: Role[][] = Array.from({ length: workers }, () => []);
  const slots = Math.max(workers, roles.length);
  for (let i = 0; i < slots; i++) {
    const role = roles[i % roles.length];
    if (!out[i % workers].includes(role)) out[i % workers].push(role);
  }
  return out;
}

const roleOrder: readonly Role[] = ['web', 'writer', 'jobs'];
/** A worker whose session keeps failing stops instead of spinning. */
const maxConsecutiveFailures = 20;

export async function runWorkload(options: RunOptions): Promise<RunResult> {
  const recorder = new Recorder();
  const sizes = sizesFor(options.scale);
  const roles = roleOrder.filter((r) => options.scenarios.some((s) => s.role === r));
  const assignment = assignRoles(options.workers, roles);
  const sessions = await Promise.all(assignment.map(async (workerRoles, w) => {
    const conn = await openConnection(options.engine, options.url, {
      schema: options.schema, applicationName: `shop-${workerRoles.join('+')}`, initSql: options.initSql,
    });
    return new ShopSession(conn, recorder);
  }));
  const workers: WorkerInfo[] = sessions.map((s, w) => ({ worker: w, roles: assignment[w], session: s.sessionId, requests: 0 }));
  const startedMs = Date.now();
  const deadline = performance.now() + options.seconds * 1000;
  let budget = options.maxRequests;

  await Promise.all(sessions.map(async (db, w) => {
    const rng = Prng.derive(options.seed, `worker-${w}`);
    const mine = options.scenarios.filter((s) => assignment[w].includes(s.role));
    const ctx = createContext(options.engine, rng, db, sizes, recorder);
    let failuresInARow = 0;
    let round = 0;
    try {
      while (performance.now() < deadline && budget > 0 && failuresInARow < maxConsecutiveFailures) {
        budget--;
        // Each worker runs every scenario of its roles once before picking by weight, so a short run (or a
        // slow, loaded machine) still exercises every planted pattern the ground truth promises.
        const scenario = round < mine.length ? mine[round]! : rng.weighted(mine.map((s) => [s, s.weight] as const));
        round++;
        db.setTags(scenario.tags ?? null, scenario.tagStyle);
        let error: unknown = null;
        try {
          await scenario.run(ctx);
        } catch (e) {
          error = e;
        }
        recorder.recordScenario(scenario.name, error);
        failuresInARow = error ? failuresInARow + 1 : 0;
        workers[w].requests++;
        await ctx.pause(timing.thinkMs);
      }
    } finally {
      await db.close().catch(() => undefined);
    }
  }));
  return { recorder, workers, startedMs, endedMs: Date.now() };
}
