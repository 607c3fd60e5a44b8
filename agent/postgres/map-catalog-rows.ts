/** PostgreSQL catalog rows → the engine-independent catalog types. Pure. */
import type { CatalogColumn, CatalogFunction, CatalogIndex, CatalogReplication, CatalogSettings, CatalogTable } from '../catalog/types.js';

type Row = Record<string, unknown>;

function n(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const v = Number(value);
  return Number.isFinite(v) ? v : null;
}

const s = (value: unknown): string => String(value);

export function mapTables(rows: readonly unknown[]): CatalogTable[] {
  return (rows as Row[]).map((r) => ({
    schema: s(r.schema), name: s(r.name), sizeBytes: n(r.size_bytes), totalSizeBytes: n(r.total_size_bytes), liveRows: n(r.live_rows),
    seqScans: n(r.seq_scan), idxScans: n(r.idx_scan), inserts: n(r.n_tup_ins), updates: n(r.n_tup_upd), deletes: n(r.n_tup_del),
  }));
}

export function mapIndexes(rows: readonly unknown[]): CatalogIndex[] {
  return (rows as Row[]).map((r) => ({
    schema: s(r.schema), table: s(r.table), name: s(r.name), definition: s(r.definition),
    columns: Array.isArray(r.columns) ? (r.columns as (string | null)[]) : [],
    expression: typeof r.expression === 'string' ? r.expression : null, where: typeof r.predicate === 'string' ? r.predicate : null,
    unique: r.is_unique === true, primary: r.is_primary === true, valid: r.is_valid !== false,
    sizeBytes: n(r.size_bytes), scans: n(r.scans), backsForeignKey: r.backs_fk === true,
  }));
}

/** Most-common values are real data: keep at most 10, each cut at 100 characters. */
function clipValues(values: unknown): string[] | null {
  if (!Array.isArray(values)) return null;
  return values.slice(0, 10).map((v) => (v === null ? 'NULL' : String(v).slice(0, 100)));
}

export function mapColumns(rows: readonly unknown[]): CatalogColumn[] {
  return (rows as Row[]).map((r) => ({
    schema: s(r.schema), table: s(r.table), column: s(r.column), nDistinct: n(r.n_distinct), nullFrac: n(r.null_frac),
    mostCommonVals: clipValues(r.most_common_vals),
    mostCommonFreqs: Array.isArray(r.most_common_freqs) ? (r.most_common_freqs as unknown[]).slice(0, 10).map(Number) : null,
    correlation: n(r.correlation), cardinality: null, histogram: r.histogram === true,
  }));
}

const volatility = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

export function mapFunctions(rows: readonly unknown[]): CatalogFunction[] {
  return (rows as Row[]).map((r) => ({
    schema: s(r.schema), name: s(r.name), args: s(r.args ?? ''),
    volatility: volatility[s(r.volatility) as keyof typeof volatility] ?? 'volatile', language: r.language ? s(r.language) : null,
  }));
}

export function mapSettings(rows: readonly unknown[]): CatalogSettings {
  const settings: Record<string, string> = {};
  let version = '';
  for (const r of rows as Row[]) {
    settings[s(r.name)] = r.unit ? `${s(r.setting)} ${s(r.unit)}` : s(r.setting);
    version = s(r.version);
  }
  return { version: `PostgreSQL ${version}`, engineVersion: version, settings };
}

export function mapReplication(recovery: Row, replicas: readonly unknown[]): CatalogReplication {
  const inRecovery = recovery.in_recovery === true;
  const attached = (replicas as Row[]).map((r) => ({ name: s(r.name), state: r.state ? s(r.state) : null, lagBytes: n(r.lag_bytes), lagSeconds: n(r.lag_seconds) }));
  return {
    role: inRecovery ? 'replica' : attached.length > 0 ? 'primary' : 'standalone',
    readOnly: inRecovery || recovery.read_only === 'on', lagSeconds: inRecovery ? n(recovery.lag_seconds) : null, replicas: attached,
  };
}
