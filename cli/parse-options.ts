/** Option parsers shared by commands. They throw commander's InvalidArgumentError (exit code 2). */
import { InvalidArgumentError } from 'commander';

const unitsMs: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 604_800_000 };

/** `90m`, `24h`, `7d`, `2w`, `30s`; `all` → Infinity. */
export function parseDuration(value: string): number {
  if (value === 'all') return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration: use a number and a unit s, m, h, d or w (90m, 24h, 7d) or "all"`);
  return Number(match[1]) * unitsMs[match[2]!]!;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

/** An ISO date/time or epoch milliseconds. */
export function parseTime(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`"${value}" is not a time: use ISO 8601 (2026-11-26T06:00:00Z) or epoch milliseconds`);
  return n;
}
