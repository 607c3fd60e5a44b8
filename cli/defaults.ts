/** Every default in one place, with units. Precedence: flag, then QPROF_* environment, then config file, then these. */
export const defaults = {
  /** Store path (`--db`, `QPROF_DB`). */
  dbPath: './qprof.db',
  /** Window for `top` and `report` (`--since`). */
  sinceMs: 24 * 3600_000,
  /** Rows shown by `top` (`--limit`). */
  topLimit: 20,
  /** Stat bucket width for ingested logs and samples. */
  bucketMs: 60_000,
} as const;
