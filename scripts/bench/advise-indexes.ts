/**
 * Index advisor running time on 1,000 shapes over 100 tables (candidates, consolidation, drop advice, mapping;
 * no validation round trips). Shapes are described by qprof's own parser; that parse is not timed.
 */
import type { CatalogColumn, CatalogIndex, CatalogSnapshot, CatalogTable } from '../../agent/catalog/types.js';
import { describeShape, loadShapeParsers } from '../../agent/shape/describe.js';
import { fingerprint } from '../../agent/shape/fingerprint.js';
import { mapCreateAdvice, planIndexAdvice } from '../../analyzer/index-advisor/advise.js';
import { defaultAdvisorOptions, type ShapeUse } from '../../analyzer/index-advisor/types.js';
import type { Bench, BenchFigure } from './index.js';

const TABLES = 100;
const SHAPES = 1000;

function buildInputs(): { shapes: ShapeUse[]; catalog: CatalogSnapshot } {
  const tables: CatalogTable[] = [];
  const indexes: CatalogIndex[] = [];
  const columns: CatalogColumn[] = [];
  for (let t = 0; t < TABLES; t += 1) {
    const name = `t${t}`;
    const rows = t % 10 === 0 ? 50 : 10_000 * (1 + (t % 7));
    tables.push({ schema: 'public', name, sizeBytes: rows * 100, totalSizeBytes: rows * 130, liveRows: rows, seqScans: 100, idxScans: 1000, inserts: rows, updates: t * 10, deletes: 0 });
    indexes.push({ schema: 'public', table: name, name: `${name}_pkey`, definition: `CREATE UNIQUE INDEX ${name}_pkey ON public.${name} USING btree (id)`, columns: ['id'], expression: null, where: null, unique: true, primary: true, valid: true, sizeBytes: rows * 20, scans: 10, backsForeignKey: false });
    indexes.push({ schema: 'public', table: name, name: `${name}_a_idx`, definition: `CREATE INDEX ${name}_a_idx ON public.${name} USING btree (a)`, columns: ['a'], expression: null, where: null, unique: false, primary: false, valid: true, sizeBytes: rows * 16, scans: t % 3, backsForeignKey: false });
    for (const [c, n] of [['a', 1000], ['b', 4], ['c', -0.5], ['d', 50], ['created_at', -1]] as const) {
      columns.push({ schema: 'public', table: name, column: c, nDistinct: n, nullFrac: 0, mostCommonVals: null, mostCommonFreqs: n === 4 ? [0.25, 0.25, 0.25, 0.25] : null, correlation: null, cardinality: null, histogram: false });
    }
  }
  const templates = [
    (t: number, i: number) => `SELECT * FROM t${t} WHERE a = ${i}`,
    (t: number, i: number) => `SELECT id FROM t${t} WHERE c = ${i} AND d = ${i} ORDER BY created_at DESC LIMIT ${i % 50 + 1}`,
    (t: number, i: number) => `SELECT count(*) FROM t${t} WHERE b = 'x${i}'`,
    (t: number, i: number) => `SELECT * FROM t${t} WHERE lower(e) = 'v${i}'`,
    (t: number, i: number) => `SELECT x.id FROM t${t} x JOIN t${(t + 1) % TABLES} y ON y.c = x.id WHERE x.d = ${i} AND x.created_at > '2026-01-0${1 + (i % 9)}'`,
    (t: number, i: number) => `UPDATE t${t} SET b = 'z' WHERE c = ${i} AND deleted_at IS NULL`,
  ];
  const shapes: ShapeUse[] = [];
  const seen = new Set<string>();
  for (let i = 0; shapes.length < SHAPES; i += 1) {
    // Distinct shapes: vary the select list so each statement has its own fingerprint.
    const sql = templates[i % templates.length]!(i % TABLES, i).replace(/^SELECT (\*|id|count\(\*\)|x\.id)/, (m) => `${m}, ${Math.floor(i / TABLES)} AS v${Math.floor(i / TABLES)}`);
    const fp = fingerprint(sql, 'postgres');
    if (seen.has(fp.id)) continue;
    seen.add(fp.id);
    shapes.push({ id: fp.id, normalized: fp.normalized, features: describeShape(fp.normalized, 'postgres').features, calls: 10, totalMs: 1 + (i % 97), rowsExamined: null, rows: 10 });
  }
  return { shapes, catalog: { tables, indexes, columns, takenMs: {} } };
}

export const adviseIndexesBench: Bench = {
  name: 'advise-indexes',
  async run(): Promise<readonly BenchFigure[]> {
    await loadShapeParsers();
    const { shapes, catalog } = buildInputs();
    const times: number[] = [];
    let advice = 0;
    for (let r = 0; r < 7; r += 1) {
      // CPU time, not wall time: the machine is shared, and the advisor is single-threaded pure code.
      const started = process.cpuUsage();
      const plan = planIndexAdvice('postgres', shapes, catalog, defaultAdvisorOptions);
      advice = mapCreateAdvice(plan, shapes, catalog, new Map(), 'statistics').length + plan.drops.length;
      const used = process.cpuUsage(started);
      times.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    return [{ label: `index advisor, ${shapes.length} shapes over ${TABLES} tables (median of 7)`, value: times[3]!, unit: 'CPU ms', note: `${advice} recommendations` }];
  },
};
