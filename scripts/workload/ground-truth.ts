/**
 * The ground-truth file: every statement the run could send with its declared routing and N+1 role, what
 * the run observed (calls, sessions, read-after-own-write gaps), the planted N+1 loops with their fan-out,
 * the read-your-writes pairs, and the schema's missing/redundant indexes. Pure: built from the run's records.
 */
import type { Engine } from '../../agent/events.js';
import type { Recorder, StatementStats } from './recorder.js';
import type { WorkerInfo } from './runner.js';
import { timing, type Scenario } from './scenario.js';
import { indexTruth } from './schema.js';
import { renderTagComment, type StatementDef } from './statement.js';

export interface TruthInput {
  readonly engine: Engine;
  readonly schema: string;
  readonly seed: number;
  readonly scale: number;
  readonly seconds: number;
  readonly scenarios: readonly Scenario[];
  readonly recorder: Recorder;
  readonly workers: readonly WorkerInfo[];
  readonly startedMs: number;
  readonly endedMs: number;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function observed(s: StatementStats | undefined) {
  return {
    calls: s?.calls ?? 0, rows: s?.rows ?? 0, totalMs: round(s?.totalMs ?? 0), errors: s?.errors ?? 0,
    sessions: [...(s?.sessions ?? [])].sort(),
    listLengths: [...(s?.listLengths ?? [])].sort((a, b) => a - b),
    readsAfterOwnWrite: s?.readsAfterOwnWrite ?? 0,
    readsWithin1sOfOwnWrite: s?.readsWithin1sOfOwnWrite ?? 0,
    minGapAfterOwnWriteMs: s?.minGapAfterOwnWriteMs ?? null,
    maxGapWithin1sMs: s?.maxGapWithin1sMs ?? null,
  };
}

export function buildGroundTruth(input: TruthInput) {
  const { engine, recorder } = input;
  const byName = new Map<string, { def: StatementDef; scenarios: Scenario[] }>();
  for (const scenario of input.scenarios) {
    for (const def of scenario.statements) {
      if (!def.runsOn(engine)) continue;
      const entry = byName.get(def.name) ?? { def, scenarios: [] };
      entry.scenarios.push(scenario);
      byName.set(def.name, entry);
    }
  }
  const sqlOf = (name: string) => {
    const entry = byName.get(name);
    if (!entry) return null;
    const lengths = recorder.statements.get(name)?.listLengths;
    return entry.def.text(engine, lengths?.size ? Math.min(...lengths) : 3);
  };
  const statements = [...byName.values()].map(({ def, scenarios }) => ({
    name: def.name,
    sql: sqlOf(def.name),
    scenarios: scenarios.map((s) => s.name),
    /** The comments the app appended (per scenario); not part of the shape. */
    comments: [...new Set(scenarios.filter((s) => s.tags && !def.spec.transactionControl)
      .map((s) => renderTagComment(s.tags!, s.tagStyle ?? 'sqlcommenter')))],
    reads: def.reads,
    writes: def.writes,
    route: def.route,
    reasons: def.reasons,
    nPlusOne: def.spec.nPlusOne ?? null,
    protocol: engine === 'postgres'
      ? (def.spec.pgNamed ? 'named prepared' : 'extended (unnamed) when it has parameters, else simple')
      : (def.spec.mysqlMode === 'execute'
        ? 'binary prepared (COM_STMT_EXECUTE) when it has parameters: no digest or SQL_TEXT in MariaDB performance_schema'
        : 'text, literals interpolated by the client'),
    ...observed(recorder.statements.get(def.name)),
  }));

  const nPlusOne = input.scenarios.flatMap((scenario) => (scenario.nPlusOne ?? []).map((plant) => {
    const loop = recorder.loops.get(plant.loop);
    return {
      loop: plant.loop, scenario: scenario.name, tags: scenario.tags ?? {},
      parent: plant.parent, parentSql: sqlOf(plant.parent),
      children: plant.children, childSql: plant.children.map(sqlOf),
      units: loop?.units ?? 0, iterations: loop?.iterations ?? 0,
      meanFanout: loop?.units ? round(loop.iterations / loop.units) : 0, maxFanout: loop?.maxFanout ?? 0,
      sessions: [...(loop?.sessions ?? [])].sort(),
    };
  }));
  const withRole = (role: string) => statements.filter((s) => s.nPlusOne === role)
    .map(({ name, sql, calls, sessions }) => ({ name, sql, calls, sessions }));
  const readYourWrites = input.scenarios.flatMap((scenario) => (scenario.readYourWrites ?? []).map((plant) => {
    const read = statements.find((s) => s.name === plant.read);
    return {
      ...plant, scenario: scenario.name, writeSql: sqlOf(plant.write), readSql: sqlOf(plant.read),
      reads: read?.calls ?? 0, minGapAfterOwnWriteMs: read?.minGapAfterOwnWriteMs ?? null, maxGapWithin1sMs: read?.maxGapWithin1sMs ?? null,
    };
  }));
  const route = (r: string) => statements.filter((s) => s.route === r).map((s) => s.name);

  return {
    engine, schema: input.schema, seed: input.seed, scale: input.scale, seconds: input.seconds,
    startedAt: new Date(input.startedMs).toISOString(), endedAt: new Date(input.endedMs).toISOString(),
    timing,
    workers: input.workers,
    scenarios: Object.fromEntries(input.scenarios.map((s) => {
      const stats = recorder.scenarios.get(s.name);
      return [s.name, { role: s.role, runs: stats?.runs ?? 0, failures: stats?.failures ?? 0, errors: Object.fromEntries(stats?.errors ?? []) }];
    })),
    nPlusOne,
    /** Must not be reported as N+1: one lookup per independent request, batched IN/ANY, bulk jobs. */
    negatives: { independent: withRole('independent'), batched: withRole('batched'), bulk: withRole('bulk') },
    /** Row-by-row writes in a loop: batching advice, not N+1. */
    rowByRowWrites: withRole('row-by-row-write'),
    readYourWrites,
    routing: { primary: route('primary'), conditional: route('conditional'), replica: route('replica') },
    indexes: indexTruth,
    statements,
  };
}

export type GroundTruth = ReturnType<typeof buildGroundTruth>;
