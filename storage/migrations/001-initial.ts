import type { Migration } from './index.js';

export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
-- A monitored database (or a log file's database when no DSN is known).
CREATE TABLE targets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  engine      TEXT NOT NULL CHECK (engine IN ('postgres', 'mysql')),
  dsn         TEXT,            -- always redacted
  created_ms  INTEGER NOT NULL
);

-- One row per query shape. The id hashes the engine, so it is unique across engines.
CREATE TABLE shapes (
  id             TEXT PRIMARY KEY,
  engine         TEXT NOT NULL,
  normalized     TEXT NOT NULL,
  kind           TEXT NOT NULL,
  parsed         INTEGER NOT NULL,
  truncated      INTEGER NOT NULL DEFAULT 0,
  features_json  TEXT NOT NULL,
  first_seen_ms  INTEGER NOT NULL,
  last_seen_ms   INTEGER NOT NULL
);

-- Aggregates per target, shape, source and time bucket. source: 'log' (parsed logs),
-- 'pgss' (pg_stat_statements deltas), 'digest' (performance_schema deltas). Sources overlap
-- (the same statements), so readers pick one per target instead of adding them up.
CREATE TABLE stat_buckets (
  target_id         INTEGER NOT NULL REFERENCES targets(id),
  shape_id          TEXT NOT NULL REFERENCES shapes(id),
  source            TEXT NOT NULL,
  bucket_ms         INTEGER NOT NULL,   -- start of the bucket, epoch ms
  calls             INTEGER NOT NULL DEFAULT 0,
  total_ms          REAL NOT NULL DEFAULT 0,
  min_ms            REAL,
  max_ms            REAL,
  rows              INTEGER NOT NULL DEFAULT 0,
  rows_examined     INTEGER,
  errors            INTEGER NOT NULL DEFAULT 0,
  lock_wait_ms      REAL NOT NULL DEFAULT 0,
  temp_bytes        INTEGER NOT NULL DEFAULT 0,
  no_index_used     INTEGER,
  no_good_index_used INTEGER,
  tmp_disk_tables   INTEGER,
  shared_blks_hit   INTEGER,
  shared_blks_read  INTEGER,
  plan_ms           REAL,
  hist              BLOB,               -- latency histogram (see storage/histogram.ts), logs only
  PRIMARY KEY (target_id, shape_id, source, bucket_ms)
) WITHOUT ROWID;
CREATE INDEX stat_buckets_time ON stat_buckets (target_id, bucket_ms);

-- Ingestion checkpoints: where reading a file stopped, written in the same transaction as the data.
CREATE TABLE checkpoints (
  target_id   INTEGER NOT NULL REFERENCES targets(id),
  path        TEXT NOT NULL,
  file_id     TEXT NOT NULL,     -- device:inode plus a hash of the first bytes (rotation detection)
  offset      INTEGER NOT NULL,  -- byte offset of the first line not yet consumed
  line        INTEGER NOT NULL,  -- its 1-based line number
  updated_ms  INTEGER NOT NULL,
  PRIMARY KEY (target_id, path)
);

-- Sampler state (the previous cumulative reading per target and source), so deltas survive restarts.
CREATE TABLE sampler_state (
  target_id   INTEGER NOT NULL REFERENCES targets(id),
  source      TEXT NOT NULL,
  taken_ms    INTEGER NOT NULL,
  state_json  TEXT NOT NULL,
  PRIMARY KEY (target_id, source)
);

-- Catalog snapshots (tables, indexes, column statistics, settings, replication), one JSON document each.
CREATE TABLE catalog_snapshots (
  id          INTEGER PRIMARY KEY,
  target_id   INTEGER NOT NULL REFERENCES targets(id),
  taken_ms    INTEGER NOT NULL,
  kind        TEXT NOT NULL,     -- 'tables' | 'indexes' | 'columns' | 'settings' | 'replication' | 'functions'
  json        TEXT NOT NULL
);
CREATE INDEX catalog_snapshots_latest ON catalog_snapshots (target_id, kind, taken_ms);

-- Literal samples: only with --keep-samples (they can hold personal data).
CREATE TABLE samples (
  target_id  INTEGER NOT NULL REFERENCES targets(id),
  shape_id   TEXT NOT NULL REFERENCES shapes(id),
  time_ms    INTEGER NOT NULL,
  sql        TEXT NOT NULL
);
CREATE INDEX samples_shape ON samples (shape_id);

-- Tags (sqlcommenter / marginalia) seen per shape with a count.
CREATE TABLE shape_tags (
  target_id  INTEGER NOT NULL REFERENCES targets(id),
  shape_id   TEXT NOT NULL REFERENCES shapes(id),
  tag        TEXT NOT NULL,
  value      TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (target_id, shape_id, tag, value)
) WITHOUT ROWID;
`,
};
