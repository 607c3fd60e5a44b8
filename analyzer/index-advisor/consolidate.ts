/**
 * Consolidation: fold candidates into a small set per table (one `(a, b)` serves `a = ?` and
 * `a = ? AND b = ?`), then charge each index its write overhead and size. Pure.
 */
import type { CatalogTable } from '../../agent/catalog/types.js';
import { maxIncludeColumns } from './covering.js';
import { keysServe } from './existing.js';
import { qualifiedName } from './resolve.js';
import type { AdvisorOptions, Candidate, Verdict } from './types.js';

export interface Consolidated extends Candidate {
  readonly timeShare: number;
  readonly estimatedSizeBytes: number | null;
  readonly writesPerRead: number | null;
}

/** A table written more than this many times per read pays more for a new index than a rare query gains… */
const heavyWritesPerRead = 2;
/** …unless the index serves at least this share of all time. */
const heavyWriteMinShare = 0.05;

function groupKey(c: Candidate): string {
  return `${c.table.schema}.${c.table.name}\u0000${c.expression ?? ''}\u0000${c.where ?? ''}`;
}

/** INCLUDE columns of both, minus key columns, while they stay few. */
function mergeInclude(a: Candidate, b: Candidate, keys: readonly string[]): string[] {
  const merged = [...new Set([...a.include, ...b.include])].filter((c) => !keys.includes(c));
  return merged.length <= maxIncludeColumns ? merged : [...a.include];
}

/** Put `wanted` first among the equality columns of `into` when `wanted` are all equality columns of it. */
function absorb(into: Candidate, c: Candidate): Candidate | null {
  const merged = (columns: readonly string[]): Candidate => ({
    ...into, columns, shapes: [...new Set([...into.shapes, ...c.shapes])], weightMs: into.weightMs + c.weightMs,
    descending: [...new Set([...into.descending, ...c.descending])],
    include: mergeInclude(into, c, columns),
  });
  if (into.expression !== null) return merged(into.columns);
  if (keysServe(into.columns, c.columns, c.equalityCount)) return merged(into.columns);
  const eq = into.columns.slice(0, into.equalityCount);
  const prefix = c.columns.slice(0, c.equalityCount);
  if (c.columns.length === c.equalityCount && prefix.every((col) => eq.includes(col))) {
    return merged([...prefix, ...eq.filter((col) => !prefix.includes(col)), ...into.columns.slice(into.equalityCount)]);
  }
  return null;
}

/** Leaf tuples of a btree: key widths (8 bytes a column, 16 an expression) plus tuple header, at 90 % fill. */
export function estimateIndexBytes(table: CatalogTable | undefined, columns: number, expression: boolean, engine: 'postgres' | 'mysql', include = 0): number | null {
  if (!table || table.liveRows === null) return null;
  const keyBytes = (expression ? 16 : 8 * columns) + (engine === 'postgres' ? 16 : 8 + 8);
  return Math.round((table.liveRows * (keyBytes + 8 * include)) / 0.9);
}

/** `writesPerRead`: observed write calls per read call by `schema.table` (write-rate.ts). */
export function consolidate(candidates: readonly Candidate[], tables: readonly CatalogTable[], totalMs: number,
  engine: 'postgres' | 'mysql', options: AdvisorOptions, writesPerRead: ReadonlyMap<string, number> = new Map()): { chosen: Consolidated[]; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = groups.get(groupKey(c)) ?? [];
    list.push(c);
    groups.set(groupKey(c), list);
  }
  const chosen: Consolidated[] = [];
  for (const list of groups.values()) {
    const ordered = [...list].sort((a, b) => b.columns.length - a.columns.length || b.weightMs - a.weightMs);
    const kept: Candidate[] = [];
    for (const c of ordered) {
      const at = kept.findIndex((k) => absorb(k, c) !== null);
      if (at >= 0) {
        const into = kept[at]!;
        kept[at] = absorb(into, c)!;
        if (into.columns.join() !== c.columns.join()) {
          for (const shape of c.shapes) verdicts.push({ shape, table: qualifiedName(c.table), outcome: 'merged', message: `(${c.columns.join(', ')}) is served by the wider (${kept[at]!.columns.join(', ')})` });
        }
      } else kept.push(c);
    }
    for (const c of kept) {
      const table = tables.find((t) => t.schema === c.table.schema && t.name === c.table.name);
      const share = totalMs > 0 ? c.weightMs / totalMs : 0;
      const wpr = writesPerRead.get(qualifiedName(c.table)) ?? null;
      const reject = (message: string) => { for (const shape of c.shapes) verdicts.push({ shape, table: qualifiedName(c.table), outcome: 'rejected', message }); };
      if (share < options.minTimeShare) {
        reject(`(${c.columns.join(', ')}) would serve ${(share * 100).toFixed(2)}% of the time: not worth its writes`);
        continue;
      }
      if (wpr !== null && wpr > heavyWritesPerRead && share < heavyWriteMinShare) {
        reject(`${qualifiedName(c.table)} gets ${wpr.toFixed(1)} writes per read: (${c.columns.join(', ')}) would slow writes more than it saves (${(share * 100).toFixed(1)}% of the time)`);
        continue;
      }
      chosen.push({ ...c, timeShare: share, writesPerRead: wpr, estimatedSizeBytes: estimateIndexBytes(table, c.columns.length, c.expression !== null, engine, c.include.length) });
    }
  }
  chosen.sort((a, b) => b.weightMs - a.weightMs);
  return { chosen, verdicts };
}
