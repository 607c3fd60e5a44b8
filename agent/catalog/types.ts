/**
 * The catalog of a monitored database as `qprof sample --catalog` stores it (one catalog_snapshots row per
 * kind, JSON) and the index and replica advisors read it back (storage/catalog-repo.ts readLatestCatalog).
 * Same types for both engines; fields an engine cannot tell are null. Sizes in bytes, counters cumulative
 * since the server's statistics reset.
 */

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  /** Heap / clustered data size. */
  readonly sizeBytes: number | null;
  /** Data plus indexes (plus TOAST on PostgreSQL). */
  readonly totalSizeBytes: number | null;
  /** Estimated live rows (n_live_tup, or reltuples; MySQL TABLE_ROWS, an estimate for InnoDB). */
  readonly liveRows: number | null;
  /** Sequential (full) scans and index scans started on the table. */
  readonly seqScans: number | null;
  readonly idxScans: number | null;
  /** Rows inserted, updated, deleted: write rates come from differences between snapshots. */
  readonly inserts: number | null;
  readonly updates: number | null;
  readonly deletes: number | null;
}

export interface CatalogIndex {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** Runnable DDL (pg_get_indexdef; built from the parts on MySQL). */
  readonly definition: string;
  /** Key columns in index order; null for an expression position. */
  readonly columns: readonly (string | null)[];
  /** Index expressions text (PostgreSQL pg_get_expr, MySQL 8 functional key parts), null when none. */
  readonly expression: string | null;
  /** Partial-index predicate (PostgreSQL), null when none. */
  readonly where: string | null;
  readonly unique: boolean;
  readonly primary: boolean;
  /** False for an index still being built or a failed CREATE INDEX CONCURRENTLY. */
  readonly valid: boolean;
  readonly sizeBytes: number | null;
  /** Scans using the index (cumulative). */
  readonly scans: number | null;
  /** The index's leading columns are the columns of a foreign key of its table: dropping it slows FK checks. */
  readonly backsForeignKey: boolean;
}

export interface CatalogColumn {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** pg_stats: positive = distinct count, negative = minus the fraction of rows (−1 = unique). */
  readonly nDistinct: number | null;
  readonly nullFrac: number | null;
  /** At most 10 values, each cut at 100 characters (they are real data). */
  readonly mostCommonVals: readonly string[] | null;
  readonly mostCommonFreqs: readonly number[] | null;
  /** Physical order vs logical order, −1..1 (PostgreSQL). */
  readonly correlation: number | null;
  /** MySQL: index statistics cardinality of the column's index prefix (information_schema.STATISTICS). */
  readonly cardinality: number | null;
  /** A histogram exists (MariaDB mysql.column_stats / MySQL COLUMN_STATISTICS). */
  readonly histogram: boolean;
}

export interface CatalogFunction {
  readonly schema: string;
  readonly name: string;
  readonly args: string;
  /** PostgreSQL provolatile; MySQL derived from DETERMINISTIC and SQL DATA ACCESS. */
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly language: string | null;
}

export interface CatalogSettings {
  readonly version: string;
  readonly engineVersion: string;
  /** Relevant server settings by name (value with unit as the server shows it). */
  readonly settings: Readonly<Record<string, string>>;
}

export interface CatalogReplica {
  readonly name: string;
  readonly state: string | null;
  readonly lagBytes: number | null;
  readonly lagSeconds: number | null;
}

export interface CatalogReplication {
  /** 'replica' when this server applies changes from another; 'primary' when it has replicas attached. */
  readonly role: 'primary' | 'replica' | 'standalone';
  readonly readOnly: boolean;
  /** On a replica: seconds behind its source (null when unknown). */
  readonly lagSeconds: number | null;
  /** On a primary: the attached replicas. */
  readonly replicas: readonly CatalogReplica[];
}

/** The latest snapshot of each kind; a kind never captured (privilege, engine) is absent. */
export interface CatalogSnapshot {
  readonly tables?: readonly CatalogTable[];
  readonly indexes?: readonly CatalogIndex[];
  readonly columns?: readonly CatalogColumn[];
  readonly functions?: readonly CatalogFunction[];
  readonly settings?: CatalogSettings;
  readonly replication?: CatalogReplication;
  /** Epoch ms per kind of when it was taken. */
  readonly takenMs: Readonly<Partial<Record<CatalogKind, number>>>;
}

export type CatalogKind = 'tables' | 'indexes' | 'columns' | 'functions' | 'settings' | 'replication';

/** What a catalog reader returns: the kinds it could read, and why the others were skipped. */
export interface CatalogReading {
  readonly parts: Partial<Omit<CatalogSnapshot, 'takenMs'>>;
  readonly skipped: readonly string[];
}
