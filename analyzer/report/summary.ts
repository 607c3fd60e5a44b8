/** The one-line summaries every renderer and the email subject share. Pure. */
import { formatCount, formatMs, formatSpan, formatTime } from './format.js';
import type { Headline, ReportData } from './types.js';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** `12.34 s in 4,512 calls across 37 shapes, 3 errors`. */
export function headlineSentence(h: Headline): string {
  return `${formatMs(h.totalMs)} in ${plural(h.calls, 'call')} across ${plural(h.distinctShapes, 'shape')}, ${plural(h.errors, 'error')}`;
}

/** `24h to 2026-11-26 06:00 UTC`. */
export function windowSentence(data: ReportData): string {
  return `${formatSpan(data.window.endMs - data.window.startMs)} to ${formatTime(data.window.endMs)}`;
}

/** Which targets the report covers: `shop`, `shop, billing` or `all targets` when there is none. */
export function targetsLabel(data: ReportData): string {
  return data.targets.length ? data.targets.map((t) => t.target).join(', ') : 'no data';
}

/** Email subject: `qprof report shop: 12.3 s in 4,512 calls, 2 regressions (24h to 2026-11-26 06:00 UTC)`. */
export function renderSubject(data: ReportData): string {
  const h = data.headline;
  const regressions = data.regressions.length ? `, ${plural(data.regressions.length, 'regression')}` : '';
  const subject = `qprof report ${targetsLabel(data)}: ${formatMs(h.totalMs)} in ${plural(h.calls, 'call')}${regressions} (${windowSentence(data)})`;
  // A header must be one line; target names come from the user, keep them from breaking it.
  return subject.replace(/[\r\n\x00-\x1f\x7f]+/g, ' ');
}
