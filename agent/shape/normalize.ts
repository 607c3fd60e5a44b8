import type { Engine } from '../events.js';
import type { Fingerprint } from './types.js';
import {
  charClass, ID_START, isDigit, isSpace, scanBlockComment, scanDollarQuote, scanLineComment, scanNumber,
  scanOperator, scanQuoted, scanWord, scanWordHashed, skipSpace, wordH1, wordH2, wordHasUpper, wordNonAscii,
} from './lexer.js';
import { commentTagsAt, isListMarker, mergeCommentTags } from './normalize-comments.js';
import {
  closeBracket, closeParen, openFrame, push, pushLookedUpWord, pushParam, pushRaw, pushWord, resetFrames, signAllowed, st,
} from './normalize-state.js';
import { identifiedId, identifiedText, identify } from './normalize-render.js';
import {
  CANON_MORE, CANON_PARAM, CANON_ROWS_MORE, T_CAST, T_CLOSE, T_COMMA, T_DOT, T_LBRACK, T_MORE, T_OP, T_OPEN,
  T_PARAM, T_QIDENT, T_RBRACK, T_ROWS_MORE, T_SEMI, T_WORD,
} from './normalize-tokens.js';
import { lookedUpKeyword, lookupWord, RESERVED } from './lexer-keywords.js';

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** Statements longer than this are cut here and marked truncated (bounds the work per statement). */
export const MAX_STATEMENT_CHARS = 16 * 1024 * 1024;

/**
 * One left-to-right pass over `sql`: every construct is recognised by its first characters, literals become
 * placeholders as they are met, and list reductions rewrite the tail of the token buffer when a bracket
 * closes. No parse, no regular expressions, no backtracking, never throws.
 */
export function normalizeStatement(input: string, engine: Engine, keepLiterals: boolean): Fingerprint {
  const sql = typeof input === 'string' ? input : String(input ?? '');
  const postgres = engine === 'postgres';
  const end = Math.min(sql.length, MAX_STATEMENT_CHARS);
  resetFrames(sql, postgres, keepLiterals);
  const buf = st.buf;
  let truncated = end < sql.length;
  let tags: Readonly<Record<string, string>> | null = null;
  let execComments = 0; // open MySQL `/*! … */` comments whose content we are lexing
  let i = 0;
  while (i < end) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      while (i < end && isSpace(sql.charCodeAt(i))) i++;
      continue;
    }
    const next = i + 1 < end ? sql.charCodeAt(i + 1) : 0;
    const cls = charClass(c);
    if (cls & ID_START) {
      const e = scanWordHashed(sql, i, end);
      if (next === 39 && e === i + 1) { // E'…' B'…' X'…' N'…'
        const p = c | 32;
        if (p === 101 || p === 98 || p === 120 || p === 110) {
          i = literalString(sql, i, i + 1, end, !postgres || p === 101);
          continue;
        }
      }
      if (postgres && (c | 32) === 117 && next === 38 && i + 2 < end && sql.charCodeAt(i + 2) === 39) { // U&'…'
        i = literalString(sql, i, i + 2, end, false);
        continue;
      }
      if (!postgres && c === 95) { // `_utf8mb4'…'`: the character set introducer is dropped, as the digest does
        const q = skipSpace(sql, e, end);
        const qc = sql.charCodeAt(q);
        if (qc === 39 || qc === 34) { i = q; continue; }
      }
      if (!wordNonAscii) {
        const word = lookupWord(sql, i, e, wordH1, wordH2, wordHasUpper);
        pushLookedUpWord(word, lookedUpKeyword, wordH1, wordH2);
      } else pushWord(sql.slice(i, e).toLowerCase());
      i = e;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(next) && !afterName(buf.kinds[buf.n - 1], buf.n))) {
      const e = scanNumber(sql, i, end);
      if (!postgres && e < end && (charClass(sql.charCodeAt(e)) & ID_START)) { // MySQL names may start with digits
        const w = scanWord(sql, e, end);
        pushWord(sql.slice(i, w).toLowerCase());
        i = w;
        continue;
      }
      pushParam(i, e);
      i = e;
      continue;
    }
    switch (c) {
      case 39: // '
        i = literalString(sql, i, i, end, !postgres);
        continue;
      case 34: // "
        if (postgres) i = quotedName(sql, i, end, 34);
        else i = literalString(sql, i, i, end, true);
        continue;
      case 96: // `
        if (!postgres) { i = quotedName(sql, i, end, 96); continue; }
        break;
      case 36: // $
        if (postgres) {
          if (isDigit(next)) {
            let e = i + 1;
            while (e < end && isDigit(sql.charCodeAt(e))) e++;
            pushParam(-1, -1);
            i = e;
            continue;
          }
          const e = scanDollarQuote(sql, i, end);
          if (e !== 0) {
            if (e < 0) truncated = true;
            const stop = e < 0 ? end : e;
            pushParam(i, stop);
            i = stop;
            continue;
          }
        }
        break;
      case 63: // ?
        if (!postgres) { pushParam(-1, -1); i++; continue; }
        break;
      case 64: // @
        if (!postgres) { i = mysqlVariable(sql, i, end); continue; }
        break;
      case 35: // #
        if (!postgres) { i = scanLineComment(sql, i, end); continue; }
        break;
      case 45: // -
        if (next === 45 && (postgres || i + 2 >= end || isSpace(sql.charCodeAt(i + 2)))) {
          const e = scanLineComment(sql, i, end);
          tags = mergeCommentTags(tags, commentTagsAt(sql, i + 2, e));
          i = e;
          continue;
        }
        if (signAllowed()) {
          const e = signedValue(sql, i, end);
          if (e > 0) { i = e; continue; }
        }
        break;
      case 47: // /
        if (next === 42) {
          if (!postgres && i + 2 < end) { // MySQL `/*! … */` and MariaDB `/*M! … */`: the server runs their content
            let j = i + 2;
            if (sql.charCodeAt(j) === 77 && sql.charCodeAt(j + 1) === 33) j++;
            if (sql.charCodeAt(j) === 33) {
              j++;
              while (j < end && isDigit(sql.charCodeAt(j))) j++;
              execComments++;
              i = j;
              continue;
            }
          }
          const e = scanBlockComment(sql, i, end, postgres);
          if (e < 0) truncated = true;
          const stop = e < 0 ? end : e;
          const bodyEnd = e < 0 ? end : e - 2;
          if (bodyEnd - i - 2 <= 12 && isListMarker(sql.slice(i + 2, bodyEnd))) listMarker();
          else tags = mergeCommentTags(tags, commentTagsAt(sql, i + 2, bodyEnd));
          i = stop;
          continue;
        }
        break;
      case 42: // *
        if (execComments > 0 && next === 47) { execComments--; i += 2; continue; }
        break;
      case 40: // (
        if (!postgres && (next === 117 || next === 95)) { // digest printouts `(unknown)` (x'…') and `(_charset)`
          if (sql.startsWith('(unknown)', i)) { pushParam(-1, -1); i += 9; continue; }
          if (sql.startsWith('(_charset)', i)) { i += 10; continue; }
        }
        openFrame(T_OPEN, '(');
        i++;
        continue;
      case 41: closeParen(); i++; continue;
      case 91: openFrame(T_LBRACK, '['); i++; continue;
      case 93: closeBracket(); i++; continue;
      case 44: push(T_COMMA, ',', ','); i++; continue;
      case 59: // ;
        resetFrames(null, postgres, keepLiterals);
        push(T_SEMI, ';', ';');
        i++;
        continue;
      case 46: // .
        if (next === 46 && i + 2 < end && sql.charCodeAt(i + 2) === 46) {
          const e = ellipsis(sql, i + 3, end);
          if (e < 0) { truncated = true; i = end; } else i = e;
          continue;
        }
        push(T_DOT, '.', '.');
        i++;
        continue;
      case 58: // :
        if (postgres && next === 58) { push(T_CAST, '::', '::'); i += 2; continue; }
        break;
    }
    const e = scanOperator(sql, i, end, postgres);
    const op = e === i + 1 && c < 128 ? ONE_CHAR[c] : sql.slice(i, e);
    const canon = op === '!=' ? '<>' : op;
    push(T_OP, canon, canon);
    i = e;
  }
  while (buf.n > 0 && buf.kinds[buf.n - 1] === T_SEMI) buf.n--;
  if (st.unterminated) truncated = true;
  identify(buf, engine);
  const id = identifiedId;
  const normalized = identifiedText;
  if (st.literals !== null) return { id, engine, normalized, tags: tags ?? NO_TAGS, truncated, literals: st.literals };
  return { id, engine, normalized, tags: tags ?? NO_TAGS, truncated };
}

const ONE_CHAR: string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

function afterName(kind: number, n: number): boolean {
  return n > 0 && (kind === T_WORD || kind === T_QIDENT || kind === T_CLOSE || kind === T_RBRACK);
}

/** A string literal whose quote is at `q` (prefix from `start`): one placeholder. */
function literalString(sql: string, start: number, q: number, end: number, backslash: boolean): number {
  let e = scanQuoted(sql, q, end, sql.charCodeAt(q), backslash);
  if (e < 0) { st.unterminated = true; e = end; } else if (st.postgres && sql.charCodeAt(q) === 39) e = continuedString(sql, e, end, backslash);
  pushParam(start, e);
  return e;
}

/**
 * PostgreSQL joins `'a'` and `'b'` separated by whitespace with a newline into one constant (pg_stat_statements
 * prints one `$n`); MariaDB digests keep `? ?`, so MySQL is left as is. Returns the end of the last part.
 */
function continuedString(sql: string, e: number, end: number, backslash: boolean): number {
  for (;;) {
    let j = e;
    let newline = false;
    while (j < end) {
      const c = sql.charCodeAt(j);
      if (c === 10 || c === 13) newline = true;
      else if (c !== 32 && c !== 9 && c !== 12) break;
      j++;
    }
    if (!newline || j >= end || sql.charCodeAt(j) !== 39) return e;
    const next = scanQuoted(sql, j, end, 39, backslash);
    if (next < 0) { st.unterminated = true; return end; }
    e = next;
  }
}

/**
 * `"name"` (PostgreSQL) or `` `name` `` (MySQL). A name that would read the same unquoted (lower case, plain
 * characters, not reserved) loses its quotes, so ORM-quoted and hand-written SQL meet. PostgreSQL keeps any
 * other quoted name as written (`"Users"` is not `users`); MySQL compares names case-insensitively here, so
 * its backticked names are lower-cased.
 */
function quotedName(sql: string, i: number, end: number, quote: number): number {
  let e = scanQuoted(sql, i, end, quote, false);
  if (e < 0) { st.unterminated = true; e = end; }
  const q = String.fromCharCode(quote);
  let name = sql.slice(i + 1, e === end && st.unterminated ? end : e - 1);
  if (name.includes(q + q)) name = name.split(q + q).join(q);
  if (quote === 96) name = name.toLowerCase();
  if (isPlainName(name)) {
    if (RESERVED.has(name)) push(T_QIDENT, q + name + q, name);
    else push(T_WORD, name, name);
  } else {
    push(T_QIDENT, q + name.split(q).join(q + q) + q, quote === 96 ? name : '"' + name);
  }
  return e;
}

function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let k = 0; k < name.length; k++) {
    const c = name.charCodeAt(k);
    const ok = (c >= 97 && c <= 122) || c === 95 || (k > 0 && (isDigit(c) || c === 36));
    if (!ok) return false;
  }
  return true;
}

/** MySQL `@@session.x` is a name; a user variable `@x` prints as `@?` in digests, so it is `@` and a value. */
function mysqlVariable(sql: string, i: number, end: number): number {
  const next = i + 1 < end ? sql.charCodeAt(i + 1) : 0;
  if (next === 64) {
    const e = scanWord(sql, i + 2, end);
    pushWord(sql.slice(i, e).toLowerCase());
    return e;
  }
  push(T_OP, '@', '@');
  if (next === 39 || next === 34 || next === 96) {
    let e = scanQuoted(sql, i + 1, end, next, next !== 96);
    if (e < 0) { st.unterminated = true; e = end; }
    pushParam(-1, -1);
    return e;
  }
  const e = scanWord(sql, i + 1, end);
  if (e > i + 1) pushParam(-1, -1);
  return e;
}

/**
 * A `-` where a sign is allowed, followed by a number or a placeholder: one literal, as PostgreSQL's grammar
 * folds it. Returns the end, or -1 when no value follows.
 */
function signedValue(sql: string, i: number, end: number): number {
  const j = skipSpace(sql, i + 1, end);
  if (j >= end) return -1;
  const c = sql.charCodeAt(j);
  const next = j + 1 < end ? sql.charCodeAt(j + 1) : 0;
  if (isDigit(c) || (c === 46 && isDigit(next))) {
    const e = scanNumber(sql, j, end);
    if (!st.postgres && e < end && (charClass(sql.charCodeAt(e)) & ID_START)) return -1;
    pushParam(j, e, '-');
    return e;
  }
  if ((st.postgres && c === 36 && isDigit(next)) || (!st.postgres && c === 63)) {
    let e = j + 1;
    if (st.postgres) while (e < end && isDigit(sql.charCodeAt(e))) e++;
    pushParam(-1, -1);
    return e;
  }
  return -1;
}

/**
 * `...` as MySQL digests print it: `(...)` is a row of several values, `?, ...` a list of values, and `...` at
 * the very end means the digest was cut short (returns -1).
 */
function ellipsis(sql: string, i: number, end: number): number {
  const buf = st.buf;
  const j = skipSpace(sql, i, end);
  const last = buf.n > 0 ? buf.kinds[buf.n - 1] : 0;
  if (last === T_OPEN && j < end && sql.charCodeAt(j) === 41) {
    pushRaw(T_PARAM, '', CANON_PARAM);
    pushRaw(T_MORE, '', CANON_MORE);
    return i;
  }
  if (last === T_COMMA && buf.n >= 2 && (buf.kinds[buf.n - 2] === T_PARAM || buf.kinds[buf.n - 2] === T_MORE)) {
    buf.n--;
    if (buf.kinds[buf.n - 1] === T_PARAM) pushRaw(T_MORE, '', CANON_MORE);
    return i;
  }
  if (j >= end) return -1;
  push(T_OP, '...', '...');
  return i;
}

/** A `/*, ... *\/` comment (ours, PostgreSQL 18's, or a MySQL digest's `/* , ... *\/`): more values or rows. */
function listMarker(): void {
  const buf = st.buf;
  const last = buf.n > 0 ? buf.kinds[buf.n - 1] : 0;
  if (last === T_PARAM) pushRaw(T_MORE, '', CANON_MORE);
  else if (last === T_CLOSE) {
    pushRaw(T_ROWS_MORE, '', CANON_ROWS_MORE);
    st.rowLast[st.depth] = buf.n - 1;
  }
}
