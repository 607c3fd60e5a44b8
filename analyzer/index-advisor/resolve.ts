/** Which catalog table a shape's table name means. Pure. */
import type { CatalogTable } from '../../agent/catalog/types.js';
import type { TableFeatures } from '../../agent/shape/types.js';

/**
 * A qualified name matches exactly; an unqualified one matches the default schema (`public`, the MySQL
 * database) when given, else the only table of that name, else `public`; ambiguous names stay unresolved.
 */
export function resolveTable(table: TableFeatures, tables: readonly CatalogTable[], defaultSchema: string | null): CatalogTable | null {
  const named = tables.filter((t) => t.name === table.name);
  if (table.schema !== null) return named.find((t) => t.schema === table.schema) ?? null;
  if (defaultSchema !== null) return named.find((t) => t.schema === defaultSchema) ?? null;
  if (named.length === 1) return named[0]!;
  return named.find((t) => t.schema === 'public') ?? null;
}

export function qualifiedName(table: { schema: string; name: string }): string {
  return `${table.schema}.${table.name}`;
}
