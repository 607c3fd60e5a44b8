/**
 * The readable form of `qprof advise n-plus-one`: one block per finding (where in the code, the loop, the
 * evidence, an example timeline, the rewrite), then the batching advice. Pure.
 */
import type { BatchingFinding, LoopEvidence, NPlusOneFinding } from './types.js';

const clip = (text: string, max = 110) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(1)} ms`);

function where(tags: Readonly<Record<string, string>>): string {
  const keys = ['route', 'controller', 'action', 'job', 'application'].filter((k) => tags[k]);
  return keys.length ? keys.map((k) => `${k}=${tags[k]}`).join(' ') : 'no sqlcommenter tags';
}

function isLoopEvidence(e: NPlusOneFinding['evidence']): e is LoopEvidence {
  return 'units' in e;
}

export function renderFinding(f: NPlusOneFinding, index: number, shapeName: (id: string) => string = (id) => id.slice(0, 8)): string {
  const lines = [`${index + 1}. [${f.status}, ${f.confidence} confidence] ${f.engine}  ${where(f.tags)}`];
  if (f.parentQuery) lines.push(`   parent  ${shapeName(f.parentShape!)}  ${clip(f.parentQuery)}`);
  f.childQueries.forEach((q, i) => lines.push(`   child   ${shapeName(f.childShapes[i]!)}  ${clip(q)}`));
  const e = f.evidence;
  if (isLoopEvidence(e)) {
    const rows = e.rowsKnownUnits > 0 ? `, parent rows = loop length in ${e.rowsMatchedUnits}/${e.rowsKnownUnits} units` : '';
    lines.push(`   seen in ${e.units} units of work over ${e.sessions} sessions: ${e.avgFanOut} iterations on average (max ${e.maxFanOut}), ${ms(e.totalMs)} in the loop's statements, ${ms(e.loopWallMs)} of round trips${rows}`);
    if (e.exampleTimeline.length) {
      lines.push('   example:');
      for (const t of e.exampleTimeline) {
        lines.push(`     +${t.offsetMs.toFixed(1).padStart(7)} ms  ${t.role.padEnd(6)} ${shapeName(t.shape)}  ${t.durationMs === null ? '' : ms(t.durationMs)}${t.rows ? `  ${t.rows} rows` : ''}`);
      }
    }
  } else {
    lines.push(`   ${e.childCalls} calls (${e.childRowsPerCall} rows each) tracked the parent's rows at ${e.callsPerParentRow} calls per row over ${e.intervals} intervals (variation ${(e.ratioCv * 100).toFixed(0)}%)`);
  }
  lines.push(`   fix: ${f.suggestion}`);
  return lines.join('\n');
}

export function renderBatching(b: BatchingFinding, index: number): string {
  return [
    `${index + 1}. ${b.engine}  ${where(b.tags)}`,
    `   ${clip(b.query)}`,
    `   ${b.evidence.units} runs of ${b.evidence.avgRun} rows on average (max ${b.evidence.maxRun}), ${ms(b.evidence.totalMs)}, ${b.evidence.sessions} sessions`,
    `   fix: ${b.suggestion}`,
  ].join('\n');
}

export function renderNPlusOneText(findings: readonly NPlusOneFinding[], batching: readonly BatchingFinding[], notes: readonly string[] = []): string {
  const parts: string[] = [];
  parts.push(findings.length ? `N+1 patterns (${findings.length}):\n\n${findings.map((f, i) => renderFinding(f, i)).join('\n\n')}` : 'no N+1 patterns found');
  if (batching.length) parts.push(`Row-by-row writes (batch them):\n\n${batching.map(renderBatching).join('\n\n')}`);
  for (const note of notes) parts.push(`note: ${note}`);
  return `${parts.join('\n\n')}\n`;
}
