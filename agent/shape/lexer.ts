/**
 * Character scanners for the shape normalizer. Each takes the text and a start index and returns the index
 * just past what it recognised; an unterminated construct returns -1 (the caller treats the rest of the text
 * as that construct and marks the fingerprint truncated). Pure, no allocation, no regular expressions, and
 * every loop moves forward, so the whole pass is linear in the input and cannot throw.
 */

export const SPACE = 1;
export const ID_START = 2;
export const ID_PART = 4;
export const DIGIT = 8;

/** Classes of the ASCII range; everything from U+0080 up is a letter (PostgreSQL and MySQL allow it in names). */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  // Control characters are whitespace here, so binary garbage costs nothing and changes no token.
  if (c <= 32 || c === 127) CLASS[c] = SPACE;
  else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) CLASS[c] = ID_START | ID_PART;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT | ID_PART;
}
CLASS[36] = ID_PART; // `$` inside a name (`a$b`), both dialects

/** Per ASCII character: its lower case when it can be part of a name, else -1 (one load per character). */
const FOLD = new Int16Array(128);
for (let c = 0; c < 128; c++) FOLD[c] = (CLASS[c] & ID_PART) === 0 ? -1 : c >= 65 && c <= 90 ? c + 32 : c;

export function charClass(c: number): number {
  return c < 128 ? CLASS[c] : ID_START | ID_PART;
}

export function isSpace(c: number): boolean {
  return c < 128 && (CLASS[c] & SPACE) !== 0;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index of the first non-space character at or after `i` (or `end`). */
export function skipSpace(sql: string, i: number, end: number): number {
  while (i < end && isSpace(sql.charCodeAt(i))) i++;
  return i;
}

/**
 * Token hashing: two 32-bit multiply-xor lanes over the canonical (lower-case) characters. The word scanner
 * computes them on the way, so the id never re-reads a word; other tokens hash their canonical text.
 */
export const LANE1_SEED = 0x2f3a1c5b;
export const LANE2_SEED = 0x7b1d3e29;
export const LANE1_PRIME = 0x9e3779b1 | 0;
export const LANE2_PRIME = 0x85ebca77 | 0;

/**
 * Lanes are kept to 30 bits: small integers stay unboxed in V8 (a full 32-bit value stored in a variable or
 * array would be a heap number, one allocation per token). Two lanes still give 60 bits per token.
 */
const SMI_MASK = 0x3fffffff;

/** Set by `scanWordHashed`: the two hash lanes of the lower-cased word, and whether lower-casing changes it. */
export let wordH1 = 0;
export let wordH2 = 0;
export let wordHasUpper = false;
/** The word has non-ASCII characters: its lanes must be computed from its lower-cased text instead. */
export let wordNonAscii = false;

/** `scanWord` that also hashes the word case-insensitively on the way. */
export function scanWordHashed(sql: string, i: number, end: number): number {
  let h1 = LANE1_SEED;
  let h2 = LANE2_SEED;
  let upper = false;
  let nonAscii = false;
  while (i < end) {
    let c = sql.charCodeAt(i);
    if (c < 128) {
      const f = FOLD[c];
      if (f < 0) break;
      if (f !== c) { c = f; upper = true; }
    } else nonAscii = true;
    h1 = Math.imul(h1 ^ c, LANE1_PRIME);
    h2 = Math.imul(h2 ^ c, LANE2_PRIME);
    i++;
  }
  wordH1 = h1 & SMI_MASK;
  wordH2 = h2 & SMI_MASK;
  wordHasUpper = upper || nonAscii;
  wordNonAscii = nonAscii;
  return i;
}

/** The lanes of a canonical text (same steps as `scanWordHashed`), for tokens not scanned as words. */
export let textH2 = 0;
export function hashText(text: string): number {
  if (text.length === 1) { // punctuation and placeholders: most tokens that are not words
    const c = text.charCodeAt(0);
    if (c < 128) {
      textH2 = ONE_CHAR_H2[c];
      return ONE_CHAR_H1[c];
    }
  }
  return hashTextChars(text);
}

function hashTextChars(text: string): number {
  let h1 = LANE1_SEED;
  let h2 = LANE2_SEED;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, LANE1_PRIME);
    h2 = Math.imul(h2 ^ c, LANE2_PRIME);
  }
  textH2 = h2 & SMI_MASK;
  return h1 & SMI_MASK;
}

const ONE_CHAR_H1 = new Int32Array(128);
const ONE_CHAR_H2 = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  ONE_CHAR_H1[c] = hashTextChars(String.fromCharCode(c));
  ONE_CHAR_H2[c] = textH2;
}

export function scanWord(sql: string, i: number, end: number): number {
  while (i < end && (charClass(sql.charCodeAt(i)) & ID_PART) !== 0) i++;
  return i;
}

/**
 * A quoted run starting at the opening quote `i`. A doubled quote is an escaped quote in every dialect;
 * with `backslash`, `\x` escapes too (MySQL strings, PostgreSQL `E''`).
 */
export function scanQuoted(sql: string, i: number, end: number, quote: number, backslash: boolean): number {
  let j = i + 1;
  while (j < end) {
    const c = sql.charCodeAt(j);
    if (c === quote) {
      if (j + 1 < end && sql.charCodeAt(j + 1) === quote) j += 2;
      else return j + 1;
    } else if (backslash && c === 92) j += 2;
    else j++;
  }
  return -1;
}

/** `/* … *\/` starting at `i`; PostgreSQL nests them, MySQL does not. */
export function scanBlockComment(sql: string, i: number, end: number, nested: boolean): number {
  if (!nested) {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 || close + 2 > end ? -1 : close + 2;
  }
  // Next `*/` and next `/*` are each searched again only once passed, so the scan stays linear.
  let depth = 1;
  let close = -1;
  let open = i;
  let j = i + 2;
  while (true) {
    if (close < j) {
      close = sql.indexOf('*/', j);
      if (close < 0 || close + 2 > end) return -1;
    }
    if (open >= 0 && open < j) open = sql.indexOf('/*', j);
    if (open >= 0 && open < close) {
      depth++;
      j = open + 2;
    } else {
      j = close + 2;
      if (--depth === 0) return j;
    }
  }
}

export function scanLineComment(sql: string, i: number, end: number): number {
  while (i < end) {
    const c = sql.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return end;
}

/**
 * A number starting at `i` (a digit, or `.` before a digit): `42`, `1.5`, `.5`, `1e5`, `1.5E-3`, `1_000`,
 * `0x1F`, `0b101`, `0o17`.
 */
export function scanNumber(sql: string, i: number, end: number): number {
  let j = i;
  const c0 = sql.charCodeAt(j);
  if (c0 === 48 && j + 2 <= end) {
    const p = sql.charCodeAt(j + 1) | 32;
    if (p === 120 || p === 98 || p === 111) {
      const k = scanWord(sql, j + 2, end);
      if (k > j + 2) return k;
    }
  }
  while (j < end && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === 95)) j++;
  if (j < end && sql.charCodeAt(j) === 46 && !(j + 1 < end && sql.charCodeAt(j + 1) === 46)) {
    j++;
    while (j < end && isDigit(sql.charCodeAt(j))) j++;
  }
  if (j < end && (sql.charCodeAt(j) | 32) === 101) {
    let k = j + 1;
    const s = sql.charCodeAt(k);
    if (s === 43 || s === 45) k++;
    if (k < end && isDigit(sql.charCodeAt(k))) {
      while (k < end && isDigit(sql.charCodeAt(k))) k++;
      j = k;
    }
  }
  return j;
}

/**
 * PostgreSQL dollar quoting at `i` (`$$…$$`, `$tag$…$tag$`): returns the end, -1 when unterminated, or 0 when
 * the `$` does not open a dollar quote at all.
 */
export function scanDollarQuote(sql: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = sql.charCodeAt(j);
    if (c === 36) break;
    if (!(charClass(c) & ID_PART) || (j === i + 1 && isDigit(c))) return 0;
    j++;
  }
  if (j >= end) return 0;
  const tag = sql.slice(i, j + 1);
  const close = sql.indexOf(tag, j + 1);
  return close < 0 || close + tag.length > end ? -1 : close + tag.length;
}

/** Characters that make up operators; PostgreSQL's set includes `?` and `#`, MySQL's includes `:`. */
const PG_OP = new Uint8Array(128);
const MY_OP = new Uint8Array(128);
for (const ch of '+-*/<>=~!@#%^&|?') PG_OP[ch.charCodeAt(0)] = 1;
for (const ch of '+-*/<>=~!^&|%:') MY_OP[ch.charCodeAt(0)] = 1;

export function isOperatorChar(c: number, postgres: boolean): boolean {
  return c < 128 && (postgres ? PG_OP[c] : MY_OP[c]) === 1;
}

/**
 * The longest operator at `i`, stopping before a comment start. As in PostgreSQL's lexer, a multi-character
 * operator cannot end in `+` or `-` unless it contains one of `~ ! @ # % ^ & | ?`, so `=-1` is `=` then `-1`
 * (https://www.postgresql.org/docs/15/sql-syntax-lexical.html#SQL-SYNTAX-OPERATORS).
 */
export function scanOperator(sql: string, i: number, end: number, postgres: boolean): number {
  let j = i;
  let special = false;
  // PostgreSQL operator names are at most NAMEDATALEN - 1 = 63 characters; the cap also keeps a long run
  // of `+` (each one re-scanned after the trailing-sign rule cut it) from costing quadratic time.
  const stop = Math.min(end, i + 63);
  let afterLastNonSign = i + 1; // end of the operator if trailing `+`/`-` are cut
  while (j < stop) {
    const c = sql.charCodeAt(j);
    if (!isOperatorChar(c, postgres)) break;
    if (j > i && (c === 42 || c === 45) && sql.charCodeAt(j - 1) === (c === 42 ? 47 : 45)) {
      j--; // `/*` or `--` starts a comment: the operator ends before it
      break;
    }
    if (c === 126 || c === 33 || c === 64 || c === 35 || c === 37 || c === 94 || c === 38 || c === 124 || c === 63) {
      special = true;
    }
    if (c !== 43 && c !== 45) afterLastNonSign = j + 1;
    j++;
  }
  if (j <= i) return i + 1;
  return special ? j : Math.min(j, afterLastNonSign);
}
