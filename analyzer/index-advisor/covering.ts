/**
 * INCLUDE columns that turn a hot single-table SELECT into an index-only scan (PostgreSQL 11+). Only when the
 * select list is plain columns, so every column the shape reads is known. Pure.
 */
import type { TableFeatures } from '../../agent/shape/types.js';

/** At most this many non-key columns: a wider INCLUDE grows the index towards the table. */
export const maxIncludeColumns = 3;

const plainColumn = /^(?:[a-z_][a-z0-9_]*\.)?([a-z_][a-z0-9_]*)(?:\s+AS\s+[a-z_][a-z0-9_]*)?$/i;

/** Columns of the select list, or null when it holds `*`, an expression, a function or a subquery. */
export function parseSelectColumns(normalized: string): string[] | null {
  const m = /^SELECT\s+(.+?)\s+FROM\s/i.exec(normalized);
  if (!m || /^DISTINCT\b/i.test(m[1]!)) return null;
  const out: string[] = [];
  for (const item of m[1]!.split(',')) {
    const c = plainColumn.exec(item.trim());
    if (!c) return null;
    out.push(c[1]!.toLowerCase());
  }
  return out;
}

/** The INCLUDE list for `keys`, or null when the shape cannot become index-only or needs too many columns. */
export function detectIncludeColumns(normalized: string, tf: TableFeatures, keys: readonly string[]): string[] | null {
  const selected = parseSelectColumns(normalized);
  if (!selected) return null;
  const read = [...selected, ...tf.equality, ...tf.in, ...tf.range, ...tf.likePrefix, ...tf.isNull, ...tf.isNotNull,
    ...tf.orderBy.map((o) => o.column), ...tf.groupBy, ...tf.join];
  const extra = [...new Set(read)].filter((c) => !keys.includes(c));
  if (extra.length === 0 || extra.length > maxIncludeColumns) return null;
  return extra;
}
