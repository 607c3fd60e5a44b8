/**
 * Write overhead of a new index: statements writing a table per statement reading it, in the analysed
 * window. Observed calls, not the catalog's cumulative counters, which a bulk load since the statistics
 * reset would dominate. Pure.
 */
import type { CatalogTable } from '../../agent/catalog/types.js';
import { qualifiedName, resolveTable } from './resolve.js';
import type { ShapeUse } from './types.js';

const writeKinds = new Set(['insert', 'update', 'delete', 'merge', 'copy']);

/** `schema.table` → write calls per read call (Infinity when the table is only written). */
export function mapWritesPerRead(shapes: readonly ShapeUse[], tables: readonly CatalogTable[], defaultSchema: string | null): Map<string, number> {
  const counts = new Map<string, { reads: number; writes: number }>();
  for (const shape of shapes) {
    const f = shape.features;
    for (const tf of f.tables) {
      const table = resolveTable(tf, tables, defaultSchema);
      if (!table) continue;
      const key = qualifiedName(table);
      const c = counts.get(key) ?? { reads: 0, writes: 0 };
      const writes = tf.access !== 'read' && (writeKinds.has(f.kind) || f.writesInCte);
      if (writes) c.writes += shape.calls; else c.reads += shape.calls;
      counts.set(key, c);
    }
  }
  return new Map([...counts].map(([key, c]) => [key, c.reads === 0 ? Number.POSITIVE_INFINITY : c.writes / c.reads]));
}
