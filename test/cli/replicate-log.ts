/**
 * Test input builder: a larger log made from a real capture in fixtures/logs/, copied `copies` times with
 * its clock moved forward per copy and the integer literals of statements varied, so shapes repeat with other
 * values the way a busy server's log does. Only text transformations that keep the format valid.
 */
import { readFileSync } from 'node:fs';

export const fixturesDir = new URL('../../../fixtures/logs/', import.meta.url);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** PostgreSQL stderr with a prefix starting with %m (`2026-11-26 21:00:19.264 UTC`). */
export function replicatePgStderr(fixture: string, copies: number, stepMs = 10 * 60_000): string {
  const text = readFileSync(new URL(fixture, fixturesDir), 'utf8');
  const parts: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    parts.push(text.replace(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{3}) UTC/gm, (_m, ts: string, ms: string) => {
      const d = new Date(Date.parse(`${ts.replace(' ', 'T')}.${ms}Z`) + copy * stepMs);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
    }).replace(/ = (\d+)\b/g, (_m, n: string) => ` = ${(Number(n) + copy) % 100_000}`));
  }
  return parts.join('');
}

/** MariaDB/MySQL slow log: `SET timestamp=N;` moved forward, integer literals varied. */
export function replicateSlowLog(fixture: string, copies: number, stepSeconds = 600): string {
  const text = readFileSync(new URL(fixture, fixturesDir), 'utf8');
  const parts: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    parts.push(text.replace(/^SET timestamp=(\d+);/gm, (_m, n: string) => `SET timestamp=${Number(n) + copy * stepSeconds};`)
      .replace(/ = (\d+)\b/g, (_m, n: string) => ` = ${(Number(n) + copy) % 100_000}`));
  }
  return parts.join('');
}

/** Byte offset of a line that starts a new PostgreSQL entry (a prefix timestamp) near `fraction` of the text. */
export function entryBoundary(text: string, fraction: number, startOfEntry: RegExp): number {
  const from = Math.floor(text.length * fraction);
  const re = new RegExp(startOfEntry.source, 'gm');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : text.length;
}
