/**
 * Selectivity of predicates from the catalog's column statistics (pg_stats on PostgreSQL; MariaDB
 * column_stats / index cardinality on MySQL). Pure.
 */
import type { CatalogColumn } from '../../agent/catalog/types.js';

/** Fraction of rows a range or LIKE-prefix predicate keeps when nothing better is known (the planner's 1/3 is too pessimistic for typical `created_at > now() - …`). */
export const rangeSelectivity = 0.1;

export interface ColumnSelectivity {
  /** Estimated fraction of rows matching `column = value` (0..1), null when the catalog does not tell. */
  readonly fraction: number | null;
  /** Distinct values, when known. */
  readonly distinct: number | null;
  /** True when the most common values are roughly evenly spread (so no value is rare enough for an index). */
  readonly evenlySpread: boolean;
}

/** Distinct values of a column: pg_stats n_distinct (negative = fraction of rows), else MySQL cardinality. */
export function distinctValues(column: CatalogColumn | undefined, liveRows: number | null): number | null {
  if (!column) return null;
  if (column.nDistinct !== null && column.nDistinct !== 0) {
    if (column.nDistinct > 0) return column.nDistinct;
    return liveRows === null ? null : Math.max(1, -column.nDistinct * liveRows);
  }
  return column.cardinality !== null && column.cardinality > 0 ? column.cardinality : null;
}

/**
 * Equality selectivity: with most-common values, the planner's view of a typical value is the average of
 * the rows they cover; a column whose few values cover everything evenly is useless for an index.
 */
export function equalitySelectivity(column: CatalogColumn | undefined, liveRows: number | null): ColumnSelectivity {
  const distinct = distinctValues(column, liveRows);
  if (distinct === null) return { fraction: null, distinct: null, evenlySpread: false };
  const notNull = 1 - (column?.nullFrac ?? 0);
  const freqs = column?.mostCommonFreqs ?? null;
  let fraction = notNull / distinct;
  let evenlySpread = false;
  if (freqs && freqs.length > 0) {
    const covered = freqs.reduce((a, b) => a + b, 0);
    // All values are common: a typical value is drawn with its own frequency (Σ f²/Σ f).
    if (freqs.length >= distinct - 0.5) fraction = freqs.reduce((a, f) => a + f * f, 0) / Math.max(covered, 1e-9);
    const min = Math.min(...freqs);
    const max = Math.max(...freqs);
    evenlySpread = freqs.length >= distinct - 0.5 && max <= 2 * min;
  }
  return { fraction: Math.min(1, fraction), distinct, evenlySpread };
}

/** "tickets.priority has 4 values evenly spread: an index would read a quarter of the table". */
export function describeLowSelectivity(table: string, column: string, sel: ColumnSelectivity): string {
  const values = sel.distinct === null ? 'few values' : `${Math.round(sel.distinct)} value${Math.round(sel.distinct) === 1 ? '' : 's'}`;
  const spread = sel.evenlySpread ? ' evenly spread' : '';
  return `${table}.${column} has ${values}${spread}: an index would read ${describeFraction(sel.fraction ?? 1)} of the table, a scan is cheaper`;
}

export function describeFraction(fraction: number): string {
  const named: Array<[number, string]> = [[1, 'all'], [0.5, 'half'], [1 / 3, 'a third'], [0.25, 'a quarter'], [0.2, 'a fifth']];
  for (const [value, name] of named) if (Math.abs(fraction - value) < value * 0.08) return name;
  return `${(fraction * 100).toFixed(fraction < 0.01 ? 2 : 0)}%`;
}
