/**
 * Loops inside one unit of work: a body of 1–4 distinct shapes repeated back to back at least `minRepeats`
 * times. The statement right before the first iteration is the candidate parent. Pure.
 */
import type { SeqStatement } from './types.js';
import type { Unit } from './units-of-work.js';

export interface Loop {
  /** The repeated body, in order (one shape for a plain N+1). */
  readonly body: readonly string[];
  /** Index in the unit of the first statement of the first iteration. */
  readonly start: number;
  readonly iterations: number;
  /** The statement right before the loop, when there is one. */
  readonly parent: SeqStatement | null;
  /** The parent is itself the last of a run of its own shape (pagination or a bulk scan, not one result). */
  readonly parentRepeated: boolean;
}

/** How many statements from `start` on follow a period of `period` (statement i equals statement i - period). */
function periodicLength(shapes: readonly string[], start: number, period: number): number {
  let end = start + period;
  if (end > shapes.length) return 0;
  while (end < shapes.length && shapes[end] === shapes[end - period]) end++;
  return end - start;
}

function distinct(body: readonly string[]): boolean {
  return new Set(body).size === body.length;
}

/**
 * Loops of a unit, left to right, non-overlapping; the shortest period wins (a run of one shape is not
 * reported again as a two-shape loop).
 */
export function detectLoops(unit: Unit, minRepeats: number, maxLoopShapes: number): Loop[] {
  const shapes = unit.statements.map((s) => s.shapeId);
  const loops: Loop[] = [];
  let i = 0;
  while (i < shapes.length) {
    let found: Loop | null = null;
    for (let period = 1; period <= maxLoopShapes && !found; period++) {
      const body = shapes.slice(i, i + period);
      if (body.length < period || !distinct(body)) continue;
      const iterations = Math.floor(periodicLength(shapes, i, period) / period);
      if (iterations < minRepeats) continue;
      const parent = i > 0 ? unit.statements[i - 1]! : null;
      const parentRepeated = i > 1 && shapes[i - 2] === shapes[i - 1];
      found = { body, start: i, iterations, parent, parentRepeated };
    }
    if (found) {
      loops.push(found);
      i += found.iterations * found.body.length;
    } else {
      i++;
    }
  }
  return loops;
}
