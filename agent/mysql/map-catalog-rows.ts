/** MySQL / MariaDB catalog rows → the engine-independent catalog types. Pure. */
import type { CatalogColumn, CatalogFunction, CatalogIndex, CatalogReplication, CatalogSettings, CatalogTable } from '../catalog/types.js';

type Row = Record<string, unknown>;
const s = (value: unknown): string => String(value);
function n(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const v = Number(value);
  return Number.isFinite(v) ? v : null;
}
const tableKey = (schema: unknown, table: unknown): string => `${s(schema)}.${s(table)}`;
const indexKey = (schema: unknown, table: unknown, name: unknown): string => `${s(schema)}.${s(table)}.${s(name)}`;
const quote = (id: string): string => `\`${id.replace(/`/g, '``')}\``;

export function mapTables(rows: readonly unknown[]): CatalogTable[] {
  return (rows as Row[]).map((r) => ({
    schema: s(r.schema), name: s(r.name), sizeBytes: n(r.size_bytes), totalSizeBytes: n(r.total_size_bytes), liveRows: n(r.live_rows),
    seqScans: null, idxScans: null, inserts: n(r.inserts), updates: n(r.updates), deletes: n(r.deletes),
  }));
}

/**
 * information_schema.STATISTICS (one row per key part) → indexes. `scans` are rows fetched through the index
 * (performance_schema counts row operations, not scans). An index backs a foreign key when its leading
 * columns are that key's columns (InnoDB requires one).
 */
export function mapIndexes(statistics: readonly unknown[], usage: readonly unknown[], sizes: readonly unknown[], foreignKeys: readonly unknown[]): CatalogIndex[] {
  const fetches = new Map((usage as Row[]).filter((r) => r.name !== null).map((r) => [indexKey(r.schema, r.table, r.name), n(r.fetches)]));
  const sizeOf = new Map((sizes as Row[]).map((r) => [indexKey(r.schema, r.table, r.name), n(r.size_bytes)]));
  const fkColumns = new Map<string, string[][]>();
  const byConstraint = new Map<string, { table: string; columns: string[] }>();
  for (const r of foreignKeys as Row[]) {
    const key = `${tableKey(r.schema, r.table)}.${s(r.name)}`;
    let fk = byConstraint.get(key);
    if (!fk) byConstraint.set(key, fk = { table: tableKey(r.schema, r.table), columns: [] });
    fk.columns.push(s(r.column).toLowerCase());
  }
  for (const fk of byConstraint.values()) fkColumns.set(fk.table, [...(fkColumns.get(fk.table) ?? []), fk.columns]);

  const groups = new Map<string, Row[]>();
  for (const r of statistics as Row[]) {
    const key = indexKey(r.TABLE_SCHEMA, r.TABLE_NAME, r.INDEX_NAME);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: CatalogIndex[] = [];
  for (const [key, parts] of groups) {
    parts.sort((a, b) => Number(a.SEQ_IN_INDEX) - Number(b.SEQ_IN_INDEX));
    const first = parts[0]!;
    const name = s(first.INDEX_NAME);
    const columns = parts.map((p) => (p.COLUMN_NAME === null || p.COLUMN_NAME === undefined ? null : s(p.COLUMN_NAME)));
    const expressions = parts.map((p) => p.EXPRESSION).filter((e): e is string => typeof e === 'string');
    const keyParts = parts.map((p) => (p.COLUMN_NAME ? `${quote(s(p.COLUMN_NAME))}${p.SUB_PART ? `(${s(p.SUB_PART)})` : ''}` : `(${s(p.EXPRESSION)})`));
    const unique = Number(first.NON_UNIQUE) === 0;
    const primary = name === 'PRIMARY';
    const table = `${quote(s(first.TABLE_SCHEMA))}.${quote(s(first.TABLE_NAME))}`;
    const kind = s(first.INDEX_TYPE ?? 'BTREE');
    const definition = primary ? `ALTER TABLE ${table} ADD PRIMARY KEY (${keyParts.join(', ')})`
      : `CREATE ${unique ? 'UNIQUE ' : kind === 'FULLTEXT' || kind === 'SPATIAL' ? `${kind} ` : ''}INDEX ${quote(name)} ON ${table} (${keyParts.join(', ')})`;
    const lower = columns.map((c) => c?.toLowerCase() ?? null);
    const backsForeignKey = (fkColumns.get(tableKey(first.TABLE_SCHEMA, first.TABLE_NAME)) ?? [])
      .some((fk) => fk.length <= lower.length && [...fk].sort().join(',') === lower.slice(0, fk.length).filter((c): c is string => c !== null).sort().join(','));
    out.push({
      schema: s(first.TABLE_SCHEMA), table: s(first.TABLE_NAME), name, definition, columns,
      expression: expressions.length ? expressions.join(', ') : null, where: null, unique, primary,
      valid: true, sizeBytes: sizeOf.get(key) ?? null, scans: fetches.get(key) ?? null, backsForeignKey,
    });
  }
  return out;
}

/** Column statistics: leading-column cardinality from index statistics, plus histograms where present. */
export function mapColumns(statistics: readonly unknown[], mariadbStats: readonly unknown[], mysqlHistograms: readonly unknown[]): CatalogColumn[] {
  const columns = new Map<string, { schema: string; table: string; column: string; cardinality: number | null; nullFrac: number | null; nDistinct: number | null; histogram: boolean }>();
  const get = (schema: unknown, table: unknown, column: unknown) => {
    const key = `${s(schema)}.${s(table)}.${s(column)}`;
    let c = columns.get(key);
    if (!c) columns.set(key, c = { schema: s(schema), table: s(table), column: s(column), cardinality: null, nullFrac: null, nDistinct: null, histogram: false });
    return c;
  };
  for (const r of statistics as Row[]) {
    if (Number(r.SEQ_IN_INDEX) !== 1 || !r.COLUMN_NAME) continue;
    const c = get(r.TABLE_SCHEMA, r.TABLE_NAME, r.COLUMN_NAME);
    c.cardinality = Math.max(c.cardinality ?? 0, n(r.CARDINALITY) ?? 0);
  }
  for (const r of mariadbStats as Row[]) {
    const c = get(r.schema, r.table, r.column);
    c.nullFrac = n(r.nulls_ratio);
    // avg_frequency = rows per distinct value; as pg_stats n_distinct: a negative fraction of the rows.
    const avg = n(r.avg_frequency);
    c.nDistinct = avg && avg > 0 ? -1 / avg : null;
    c.histogram = (n(r.hist_size) ?? 0) > 0;
  }
  for (const r of mysqlHistograms as Row[]) get(r.schema, r.table, r.column).histogram = true;
  return [...columns.values()].map((c) => ({ ...c, mostCommonVals: null, mostCommonFreqs: null, correlation: null }));
}

/** DETERMINISTIC + NO SQL/CONTAINS SQL → immutable; reads only → stable; else volatile (MODIFIES or non-deterministic). */
export function mapRoutines(rows: readonly unknown[]): CatalogFunction[] {
  return (rows as Row[]).map((r) => {
    const deterministic = s(r.deterministic) === 'YES';
    const access = s(r.data_access);
    const volatility = !deterministic || access === 'MODIFIES SQL DATA' ? 'volatile' : access === 'READS SQL DATA' ? 'stable' : 'immutable';
    return { schema: s(r.schema), name: s(r.name), args: '', volatility, language: `SQL ${s(r.type).toLowerCase()}` };
  });
}

export function mapVariables(rows: readonly unknown[]): CatalogSettings {
  const settings: Record<string, string> = {};
  for (const r of rows as Row[]) settings[s(r.Variable_name)] = s(r.Value);
  const version = settings.version ?? '';
  return { version: /mariadb/i.test(version) ? `MariaDB ${version}` : `MySQL ${version}`, engineVersion: version, settings };
}

export function mapReplication(replicaStatus: readonly unknown[], dumps: readonly unknown[], readOnly: unknown): CatalogReplication {
  const sources = replicaStatus as Row[];
  const lags = sources.map((r) => n(r.Seconds_Behind_Master ?? r.Seconds_Behind_Source)).filter((v): v is number => v !== null);
  const replicas = (dumps as Row[]).map((r) => ({ name: s(r.host), state: r.state ? s(r.state) : null, lagBytes: null, lagSeconds: null }));
  return {
    role: sources.length > 0 ? 'replica' : replicas.length > 0 ? 'primary' : 'standalone',
    readOnly: Number(readOnly) === 1 || s(readOnly).toUpperCase() === 'ON',
    lagSeconds: sources.length > 0 ? (lags.length ? Math.max(...lags) : null) : null, replicas,
  };
}
