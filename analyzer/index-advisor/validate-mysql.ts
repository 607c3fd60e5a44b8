/**
 * Evidence on MySQL / MariaDB, which has no hypothetical indexes: EXPLAIN each affected SELECT shape with
 * representative values (one real value per compared column, read with a LIMIT 1 lookup) and keep a
 * candidate when the server reads its table with a full scan (type ALL / index), examines a large share of
 * it, or sorts in a filesort the candidate would avoid. Read-only session; EXPLAIN never runs the statement.
 */
import type { Queryable } from '../../agent/stats/queryable.js';
import type { AdvicePlan, ValidationResult } from './advise.js';
import type { Consolidated } from './consolidate.js';
import { indexName, quoteIdent } from './ddl.js';
import type { ShapeUse } from './types.js';

const marker = '/* qprof */';

interface ExplainRow { table: string | null; type: string | null; possible_keys: string | null; key: string | null; rows: number | string | null; Extra: string | null }

/** Column compared to each `?`, in order: `col = ?`, `col > ?`, `col IN (?`, `LIMIT ?` → `#limit`. */
export function mapPlaceholderColumns(sql: string): (string | null)[] {
  const out: (string | null)[] = [];
  const re = /\?/g;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const before = sql.slice(Math.max(0, m.index - 80), m.index);
    const limit = /\b(LIMIT|OFFSET)\s*(\?\s*,\s*)?$/i.exec(before);
    if (limit) { out.push('#limit'); continue; }
    const cmp = /([a-z_][a-z0-9_]*)`?\s*(?:=|<>|!=|<=|>=|<|>|\bLIKE|\bIN\s*\()\s*$/i.exec(before)
      ?? /([a-z_][a-z0-9_]*)`?\s*BETWEEN\s*(\?\s*AND\s*)?$/i.exec(before);
    out.push(cmp ? cmp[1]!.toLowerCase() : null);
  }
  return out;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "'1'";
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return `'${value.toISOString().slice(0, 19).replace('T', ' ')}'`;
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

async function sampleValue(session: Queryable, table: string, column: string, cache: Map<string, string>): Promise<string> {
  const key = `${table}.${column}`;
  if (!cache.has(key)) {
    try {
      const { rows } = await session.query(`${marker} SELECT ${quoteIdent(column, 'mysql')} AS v FROM ${table} WHERE ${quoteIdent(column, 'mysql')} IS NOT NULL LIMIT 1`);
      cache.set(key, literal((rows[0] as { v?: unknown } | undefined)?.v));
    } catch {
      cache.set(key, "'1'");
    }
  }
  return cache.get(key)!;
}

async function bindShape(session: Queryable, shape: ShapeUse, schema: string, cache: Map<string, string>): Promise<string> {
  const columns = mapPlaceholderColumns(shape.normalized);
  const values: string[] = [];
  for (const column of columns) {
    if (column === '#limit') { values.push('10'); continue; }
    const owner = shape.features.tables.find((t) => column !== null && [...t.equality, ...t.in, ...t.range, ...t.likePrefix, ...t.join].includes(column));
    values.push(column && owner ? await sampleValue(session, `${quoteIdent(owner.schema ?? schema, 'mysql')}.${quoteIdent(owner.name, 'mysql')}`, column, cache) : "'1'");
  }
  let i = 0;
  return shape.normalized.replace(/\?/g, () => values[i++] ?? "'1'");
}

/** Digest evidence: rows examined per row sent over the candidate's shapes (performance_schema), or ''. */
export function describeExamined(shapes: readonly ShapeUse[]): string {
  const examined = shapes.reduce((a, s) => a + (s.rowsExamined ?? 0), 0);
  const sent = shapes.reduce((a, s) => a + s.rows, 0);
  if (examined === 0) return '';
  return `; digests: ${sent > 0 ? `${Math.round(examined / sent).toLocaleString('en-US')} rows examined per row sent` : `${examined.toLocaleString('en-US')} rows examined, none sent`}`;
}

function judge(c: Consolidated, row: ExplainRow, liveRows: number | null, evidence: string): ValidationResult {
  const rows = Number(row.rows ?? 0);
  const wantsSort = c.columns.length > c.equalityCount && /filesort/i.test(row.Extra ?? '');
  const fullScan = row.type === 'ALL' || row.type === 'index';
  const manyRows = liveRows !== null && liveRows > 0 && rows > liveRows * 0.2;
  const seen = `type ${row.type ?? '?'}, key ${row.key ?? 'none'}, ~${rows} rows${/filesort/i.test(row.Extra ?? '') ? ', filesort' : ''} (possible_keys: ${row.possible_keys ?? 'none'})`;
  if (fullScan || manyRows || wantsSort) return { kept: true, validated: 'explain', costBefore: rows, planChange: `EXPLAIN: ${seen}${evidence}` };
  return { kept: false, validated: 'explain', costBefore: rows, note: `is not needed: EXPLAIN already finds few rows (${seen})` };
}

export async function validateWithExplain(session: Queryable, plan: AdvicePlan, shapes: readonly ShapeUse[], liveRows: (schema: string, table: string) => number | null): Promise<Map<string, ValidationResult>> {
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const cache = new Map<string, string>();
  const results = new Map<string, ValidationResult>();
  for (const c of plan.chosen) {
    const selects = c.shapes.map((id) => byId.get(id)).filter((s): s is ShapeUse => s !== undefined && s.features.kind === 'select');
    let verdict: ValidationResult | null = null;
    for (const shape of selects) {
      try {
        const sql = await bindShape(session, shape, c.table.schema, cache);
        const { rows } = await session.query(`${marker} EXPLAIN ${sql}`);
        const names = new Set([c.table.name, ...shape.features.tables.filter((t) => t.name === c.table.name).flatMap((t) => t.aliases)]);
        const row = (rows as ExplainRow[]).find((r) => r.table !== null && names.has(r.table));
        if (!row) continue;
        const v = judge(c, row, liveRows(c.table.schema, c.table.name), describeExamined(c.shapes.map((id) => byId.get(id)).filter((x): x is ShapeUse => x !== undefined)));
        if (v.kept || verdict === null) verdict = v;
        if (v.kept) break;
      } catch {
        // A shape that does not EXPLAIN (truncated digest text, a placeholder we could not bind) is skipped.
      }
    }
    results.set(indexName(c), verdict ?? { kept: true, validated: 'statistics', note: 'no SELECT shape of it could be explained' });
  }
  return results;
}
