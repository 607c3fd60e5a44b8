/** What a DBA should hear about a sample: resets, evictions, restarts. Pure. */
import type { SampleOutcome } from './sample-state.js';

const wording = {
  pgss: { table: 'pg_stat_statements', setting: 'pg_stat_statements.max', reset: 'pg_stat_statements was reset' },
  digest: { table: 'the performance_schema digest table', setting: 'performance_schema_digests_size',
    reset: 'performance_schema statement digests were reset (TRUNCATE or server restart)' },
} as const;

export function detectSampleWarnings(outcome: Pick<SampleOutcome, 'diff' | 'restarted' | 'baseline'>,
  source: keyof typeof wording, capacity: number | null): string[] {
  if (outcome.baseline) return [];
  const w = wording[source];
  const out: string[] = [];
  const { diff } = outcome;
  if (outcome.restarted) {
    out.push('the server restarted since the previous sample: statements between that sample and the restart may be missing (a gap, not an error)');
  }
  if (diff.tableReset) {
    out.push(`${w.reset} since the previous sample: counted what ran after the reset; what ran between the previous sample and the reset is lost`);
  } else if (diff.entriesReset > 0) {
    out.push(`${diff.entriesReset} ${w.table} entr${diff.entriesReset === 1 ? 'y was' : 'ies were'} reset or re-created since the previous sample: counted from zero`);
  }
  const size = capacity ? ` (now ${capacity})` : '';
  if (source === 'digest') {
    // performance_schema does not evict: when the table is full, new statements get no row (digest_lost).
    if (diff.evicted && diff.evicted > 0) {
      out.push(`${diff.evicted} statement${diff.evicted === 1 ? '' : 's'} got no digest row because ${w.table} is full, so they are not counted: raise ${w.setting}${size}`);
    }
    if (!diff.tableReset && diff.entriesGone > 0) {
      out.push(`${diff.entriesGone} digest entr${diff.entriesGone === 1 ? 'y' : 'ies'} disappeared since the previous sample (TRUNCATE or restart): their last calls are lost`);
    }
    return out;
  }
  const evicted = diff.evicted ?? (diff.tableReset ? 0 : diff.entriesGone);
  if (evicted > 0) {
    out.push(`${evicted} ${w.table} entr${evicted === 1 ? 'y was' : 'ies were'} evicted between samples, so their last calls are lost: raise ${w.setting}${size} or sample more often`);
  }
  return out;
}
