/**
 * The rewrite a developer can apply: fetch all children in one statement keyed by the parent's rows
 * (`= ANY($1)` on PostgreSQL, `IN (…)` on MySQL), or JOIN them to the parent, or turn on eager loading in the
 * ORM. Row-by-row writes get batching advice. Pure.
 */
import type { TableFeatures } from '../../agent/shape/types.js';
import type { ShapeInfo } from './types.js';

/** The table and key column a child looks rows up by (its first equality column), when known. */
export function lookupKey(shape: ShapeInfo): { table: TableFeatures; column: string } | null {
  for (const table of shape.features.tables) {
    const column = table.equality[0];
    if (column) return { table, column };
  }
  return null;
}

function qualified(table: TableFeatures): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

function batchedLookup(shape: ShapeInfo): string | null {
  const key = lookupKey(shape);
  if (!key) return null;
  const list = shape.engine === 'postgres' ? `${key.column} = ANY($1)` : `${key.column} IN (?, ?, …)`;
  const param = shape.engine === 'postgres' ? 'one array parameter of all the keys' : 'all the keys in one list';
  return `fetch ${qualified(key.table)} rows for all parent rows at once: … WHERE ${list} (${param}), then group them by ${key.column} in the app`;
}

export function suggestRewrite(parent: ShapeInfo | undefined, children: readonly ShapeInfo[]): string {
  const parts: string[] = [];
  const batched = children.map(batchedLookup).filter((s): s is string => s !== null);
  if (batched.length > 0) parts.push(batched.join('; '));
  const parentTable = parent?.features.tables[0];
  const firstKey = children[0] ? lookupKey(children[0]) : null;
  if (parentTable && firstKey) {
    parts.push(`or JOIN ${qualified(firstKey.table)} to ${qualified(parentTable)} on ${firstKey.table.name}.${firstKey.column} in the parent query`);
  }
  parts.push('in an ORM, eager-load the association (Sequelize include, TypeORM relations, Rails includes, Django select_related/prefetch_related)');
  return parts.join('; ');
}

export function suggestBatching(shape: ShapeInfo): string {
  const table = shape.features.tables.find((t) => t.access !== 'read') ?? shape.features.tables[0];
  const name = table ? qualified(table) : 'the table';
  switch (shape.features.kind) {
    case 'insert':
      return `insert the rows into ${name} with one multi-row INSERT … VALUES (…), (…)${shape.engine === 'postgres' ? ', INSERT … SELECT FROM unnest($1, $2) or COPY' : ''}`;
    case 'update': {
      const key = table?.equality[0] ?? 'id';
      return shape.engine === 'postgres'
        ? `update all rows of ${name} in one statement: … WHERE ${key} = ANY($1), or UPDATE … FROM (VALUES …) for per-row values`
        : `update all rows of ${name} in one statement: … WHERE ${key} IN (…), or a multi-row INSERT … ON DUPLICATE KEY UPDATE`;
    }
    case 'delete':
      return `delete the rows of ${name} in one statement: … WHERE ${table?.equality[0] ?? 'id'} ${shape.engine === 'postgres' ? '= ANY($1)' : 'IN (…)'}`;
    default:
      return 'send the rows in one statement';
  }
}
