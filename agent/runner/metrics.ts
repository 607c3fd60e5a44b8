/** Prometheus text exposition (version 0.0.4) of the agent's state, and the /healthz verdict. Pure. */
import type { LogStatus } from './log-follower.js';
import type { TargetStatus } from './types.js';

export interface AgentSnapshot {
  readonly nowMs: number;
  readonly startedMs: number;
  readonly targets: readonly TargetStatus[];
  readonly logs: readonly (LogStatus & { readonly target: string })[];
}

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function family(name: string, type: 'counter' | 'gauge', help: string, rows: readonly [Record<string, string>, number][]): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of rows) {
    const text = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
    lines.push(`${name}${text ? `{${text}}` : ''} ${Number.isFinite(value) ? value : 'NaN'}`);
  }
  return lines;
}

export function renderMetrics(s: AgentSnapshot): string {
  const t = (status: TargetStatus): Record<string, string> => ({ target: status.name, engine: status.engine });
  const l = (log: AgentSnapshot['logs'][number]): Record<string, string> => ({ target: log.target, path: log.path });
  const lines = [
    ...family('qprof_agent_uptime_seconds', 'gauge', 'Seconds since the agent started.', [[{}, (s.nowMs - s.startedMs) / 1000]]),
    ...family('qprof_target_up', 'gauge', '1 when the monitoring session of the target is open.', s.targets.map((x) => [t(x), x.up ? 1 : 0])),
    ...family('qprof_samples_total', 'counter', 'Samples stored, by kind (stats, catalog).', s.targets.flatMap((x) => [
      [{ ...t(x), kind: 'stats' }, x.statsSamples], [{ ...t(x), kind: 'catalog' }, x.catalogSamples]] as [Record<string, string>, number][])),
    ...family('qprof_sample_errors_total', 'counter', 'Failed connections and samples.', s.targets.map((x) => [t(x), x.errors])),
    ...family('qprof_reconnects_total', 'counter', 'Sessions re-opened after a failure.', s.targets.map((x) => [t(x), x.reconnects])),
    ...family('qprof_gaps_total', 'counter', 'Outages the target came back from.', s.targets.map((x) => [t(x), x.gaps])),
    ...family('qprof_gap_seconds_total', 'counter', 'Total length of those outages.', s.targets.map((x) => [t(x), x.gapMs / 1000])),
    ...family('qprof_sample_lag_seconds', 'gauge', 'Seconds since the last good statistics sample (NaN before the first).',
      s.targets.map((x) => [t(x), x.lastStatsMs === null ? Number.NaN : (s.nowMs - x.lastStatsMs) / 1000])),
    ...family('qprof_log_events_total', 'counter', 'Log events ingested.', s.logs.map((x) => [l(x), x.events])),
    ...family('qprof_ingest_rejects_total', 'counter', 'Log lines that could not be used.', s.logs.map((x) => [l(x), x.rejects])),
    ...family('qprof_log_lag_bytes', 'gauge', 'Bytes written to the log and not read yet.', s.logs.map((x) => [l(x), x.lagBytes])),
    ...family('qprof_log_errors_total', 'counter', 'Failed log polls (file missing, unreadable).', s.logs.map((x) => [l(x), x.errors])),
  ];
  return `${lines.join('\n')}\n`;
}

/** Healthy when every target is up and has sampled within `staleAfterMs`; a starting agent gets a grace period. */
export function detectHealth(s: AgentSnapshot, staleAfterMs: (target: string) => number): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  for (const x of s.targets) {
    const since = x.lastStatsMs ?? s.startedMs;
    if (!x.up && x.downSinceMs !== null) problems.push(`${x.name}: unreachable for ${((s.nowMs - x.downSinceMs) / 1000).toFixed(0)} s: ${x.lastError ?? ''}`);
    else if (s.nowMs - since > staleAfterMs(x.name)) problems.push(`${x.name}: no statistics sample for ${((s.nowMs - since) / 1000).toFixed(0)} s`);
  }
  return { ok: problems.length === 0, problems };
}
