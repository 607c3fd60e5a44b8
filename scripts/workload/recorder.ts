/**
 * What the run actually did, per statement and per planted loop: the observed half of the ground truth.
 * One instance shared by all workers (they are async tasks in one process).
 */
export interface StatementStats {
  calls: number;
  rows: number;
  totalMs: number;
  errors: number;
  readonly sessions: Set<string>;
  readonly listLengths: Set<number>;
  /** Reads of a table the same session had written before, and how soon after. */
  readsAfterOwnWrite: number;
  readsWithin1sOfOwnWrite: number;
  minGapAfterOwnWriteMs: number | null;
  maxGapWithin1sMs: number | null;
}

export interface LoopStats {
  units: number;
  iterations: number;
  maxFanout: number;
  readonly sessions: Set<string>;
}

export interface ScenarioStats {
  runs: number;
  failures: number;
  /** SQLSTATE / MariaDB error code → count. */
  readonly errors: Map<string, number>;
}

export class Recorder {
  readonly statements = new Map<string, StatementStats>();
  readonly loops = new Map<string, LoopStats>();
  readonly scenarios = new Map<string, ScenarioStats>();

  recordStatement(name: string, session: string, took: { ms: number; rows: number; listLength: number | null; gapAfterOwnWriteMs: number | null; failed: boolean }): void {
    let s = this.statements.get(name);
    if (!s) {
      s = { calls: 0, rows: 0, totalMs: 0, errors: 0, sessions: new Set(), listLengths: new Set(), readsAfterOwnWrite: 0,
        readsWithin1sOfOwnWrite: 0, minGapAfterOwnWriteMs: null, maxGapWithin1sMs: null };
      this.statements.set(name, s);
    }
    s.calls++;
    s.rows += took.rows;
    s.totalMs += took.ms;
    if (took.failed) s.errors++;
    s.sessions.add(session);
    if (took.listLength !== null) s.listLengths.add(took.listLength);
    const gap = took.gapAfterOwnWriteMs;
    if (gap !== null) {
      s.readsAfterOwnWrite++;
      s.minGapAfterOwnWriteMs = s.minGapAfterOwnWriteMs === null ? gap : Math.min(s.minGapAfterOwnWriteMs, gap);
      if (gap <= 1000) {
        s.readsWithin1sOfOwnWrite++;
        s.maxGapWithin1sMs = Math.max(s.maxGapWithin1sMs ?? 0, gap);
      }
    }
  }

  recordLoop(pattern: string, session: string, fanout: number): void {
    let l = this.loops.get(pattern);
    if (!l) {
      l = { units: 0, iterations: 0, maxFanout: 0, sessions: new Set() };
      this.loops.set(pattern, l);
    }
    l.units++;
    l.iterations += fanout;
    l.maxFanout = Math.max(l.maxFanout, fanout);
    l.sessions.add(session);
  }

  recordScenario(name: string, error: unknown): void {
    let s = this.scenarios.get(name);
    if (!s) {
      s = { runs: 0, failures: 0, errors: new Map() };
      this.scenarios.set(name, s);
    }
    s.runs++;
    if (error) {
      s.failures++;
      const code = String((error as { code?: unknown }).code ?? (error as Error).message ?? error);
      s.errors.set(code, (s.errors.get(code) ?? 0) + 1);
    }
  }
}
