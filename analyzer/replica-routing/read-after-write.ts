/**
 * Measures, from session sequences, what routing needs: per read shape, the gap between the same session's
 * last committed write to a table the read touches and the read; per shape, how many of its calls ran inside
 * an explicit transaction that wrote. A write inside BEGIN … COMMIT becomes visible (on the primary, and later
 * on a replica) at COMMIT, so its gap starts there; a rolled-back write never happened. A session whose
 * statement start times are all whole seconds (MariaDB's slow log: `SET timestamp=N`) has every gap shortened
 * by that second, so an unknown sub-second gap is never read as a long one. Pure.
 */
import type { ShapeFeatures } from '../../agent/shape/types.js';
import { tableNames } from './classify.js';
import type { ReadAfterWrite, SequenceStatement, TransactionUse } from './types.js';

/** What the sequence walk needs to know about a shape. */
export interface ShapeRole {
  /** 'begin' / 'commit' / 'rollback' for transaction control, else null. */
  readonly control: 'begin' | 'commit' | 'rollback' | null;
  /** Bare table names written (empty for reads). */
  readonly writes: readonly string[];
  /** The statement changes data or schema (also with no table known). */
  readonly isWrite: boolean;
  /** Bare table names read by a SELECT. */
  readonly reads: readonly string[];
}

const writingKinds = new Set(['insert', 'update', 'delete', 'merge', 'ddl', 'copy', 'call']);

/** BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK (but not ROLLBACK TO SAVEPOINT). */
export function mapShapeRole(features: ShapeFeatures, normalized: string): ShapeRole {
  let control: ShapeRole['control'] = null;
  if (features.kind === 'transaction') {
    const text = normalized.trim().toUpperCase();
    if (/^(BEGIN|START\s+TRANSACTION)\b/.test(text)) control = 'begin';
    else if (/^(COMMIT|END)\b/.test(text) && !/\bPREPARED\b/.test(text)) control = 'commit';
    else if (/^ROLLBACK\b/.test(text) && !/\bTO\b/.test(text)) control = 'rollback';
  }
  const writes = [...new Set(features.tables.filter((t) => t.access !== 'read').map((t) => t.name.toLowerCase()))];
  const isWrite = writes.length > 0 || writingKinds.has(features.kind) || features.writesInCte || features.selectInto;
  const reads = features.kind === 'select' ? tableNames(features) : [];
  return { control, writes, isWrite, reads };
}

interface GapAccumulator { reads: number; afterOwnWrite: number; gapsMs: number[]; minByTable: Map<string, number> }

export interface SequenceFindings {
  readonly readAfterWrite: Map<string, ReadAfterWrite>;
  readonly transactions: Map<string, TransactionUse>;
}

/** 1000 when every statement of the session starts on a whole second (seconds-resolution log), else 0. */
export function detectStartResolutionMs(statements: readonly SequenceStatement[]): number {
  if (statements.length < 2) return 0;
  for (const s of statements) {
    const rest = (((s.timeMs - (s.durationMs ?? 0)) % 1000) + 1000) % 1000;
    if (rest > 1 && rest < 999) return 0;
  }
  return 1000;
}

/** Walk every session's statements in order; shapes without a role (unknown ids) are skipped. */
export function detectSequenceFindings(sessions: Iterable<readonly SequenceStatement[]>, roles: ReadonlyMap<string, ShapeRole>): SequenceFindings {
  const gaps = new Map<string, GapAccumulator>();
  const tx = new Map<string, { calls: number; inWriteTransaction: number }>();
  const count = (shapeId: string) => {
    let entry = tx.get(shapeId);
    if (!entry) tx.set(shapeId, entry = { calls: 0, inWriteTransaction: 0 });
    return entry;
  };
  for (const statements of sessions) {
    const lastCommitMs = new Map<string, number>();
    let open: { shapes: string[]; pending: Set<string>; wrote: boolean } | null = null;
    const close = (commit: boolean, atMs: number) => {
      if (!open) return;
      if (commit) for (const t of open.pending) lastCommitMs.set(t, atMs);
      if (open.wrote) for (const id of open.shapes) count(id).inWriteTransaction++;
      open = null;
    };
    let lastMs = Number.NEGATIVE_INFINITY;
    const resolutionMs = detectStartResolutionMs(statements);
    for (const s of statements) {
      const role = roles.get(s.shapeId);
      if (!role) continue;
      lastMs = s.timeMs;
      count(s.shapeId).calls++;
      if (role.control === 'begin') { close(true, s.timeMs); open = { shapes: [], pending: new Set(), wrote: false }; }
      if (open) open.shapes.push(s.shapeId);
      if (role.reads.length > 0) {
        let acc = gaps.get(s.shapeId);
        if (!acc) gaps.set(s.shapeId, acc = { reads: 0, afterOwnWrite: 0, gapsMs: [], minByTable: new Map() });
        acc.reads++;
        const startMs = s.timeMs - (s.durationMs ?? 0);
        let gap = Number.POSITIVE_INFINITY;
        for (const table of role.reads) {
          const wroteMs = open?.pending.has(table) ? s.timeMs : lastCommitMs.get(table);
          if (wroteMs === undefined) continue;
          const g = Math.max(0, startMs - wroteMs - resolutionMs);
          gap = Math.min(gap, g);
          acc.minByTable.set(table, Math.min(acc.minByTable.get(table) ?? g, g));
        }
        if (Number.isFinite(gap)) { acc.afterOwnWrite++; acc.gapsMs.push(gap); }
      }
      if (role.isWrite) {
        if (open) { open.wrote = true; for (const t of role.writes) open.pending.add(t); }
        else for (const t of role.writes) lastCommitMs.set(t, s.timeMs);
      }
      if (role.control === 'commit') close(true, s.timeMs);
      else if (role.control === 'rollback') close(false, s.timeMs);
    }
    close(true, lastMs);
  }
  const readAfterWrite = new Map<string, ReadAfterWrite>();
  for (const [shapeId, acc] of gaps) {
    readAfterWrite.set(shapeId, {
      shapeId, reads: acc.reads, afterOwnWrite: acc.afterOwnWrite, gapsMs: acc.gapsMs.sort((a, b) => a - b),
      minGapMsByTable: Object.fromEntries(acc.minByTable),
    });
  }
  const transactions = new Map<string, TransactionUse>();
  for (const [shapeId, entry] of tx) transactions.set(shapeId, { shapeId, ...entry });
  return { readAfterWrite, transactions };
}
