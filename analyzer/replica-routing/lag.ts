/**
 * Replica lag over time from catalog replication snapshots (`qprof sample --catalog`, the agent's periodic
 * catalog sampling): every reading of every replica is one sample; p50/p99 over all of them. Pure.
 */
import type { CatalogReplication } from '../../agent/catalog/types.js';
import type { LagBound } from './types.js';

export interface ReplicationReading {
  readonly target: string;
  readonly takenMs: number;
  readonly replication: CatalogReplication;
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Lag samples in seconds. On a primary, pg_stat_replication's replay_lag is NULL once a replica has replayed
 * everything and nothing new arrives (https://www.postgresql.org/docs/15/monitoring-stats.html#MONITORING-PG-STAT-REPLICATION-VIEW):
 * a streaming replica with no byte lag then counts as 0 s. On a replica, Seconds_Behind_Master or
 * now() - pg_last_xact_replay_timestamp() (which also grows while the primary is idle: an overestimate, kept).
 */
export function mapLagSamples(readings: readonly ReplicationReading[]): { seconds: number[]; from: string[] } {
  const seconds: number[] = [];
  const from = new Set<string>();
  for (const r of readings) {
    if (r.replication.role === 'primary') {
      for (const replica of r.replication.replicas) {
        let lag = replica.lagSeconds;
        if (lag === null && replica.lagBytes === 0 && replica.state === 'streaming') lag = 0;
        if (lag === null) continue;
        seconds.push(lag);
        from.add(`${r.target} → ${replica.name}`);
      }
    } else if (r.replication.role === 'replica' && r.replication.lagSeconds !== null) {
      seconds.push(r.replication.lagSeconds);
      from.add(`${r.target} (replica)`);
    }
  }
  return { seconds, from: [...from].sort() };
}

/** The lag bound the routing rule uses: measured p99, or the assumed value when nothing was measured. */
export function detectLagBound(readings: readonly ReplicationReading[], assumedSeconds: number): LagBound {
  const { seconds, from } = mapLagSamples(readings);
  if (seconds.length === 0) {
    return { source: 'assumed', samples: 0, p50Seconds: null, p99Seconds: null, maxSeconds: null, boundSeconds: assumedSeconds, from: [] };
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const p99 = percentile(sorted, 0.99)!;
  return {
    source: 'measured', samples: sorted.length, p50Seconds: percentile(sorted, 0.5), p99Seconds: p99,
    maxSeconds: sorted.at(-1)!, boundSeconds: p99, from,
  };
}

/**
 * How long a session must stick to the primary after a write: twice the lag bound plus a margin. Twice,
 * because snapshots are minutes apart and lag spikes between them go unseen; the margin covers log
 * timestamps (completion, millisecond resolution) and a replica that just reconnected.
 */
export function mapStickWindowMs(lag: LagBound, marginMs: number): number {
  return Math.ceil(2 * lag.boundSeconds * 1000 + marginMs);
}
