/** A doctor check's verdict: what was checked, what was found, and how to fix it when it is not fine. */
export interface Finding {
  /** Stable identifier for scripts (`pgss-installed`, `mysql-consumers`, …). */
  readonly id: string;
  readonly title: string;
  /** `fail` makes `qprof doctor` exit 1; `warn` degrades a feature but sampling works. */
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** What to run or change; present unless status is ok. */
  readonly fix?: string;
}

export const ok = (id: string, title: string, detail: string): Finding => ({ id, title, status: 'ok', detail });
export const fail = (id: string, title: string, detail: string, fix: string): Finding => ({ id, title, status: 'fail', detail, fix });
export const warn = (id: string, title: string, detail: string, fix: string): Finding => ({ id, title, status: 'warn', detail, fix });

/** People's output: one line per check, the fix indented under it. Pure. */
export function renderFindings(target: string, findings: readonly Finding[]): string {
  const mark = { ok: '✓', warn: '!', fail: '✗' } as const;
  const lines = [`qprof doctor: ${target}`];
  for (const f of findings) {
    lines.push(`${mark[f.status]} ${f.title}: ${f.detail}`);
    if (f.fix) lines.push(`    fix: ${f.fix}`);
  }
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  lines.push(failed ? `${failed} check${failed === 1 ? '' : 's'} failed${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}`
    : warned ? `all required checks passed, ${warned} warning${warned === 1 ? '' : 's'}` : 'all checks passed');
  return `${lines.join('\n')}\n`;
}
