/**
 * The normalizer's output: a flat token list in parallel arrays (kind, printed text, canonical text and its
 * hash lanes). The canonical text is what the id hashes (words in lower case, every placeholder the same), the printed text is
 * what the normalized statement shows. Reductions (`IN` lists, `VALUES` rows) truncate the list and push
 * again, so every token is written at most a bounded number of times.
 */

export const T_WORD = 1; // unquoted identifier, or a quoted one that needs no quotes
export const T_KEYWORD = 2;
export const T_QIDENT = 3; // quoted identifier that keeps its quotes
export const T_PARAM = 4; // literal or placeholder
export const T_OP = 5;
export const T_OPEN = 6; // (
export const T_CLOSE = 7; // )
export const T_LBRACK = 8; // [
export const T_RBRACK = 9; // ]
export const T_COMMA = 10;
export const T_DOT = 11;
export const T_CAST = 12; // ::
export const T_SEMI = 13;
export const T_MORE = 14; // more values of a list: `/*, ... *\/` after a placeholder
export const T_ROWS_MORE = 15; // more rows: `/*, ... *\/` after `)`

/** Canonical texts of the tokens whose printed text varies. */
export const CANON_PARAM = '\u0001';
export const CANON_MORE = '\u0002';
export const CANON_ROWS_MORE = '\u0003';

export interface TokenBuffer {
  kinds: number[];
  /** Printed text, written for quoted names only (keywords print upper-cased, the rest as canonical). */
  texts: string[];
  canons: string[];
  /** The two hash lanes of each canonical text (see `scanWordHashed`). */
  h1s: number[];
  h2s: number[];
  /** Number of live tokens; entries past it are stale. */
  n: number;
}

export function createTokenBuffer(): TokenBuffer {
  return { kinds: [], texts: [], canons: [], h1s: [], h2s: [], n: 0 };
}
