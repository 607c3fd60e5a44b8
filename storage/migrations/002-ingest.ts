import type { Migration } from './index.js';

/** What log ingestion keeps beyond stat_buckets: per-session sequences, plan summaries, MariaDB flags, samples. */
export const m002Ingest: Migration = {
  version: 2,
  name: 'ingest',
  sql: `
-- Per-session statement sequences, one row per (session, ingest flush): packed arrays of (time offset f64,
-- duration f32, shape index i32, rows i32), see agent/aggregate/session-chunks.ts. One indexed row per
-- statement would cost ~40% of the ingest time; readers concatenate chunks of a session by id.
CREATE TABLE session_chunks (
  id           INTEGER PRIMARY KEY,
  target_id    INTEGER NOT NULL REFERENCES targets(id),
  session      TEXT NOT NULL,
  user_name    TEXT,
  database     TEXT,
  application  TEXT,
  start_ms     INTEGER NOT NULL,
  end_ms       INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  shape_ids    TEXT NOT NULL,     -- JSON array; packed shape indexes point into it
  packed       BLOB NOT NULL
);
CREATE INDEX session_chunks_time ON session_chunks (target_id, start_ms);

-- auto_explain / log_slow_verbosity plan summaries per shape, counted.
CREATE TABLE shape_plans (
  target_id      INTEGER NOT NULL REFERENCES targets(id),
  shape_id       TEXT NOT NULL REFERENCES shapes(id),
  node_types     TEXT NOT NULL,   -- comma-separated, in plan order
  seq_scans      TEXT NOT NULL,   -- comma-separated tables read by a sequential/full scan
  estimated_rows REAL,
  actual_rows    REAL,
  total_cost     REAL,
  count          INTEGER NOT NULL,
  last_seen_ms   INTEGER NOT NULL,
  PRIMARY KEY (target_id, shape_id, node_types, seq_scans)
) WITHOUT ROWID;

-- The provisional end of a file: the entry a parser still held at EOF, emitted so that a finished log counts
-- whole. What it added is kept here and subtracted when the next run re-reads that entry from the checkpoint
-- (the file grew), so a growing log is counted exactly once whatever the cut point.
CREATE TABLE ingest_tails (
  target_id  INTEGER NOT NULL REFERENCES targets(id),
  path       TEXT NOT NULL,
  json       TEXT NOT NULL,
  PRIMARY KEY (target_id, path)
);

-- MariaDB slow-log flags per bucket (Full_scan: Yes, Tmp_table: Yes).
ALTER TABLE stat_buckets ADD COLUMN full_scans INTEGER;
ALTER TABLE stat_buckets ADD COLUMN tmp_tables INTEGER;

-- Samples (only with --keep-samples): bind parameters and the duration, for EXPLAIN with real values.
ALTER TABLE samples ADD COLUMN params_json TEXT;
ALTER TABLE samples ADD COLUMN duration_ms REAL;
`,
};
