/**
 * Is a candidate already served by an existing index? A valid btree serves it when its leading key columns
 * are the candidate's columns in order (the candidate's equality columns in any order among themselves), its
 * expression is the same, and it is not partial on another predicate. Pure.
 */
import type { CatalogIndex } from '../../agent/catalog/types.js';
import type { Candidate, TableRef } from './types.js';

const nonBtree = /\busing\s+(hash|gin|gist|spgist|brin|bloom)\b|\b(fulltext|spatial)\b/i;

const btreeCache = new WeakMap<CatalogIndex, boolean>();

export function isBtree(index: CatalogIndex): boolean {
  let known = btreeCache.get(index);
  if (known === undefined) btreeCache.set(index, known = !nonBtree.test(index.definition));
  return known;
}

/** `(lower((email)::text))` and `lower(email)` compare equal: casts, parentheses, quotes and case dropped. */
export function normalizeExpression(text: string): string {
  return text.toLowerCase().replace(/::[a-z_ ]+(\([0-9, ]*\))?(\[\])?/g, '').replace(/[()"`\s]/g, '');
}

export function indexesOf(indexes: readonly CatalogIndex[], table: TableRef): CatalogIndex[] {
  return indexes.filter((i) => i.table === table.name && i.schema === table.schema);
}

/** Key columns of an index as comparable strings; an expression position becomes its normalized text. */
function keyParts(index: CatalogIndex): string[] {
  if (index.expression === null) return index.columns.map((c) => c ?? '?');
  // One expression: PostgreSQL lists it as a null column; several expressions are rare, compare the whole text.
  const expr = normalizeExpression(index.expression);
  return index.columns.map((c) => (c === null ? `expr:${expr}` : c));
}

function candidateParts(candidate: Candidate): string[] {
  if (candidate.expression === null) return [...candidate.columns];
  return [`expr:${normalizeExpression(candidate.expression)}`];
}

/** True when `parts` (an index's leading keys) serve the candidate's keys: equality prefix as a set, the rest in order. */
export function keysServe(indexParts: readonly string[], wanted: readonly string[], equalityCount: number): boolean {
  if (indexParts.length < wanted.length) return false;
  const eq = new Set(wanted.slice(0, equalityCount));
  for (let i = 0; i < equalityCount; i += 1) if (!eq.has(indexParts[i]!)) return false;
  for (let i = equalityCount; i < wanted.length; i += 1) if (indexParts[i] !== wanted[i]) return false;
  return true;
}

/** The existing index that already serves the candidate, or null. */
export function findServingIndex(candidate: Candidate, indexes: readonly CatalogIndex[]): CatalogIndex | null {
  const wanted = candidateParts(candidate);
  const eqCount = candidate.expression === null ? candidate.equalityCount : 0;
  for (const index of indexesOf(indexes, candidate.table)) {
    if (!index.valid || !isBtree(index)) continue;
    if (index.where !== null && (candidate.where === null || normalizeExpression(index.where) !== normalizeExpression(candidate.where))) continue;
    if (keysServe(keyParts(index), wanted, eqCount)) return index;
  }
  return null;
}

/** The existing index whose leading column is the candidate's first column (the new one would extend it). */
export function findExtendedIndex(candidate: Candidate, indexes: readonly CatalogIndex[]): CatalogIndex | null {
  if (candidate.expression !== null || candidate.columns.length < 2) return null;
  return indexesOf(indexes, candidate.table).find((i) => i.valid && isBtree(i) && i.where === null
    && i.expression === null && keysServe(candidate.columns, i.columns.map((c) => c ?? '?'), Math.min(candidate.equalityCount, i.columns.length))) ?? null;
}
