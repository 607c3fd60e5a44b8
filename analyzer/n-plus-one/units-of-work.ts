/**
 * Units of work: the stretches of one session that belong to one request or job step. A unit ends at a gap
 * longer than `maxGapMs` between one statement's end and the next one's start (think time between requests),
 * except inside a transaction (BEGIN … COMMIT/ROLLBACK), which stays one unit however slow. Pure.
 */
import type { ShapeInfo, SeqStatement } from './types.js';

export interface Unit {
  readonly statements: readonly SeqStatement[];
  readonly startMs: number;
  readonly endMs: number;
}

/** Start of a statement: log time is completion time, so subtract its duration when known. */
export function startOf(s: SeqStatement): number {
  return s.timeMs - (s.durationMs ?? 0);
}

/** 'begin' / 'end' for transaction control shapes, else null. */
export function transactionControl(shape: ShapeInfo | undefined): 'begin' | 'end' | null {
  if (!shape || shape.features.kind !== 'transaction') return null;
  const word = shape.normalized.trimStart().slice(0, 16).toUpperCase();
  if (word.startsWith('BEGIN') || word.startsWith('START')) return 'begin';
  if (word.startsWith('COMMIT') || word.startsWith('ROLLBACK') || word.startsWith('END') || word.startsWith('ABORT')) {
    return word.startsWith('ROLLBACK TO') ? null : 'end';
  }
  return null;
}

/**
 * MariaDB's slow log dates a statement to the second it started (`SET timestamp=N`), so gaps shorter than a
 * second are invisible. Such a sequence only splits where more than a second passed; loops are still found
 * by order, and their parent is still the statement right before them.
 */
export function timeResolutionMs(statements: readonly SeqStatement[]): number {
  if (statements.length < 2) return 1;
  const whole = statements.every((s) => Math.abs(startOf(s) / 1000 - Math.round(startOf(s) / 1000)) < 0.0015);
  return whole ? 1000 : 1;
}

/**
 * Does `next` continue a loop already running at the end of `current` (at least two whole iterations of a
 * body of 1–`maxLoopShapes` shapes)? An app busy between iterations (GC, a loaded host) must not cut its
 * own loop in two, while a new request, which starts with other shapes, still begins a new unit.
 */
export function continuesLoop(current: readonly SeqStatement[], next: SeqStatement, maxLoopShapes: number): boolean {
  const n = current.length;
  for (let period = 1; period <= maxLoopShapes; period++) {
    if (n < 2 * period || current[n - period]!.shapeId !== next.shapeId) continue;
    let periodic = true;
    for (let k = n - period; k < n && periodic; k++) periodic = current[k]!.shapeId === current[k - period]!.shapeId;
    if (periodic) return true;
  }
  return false;
}

export interface SplitOptions {
  readonly maxGapMs: number;
  /** Longest gap tolerated inside a running loop. Default 4 × maxGapMs. */
  readonly maxLoopGapMs?: number;
  readonly maxLoopShapes?: number;
}

export function splitUnits(
  statements: readonly SeqStatement[], shapes: ReadonlyMap<string, ShapeInfo>, split: SplitOptions | number,
): Unit[] {
  const opts = typeof split === 'number' ? { maxGapMs: split } : split;
  let maxGapMs = opts.maxGapMs;
  let maxLoopGapMs = opts.maxLoopGapMs ?? 4 * opts.maxGapMs;
  const maxLoopShapes = opts.maxLoopShapes ?? 4;
  const resolutionMs = timeResolutionMs(statements);
  if (resolutionMs > 1) {
    maxGapMs += resolutionMs;
    maxLoopGapMs += resolutionMs;
  }
  const units: Unit[] = [];
  let current: SeqStatement[] = [];
  let inTransaction = false;
  let lastEndMs = Number.NEGATIVE_INFINITY;
  const close = () => {
    if (current.length > 0) {
      units.push({ statements: current, startMs: startOf(current[0]!), endMs: Math.max(...current.map((s) => s.timeMs)) });
    }
    current = [];
  };
  for (const s of statements) {
    const control = transactionControl(shapes.get(s.shapeId));
    const gapMs = startOf(s) - lastEndMs;
    if (!inTransaction && current.length > 0 && gapMs > maxGapMs
      && !(gapMs <= maxLoopGapMs && continuesLoop(current, s, maxLoopShapes))) close();
    current.push(s);
    lastEndMs = Math.max(lastEndMs, s.timeMs);
    if (control === 'begin') inTransaction = true;
    else if (control === 'end') inTransaction = false;
  }
  close();
  return units;
}
