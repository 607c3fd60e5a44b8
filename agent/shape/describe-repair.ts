/**
 * Last-resort repairs for normalized texts a grammar rejects for reasons that do not change the features:
 *
 * - a placeholder where the grammar wants a literal: DDL and utility statements are normalized like any other
 *   (`varchar(?)`, `NOT NULL` → `NOT ?` as MySQL digests print it, `COST $1`, `START WITH ?`), so the
 *   placeholder at the error position is replaced by the literal its context wants (`NULL` after NOT, a
 *   string after AS / LANGUAGE / `=`, else `1`);
 * - a truncated text (performance_schema digests cut at `...`, statement histories cut at 1 KiB, capped log
 *   lines) that fails at its end: trailing tokens are dropped back to a clause boundary and open brackets are
 *   closed, so the features of the complete prefix survive.
 *
 * Each step is one more parse of a statement that already failed, bounded by `maxAttempts`. Pure.
 */

/** What a parse attempt says: the result, or the 0-based offset the grammar stopped at (null when unknown). */
export type Attempt<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly offset: number | null; readonly atEnd: boolean; readonly message: string };

const placeholderNear = /^[\s(,]*(?:[A-Za-z_]+\s*)?(\?|\$\d+)/;
const lastToken = /\s*(?:\/\*[\s\S]*?\*\/|\$\d+|[\w$]+|`[^`]*`|"[^"]*"|'[^']*'|\.\.\.|\S)\s*$/;
const danglingTail = /(?:\s*(?:,|\.|\(|=|<|>|<=|>=|<>|!=|\+|-|\*|\/|\bAND|\bOR|\bNOT|\bIN|\bIS|\bLIKE|\bBETWEEN|\bON|\bWHERE|\bSET|\bBY|\bORDER|\bGROUP|\bHAVING|\bLIMIT|\bOFFSET|\bJOIN|\bINNER|\bLEFT|\bRIGHT|\bOUTER|\bCROSS|\bUSING|\bAS|\bVALUES|\bTHEN|\bWHEN|\bELSE|\bCASE|\bSELECT|\bFROM|\bUNION|\bALL|\bDISTINCT))+\s*$/i;

function closeBrackets(text: string): string {
  let depth = 0;
  for (const ch of text.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"]|"")*"|`[^`]*`|\/\*[\s\S]*?\*\//g, '')) {
    if (ch === '(') depth += 1;
    else if (ch === ')' && depth > 0) depth -= 1;
  }
  return text + ')'.repeat(depth);
}

/** Drop the last token and anything that cannot end a clause. */
function shorten(text: string): string {
  let out = text.replace(/\s*\.\.\.\s*$/, '');
  if (out === text) out = text.replace(lastToken, '');
  let previous;
  do {
    previous = out;
    out = out.replace(danglingTail, '');
  } while (out !== previous && out.length > 0);
  return out;
}

/** Literals to try where a placeholder stands, the likeliest first (from the words before it). */
function literalsFor(before: string): string[] {
  if (/\bNOT\s*$/i.test(before)) return ['NULL', '1', "'x'"];
  if (/(?:\b(?:AS|LOAD|LANGUAGE|COMMENT|PASSWORD|BY|TO|FROM|ENCODING|LOCATION|OWNER)|'x'\s*,|=)\s*$/i.test(before)) return ["'x'", '1', 'NULL'];
  return ['1', "'x'", 'NULL'];
}

interface Substitution { at: number; length: number; tried: number; readonly candidates: string[] }

/** Put a literal where the error is: the next candidate at a spot already tried, else at a fresh placeholder. */
function substitute(text: string, offset: number, done: Substitution[]): string | null {
  const again = done.find((d) => offset >= d.at - 1 && offset <= d.at + d.length + 1);
  if (again) {
    if (again.tried + 1 >= again.candidates.length) return null;
    again.tried += 1;
    const literal = again.candidates[again.tried]!;
    const out = text.slice(0, again.at) + literal + text.slice(again.at + again.length);
    shift(done, again, literal.length - again.length);
    again.length = literal.length;
    return out;
  }
  const from = Math.max(0, offset - 1);
  const near = placeholderNear.exec(text.slice(from));
  if (!near) return null;
  const at = from + near[0].length - near[1]!.length;
  const candidates = literalsFor(text.slice(0, at));
  const entry: Substitution = { at, length: candidates[0]!.length, tried: 0, candidates };
  shift(done, { at, length: near[1]!.length }, candidates[0]!.length - near[1]!.length);
  done.push(entry);
  return text.slice(0, at) + candidates[0] + text.slice(at + near[1]!.length);
}

/** Keep the positions of later substitutions right when an earlier one changes length. */
function shift(done: Substitution[], changed: { at: number; length: number }, delta: number): void {
  for (const d of done) if (d.at > changed.at) d.at += delta;
}

/**
 * Retry `parse` on repaired versions of `sql`. Returns the first success with the text that parsed, or null.
 * Stops when an error is neither at a placeholder nor at the end of the text.
 */
export function parseWithRepairs<T>(sql: string, parse: (text: string) => Attempt<T>, maxAttempts = 24): { value: T; text: string } | null {
  let text = sql;
  let base = sql; // the unclosed prefix while shortening a truncated text
  const done: Substitution[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const result = parse(text);
    if (result.ok) return { value: result.value, text };
    const fixed = result.offset === null || text !== base ? null : substitute(text, result.offset, done);
    if (fixed !== null) {
      text = fixed;
      base = fixed;
      continue;
    }
    if (!result.atEnd && !/\.\.\.\s*$/.test(base)) return null;
    base = shorten(base);
    if (base.trim() === '') return null;
    text = closeBrackets(base);
  }
  return null;
}
