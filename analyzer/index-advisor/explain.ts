/** `--explain SHAPE`: why a shape got (or did not get) an index, from the advisor's verdicts. Pure. */
import type { IndexAdvice, ShapeUse, Verdict } from './types.js';

/** Shapes whose id starts with `prefix` (ids are 16 hex characters; a unique prefix is enough). */
export function matchShapes(shapes: readonly ShapeUse[], prefix: string): ShapeUse[] {
  return shapes.filter((s) => s.id.startsWith(prefix.toLowerCase()));
}

export function renderExplanation(shape: ShapeUse, verdicts: readonly Verdict[], advice: readonly IndexAdvice[]): string {
  const lines = [`shape ${shape.id}: ${shape.normalized}`];
  const served = advice.filter((a) => a.shapes.includes(shape.id));
  for (const a of served) lines.push(`  recommended: ${a.statement}  (${a.validated})`);
  const own = verdicts.filter((v) => v.shape === shape.id && (served.length === 0 || v.outcome !== 'candidate'));
  for (const v of own) lines.push(`  ${v.outcome}: ${v.message}`);
  if (served.length === 0 && own.length === 0) {
    lines.push(shape.features.kind === 'select' || shape.features.kind === 'update' || shape.features.kind === 'delete'
      ? '  nothing: the shape names no table the advisor could judge'
      : `  nothing: ${/^[aeiou]/.test(shape.features.kind) ? 'an' : 'a'} ${shape.features.kind} statement has no predicate an index could serve`);
  }
  return `${lines.join('\n')}\n`;
}
