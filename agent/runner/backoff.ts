/** Reconnect delays: exponential from `baseMs`, capped at `maxMs`, with up to 20 % jitter so targets spread out. */
export interface BackoffOptions {
  /** First delay. Default 1 000 ms. */
  readonly baseMs?: number;
  /** Longest delay. Default 60 000 ms. */
  readonly maxMs?: number;
}

/** Delay before reconnect attempt number `failures` (1 = after the first failure); `random` in [0, 1). */
export function computeBackoffMs(failures: number, random: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 60_000;
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (1 - 0.2 * random));
}
