/**
 * From session sequences to findings: split each session into units of work, find loops, keep those driven
 * by a parent read (its row count matching the loop length where the source reports rows), large enough to
 * matter, and sum them per (parent, loop body). Row-by-row write loops become batching findings. Pure.
 */
import { detectLoops, type Loop } from './loops.js';
import { suggestBatching, suggestRewrite } from './suggest.js';
import type {
  BatchingFinding, Confidence, DetectorOptions, NPlusOneFinding, SeqStatement, Sequence, ShapeInfo, TimelineEntry,
} from './types.js';
import { splitUnits, startOf, timeResolutionMs, type Unit } from './units-of-work.js';

const writeKinds = new Set(['insert', 'update', 'delete', 'merge']);

interface LoopAcc {
  parent: string; body: readonly string[]; units: number; iterations: number; maxFanOut: number; totalMs: number;
  loopWallMs: number; sessions: Set<string>; rowsKnown: number; rowsMatched: number; example: TimelineEntry[] | null;
}
interface WriteAcc { shape: string; units: number; iterations: number; maxRun: number; totalMs: number; sessions: Set<string> }

export interface DetectResult {
  readonly findings: NPlusOneFinding[];
  readonly batching: BatchingFinding[];
}

const isRead = (shape: ShapeInfo | undefined) => shape?.features.kind === 'select' && shape.features.lock === null;
const isWrite = (shape: ShapeInfo | undefined) => shape !== undefined && writeKinds.has(shape.features.kind);
/** A batched child (`IN (…)`, `= ANY($1)`) already fetches many keys per call. */
const isBatched = (shape: ShapeInfo | undefined) => shape?.features.tables.some((t) => t.in.length > 0) ?? false;
/** The parent's rows equal the loop length, allowing 10% (rows skipped by the app, duplicates). */
const rowsMatch = (rows: number, iterations: number) => Math.abs(rows - iterations) <= Math.max(1, rows * 0.1);
/** Loosely driven: the app may skip some rows (a NULL key) but never loops more times than it has rows. */
const rowsDrive = (rows: number, iterations: number) => rowsMatch(rows, iterations) || (iterations <= rows && iterations >= rows * 0.5);

function loopStatements(unit: Unit, loop: Loop): readonly SeqStatement[] {
  return unit.statements.slice(loop.start, loop.start + loop.iterations * loop.body.length);
}

function timeline(unit: Unit, loop: Loop): TimelineEntry[] {
  const from = Math.max(0, loop.start - 1);
  const shown = unit.statements.slice(from, loop.start + Math.min(loop.iterations, 3) * loop.body.length);
  const entry = (s: SeqStatement, index: number): TimelineEntry => ({
    offsetMs: Math.round((startOf(s) - unit.startMs) * 10) / 10, shape: s.shapeId,
    role: index < loop.start ? 'parent' : 'child', durationMs: s.durationMs, rows: s.rows,
  });
  const out = shown.map((s, k) => entry(s, from + k));
  const last = unit.statements[loop.start + loop.iterations * loop.body.length - 1];
  if (loop.iterations > 3 && last) out.push(entry(last, loop.start + loop.iterations * loop.body.length - 1));
  return out;
}

function confidenceOf(acc: LoopAcc): Confidence {
  if (acc.rowsKnown > 0) {
    const share = acc.rowsMatched / acc.rowsKnown;
    if (share >= 0.8 && acc.units >= 3) return 'high';
    return share >= 0.5 ? 'medium' : 'low';
  }
  return acc.units >= 3 && acc.sessions.size >= 1 ? 'medium' : 'low';
}

export function detectFromSequences(
  sequences: readonly Sequence[], shapes: ReadonlyMap<string, ShapeInfo>, options: DetectorOptions,
): DetectResult {
  const loops = new Map<string, LoopAcc>();
  const writes = new Map<string, WriteAcc>();
  /** Loops of a body that no parent result drove (no parent, a paging parent, rows that do not match). */
  const undriven = new Map<string, number>();
  for (const seq of sequences) {
    const rowsReported = seq.statements.some((s) => s.rows > 0);
    // With second-resolution times (MariaDB slow log) a loop's time share cannot be measured: the parent's
    // row count, which that log always reports, is the evidence instead.
    const timed = timeResolutionMs(seq.statements) === 1;
    for (const unit of splitUnits(seq.statements, shapes, { maxGapMs: options.maxGapMs, maxLoopShapes: options.maxLoopShapes })) {
      const unitWallMs = Math.max(1e-3, unit.endMs - unit.startMs);
      for (const loop of detectLoops(unit, options.minRepeats, options.maxLoopShapes)) {
        const statements = loopStatements(unit, loop);
        const totalMs = statements.reduce((sum, s) => sum + (s.durationMs ?? 0), 0);
        const wallMs = statements.at(-1)!.timeMs - startOf(statements[0]!);
        const bodyShapes = loop.body.map((id) => shapes.get(id));
        if (bodyShapes.every(isWrite)) {
          if (loop.body.length !== 1) continue;
          const acc = writes.get(loop.body[0]!) ?? { shape: loop.body[0]!, units: 0, iterations: 0, maxRun: 0, totalMs: 0, sessions: new Set<string>() };
          acc.units++; acc.iterations += loop.iterations; acc.maxRun = Math.max(acc.maxRun, loop.iterations);
          acc.totalMs += totalMs; acc.sessions.add(seq.session);
          writes.set(acc.shape, acc);
          continue;
        }
        if (!bodyShapes.some(isRead) || bodyShapes.some(isBatched)) continue;
        const loopMs = Math.max(wallMs, totalMs);
        if (timed && loopMs < options.minLoopMs && loopMs / unitWallMs < options.minLoopShare) continue;
        if (!timed && !rowsReported) continue;
        // Driven by one parent result: a read right before the loop, not itself one page of a bulk scan.
        const parent = loop.parent;
        const rowsKnown = rowsReported;
        if (!parent || loop.parentRepeated || !isRead(shapes.get(parent.shapeId)) || loop.body.includes(parent.shapeId)
          || (rowsKnown && !rowsDrive(parent.rows, loop.iterations))) {
          undriven.set(loop.body.join(','), (undriven.get(loop.body.join(',')) ?? 0) + 1);
          continue;
        }
        const key = `${parent.shapeId}\u0000${loop.body.join(',')}`;
        let acc = loops.get(key);
        if (!acc) {
          acc = { parent: parent.shapeId, body: loop.body, units: 0, iterations: 0, maxFanOut: 0, totalMs: 0, loopWallMs: 0,
            sessions: new Set(), rowsKnown: 0, rowsMatched: 0, example: null };
          loops.set(key, acc);
        }
        acc.units++; acc.iterations += loop.iterations; acc.maxFanOut = Math.max(acc.maxFanOut, loop.iterations);
        acc.totalMs += totalMs; acc.loopWallMs += wallMs; acc.sessions.add(seq.session);
        if (rowsKnown) {
          acc.rowsKnown++;
          if (rowsMatch(parent.rows, loop.iterations)) acc.rowsMatched++;
        }
        acc.example ??= timeline(unit, loop);
      }
    }
  }
  // A body that usually runs without a driving parent is a bulk job; the odd unit where something preceded it is chance.
  const driven = new Map<string, number>();
  for (const acc of loops.values()) driven.set(acc.body.join(','), (driven.get(acc.body.join(',')) ?? 0) + acc.units);
  const kept = [...loops.values()].filter((acc) => (undriven.get(acc.body.join(',')) ?? 0) <= (driven.get(acc.body.join(',')) ?? 0));
  return { findings: kept.map((acc) => toFinding(acc, shapes)).sort((a, b) => b.evidence.totalMs - a.evidence.totalMs),
    batching: [...writes.values()].map((acc) => toBatching(acc, shapes)).sort((a, b) => b.evidence.totalMs - a.evidence.totalMs) };
}

const round = (n: number) => Math.round(n * 100) / 100;

function toFinding(acc: LoopAcc, shapes: ReadonlyMap<string, ShapeInfo>): NPlusOneFinding {
  const parent = shapes.get(acc.parent);
  const children = acc.body.map((id) => shapes.get(id));
  const tags = children.find((c) => c?.tags && Object.keys(c.tags).length > 0)?.tags ?? parent?.tags ?? {};
  return {
    kind: 'n-plus-one', status: 'detected', engine: parent?.engine ?? children[0]?.engine ?? 'postgres',
    childShape: acc.body[0]!, childQuery: children[0]?.normalized ?? '',
    childShapes: acc.body, childQueries: children.map((c) => c?.normalized ?? ''),
    parentShape: acc.parent, ...(parent ? { parentQuery: parent.normalized } : {}),
    evidence: {
      units: acc.units, avgFanOut: round(acc.iterations / acc.units), maxFanOut: acc.maxFanOut, totalMs: round(acc.totalMs),
      loopWallMs: round(acc.loopWallMs), sessions: acc.sessions.size, rowsKnownUnits: acc.rowsKnown,
      rowsMatchedUnits: acc.rowsMatched, exampleTimeline: acc.example ?? [],
    },
    confidence: confidenceOf(acc),
    suggestion: suggestRewrite(parent, children.filter((c): c is ShapeInfo => c !== undefined)),
    tags,
  };
}

function toBatching(acc: WriteAcc, shapes: ReadonlyMap<string, ShapeInfo>): BatchingFinding {
  const shape = shapes.get(acc.shape);
  return {
    kind: 'batching', engine: shape?.engine ?? 'postgres', shape: acc.shape, query: shape?.normalized ?? '',
    evidence: { units: acc.units, avgRun: round(acc.iterations / acc.units), maxRun: acc.maxRun, totalMs: round(acc.totalMs), sessions: acc.sessions.size },
    suggestion: shape ? suggestBatching(shape) : 'send the rows in one statement',
    tags: shape?.tags ?? {},
  };
}
