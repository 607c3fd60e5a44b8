import { KEYWORD_UPPER, SIGN_AFTER } from './lexer-keywords.js';
import { hashText, textH2 } from './lexer.js';
import {
  CANON_MORE, CANON_PARAM, CANON_ROWS_MORE, createTokenBuffer, T_CAST, T_CLOSE, T_COMMA, T_KEYWORD, T_LBRACK,
  T_MORE, T_OP, T_OPEN, T_PARAM, T_QIDENT, T_RBRACK, T_ROWS_MORE, T_WORD, type TokenBuffer,
} from './normalize-tokens.js';

/**
 * The normalizer's working state and its list reductions. One module-level instance, reset per statement:
 * fingerprinting is synchronous and never re-entered, and reusing the arrays keeps the hot path free of
 * per-statement allocation.
 *
 * Brackets open frames. A frame remembers where it starts and whether its content so far is "simple" (only
 * placeholders, commas and casts), which decides at the closing bracket whether the list collapses:
 * - `IN (…)` of simple values → `IN ($1 /*, ... *\/)`;
 * - `= ANY (<one array value>)` → `IN (…)` as above, `<> ALL (…)` → `NOT IN (…)`;
 * - `ARRAY[…]` of simple values → one placeholder (like the literal `'{1,2}'`);
 * - rows after `VALUES` or inside `IN (…)`: `(…), (…)` → first row + `/*, ... *\/`; on MySQL also any run of
 *   rows of one value `(?)` or several `(?, ...)`, and `?, ?` → `? /*, ... *\/`, as its digests do.
 */
const F_PLAIN = 0;
const F_IN = 1;
const F_ANY = 2;
const F_ALL = 3;
const F_ARRAY = 4;

interface State {
  buf: TokenBuffer;
  postgres: boolean;
  depth: number;
  literals: string[] | null;
  unterminated: boolean;
  sql: string;
  fStart: number[];
  fKind: number[];
  fSimple: number[];
  fParams: number[];
  /** 1 right after `::`, 2 after the type name that follows. */
  fCast: number[];
  /** Per depth: 1 while a run of rows may continue (after VALUES, inside IN). */
  rowCtx: number[];
  /** Per depth: index of the last token of the previous row (its `)` or the rows marker), or -1. */
  rowLast: number[];
  rowFirst: number[];
  /** MySQL row type of the previous row: 1 `(?)`, 2 `(?, ...)`, 0 anything else. */
  rowType: number[];
}

export const st: State = {
  buf: createTokenBuffer(), postgres: true, depth: 0, literals: null, unterminated: false, sql: '',
  fStart: [], fKind: [], fSimple: [], fParams: [], fCast: [], rowCtx: [0], rowLast: [-1], rowFirst: [-1],
  rowType: [0],
};

/** Start a statement (`sql` given) or, after a `;`, forget open brackets (`sql` null). */
export function resetFrames(sql: string | null, postgres: boolean, keepLiterals: boolean): void {
  st.depth = 0;
  st.rowCtx[0] = 0;
  st.rowLast[0] = -1;
  if (sql === null) return;
  st.sql = sql;
  st.postgres = postgres;
  st.buf.n = 0;
  st.unterminated = false;
  st.literals = keepLiterals ? [] : null;
}

/** Appends a token without bookkeeping; its hash lanes come from its canonical text. */
export function pushRaw(kind: number, text: string, canon: string): void {
  const h1 = hashText(canon);
  pushRawHashed(kind, text, canon, h1, textH2);
}

function pushRawHashed(kind: number, text: string, canon: string, h1: number, h2: number): void {
  const buf = st.buf;
  const i = buf.n++;
  buf.kinds[i] = kind;
  if (kind === T_QIDENT) buf.texts[i] = text; // every other token prints from its canonical text
  buf.canons[i] = canon;
  buf.h1s[i] = h1;
  buf.h2s[i] = h2;
}

export function push(kind: number, text: string, canon: string): void {
  note(kind, canon);
  pushRaw(kind, text, canon);
}

/** Row-run and frame bookkeeping for a token about to be pushed at the current depth. */
function note(kind: number, canon: string): void {
  const d = st.depth;
  if (st.rowCtx[d] === 1 && kind !== T_OPEN && kind !== T_COMMA && kind !== T_ROWS_MORE && kind !== T_CLOSE) {
    st.rowCtx[d] = 0;
  }
  if (d > 0 && st.fSimple[d] === 1) noteInFrame(d, kind, canon);
}

function noteInFrame(d: number, kind: number, canon: string): void {
  switch (kind) {
    case T_PARAM: st.fParams[d]++; st.fCast[d] = 0; return;
    case T_COMMA: case T_MORE: st.fCast[d] = 0; return;
    case T_CAST: st.fCast[d] = 1; return;
    case T_OPEN: case T_LBRACK: return; // judged when the inner bracket closes
    case T_WORD: case T_QIDENT: case T_KEYWORD:
      if (st.fCast[d] === 1) { st.fCast[d] = 2; return; }
      if (kind === T_KEYWORD && canon === 'array') return;
  }
  st.fSimple[d] = 0;
}

/** A literal (`start` ≥ 0: its text is kept when asked) or a placeholder already in the text. */
export function pushParam(start: number, end: number, sign = ''): void {
  if (st.literals !== null && start >= 0) st.literals.push(sign + st.sql.slice(start, end));
  const buf = st.buf;
  const n = buf.n;
  if (!st.postgres && n >= 2 && buf.kinds[n - 1] === T_COMMA) { // MySQL digest: `?, ?, ?` → `?, ...`
    const k2 = buf.kinds[n - 2];
    if (k2 === T_PARAM) { buf.n--; push(T_MORE, '', CANON_MORE); return; }
    if (k2 === T_MORE) { buf.n--; return; }
  }
  push(T_PARAM, '', CANON_PARAM);
}

/** An unquoted word, already lower case. */
export function pushWord(word: string): void {
  const h1 = hashText(word);
  pushLookedUpWord(word, KEYWORD_UPPER.get(word), h1, textH2);
}

/**
 * An unquoted word, already lower case, with its keyword spelling (`keyword`) when it is one, and its hash
 * lanes.
 */
export function pushLookedUpWord(word: string, keyword: string | undefined, h1: number, h2: number): void {
  let w = word;
  let upper = keyword;
  let lane1 = h1;
  let lane2 = h2;
  if (!st.postgres) {
    let respelled: string | undefined;
    const firsts = w.length < SYNONYM_FIRSTS.length ? SYNONYM_FIRSTS[w.length] : firstCharBit('s');
    if ((firsts & firstCharBit(w)) !== 0) {
      respelled = MYSQL_SYNONYMS.get(w) ?? (w.length > 8 && w.startsWith('sql_tsi_') ? w.slice(8) : undefined); // SQL_TSI_DAY
    }
    if (respelled !== undefined) {
      w = respelled;
      upper = KEYWORD_UPPER.get(w);
      lane1 = hashText(w);
      lane2 = textH2;
    }
  }
  const len = w.length;
  if ((len === 4 || len === 5) && (w === 'null' || w === 'true' || w === 'false')) {
    // pg_stat_statements replaces NULL, TRUE and FALSE by `$n` (they are constants) except after IS [NOT];
    // MySQL digests replace NULL the same way but print TRUE and FALSE.
    if ((w === 'null' || st.postgres) && !afterIs()) {
      pushParam(-1, -1);
      if (st.literals !== null) st.literals.push(w.toUpperCase());
      return;
    }
  }
  if (len === 3 && w === 'all' && st.postgres && afterKeyword('limit')) {
    // PostgreSQL reads LIMIT ALL as LIMIT NULL: pg_stat_statements prints `LIMIT $1`, one queryid with LIMIT 10.
    pushParam(-1, -1);
    if (st.literals !== null) st.literals.push('ALL');
    return;
  }
  if (upper === undefined) {
    note(T_WORD, w);
    pushRawHashed(T_WORD, w, w, lane1, lane2);
    return;
  }
  note(T_KEYWORD, w);
  pushRawHashed(T_KEYWORD, upper, w, lane1, lane2);
  if (w === 'values') {
    const d = st.depth;
    st.rowCtx[d] = 1;
    st.rowLast[d] = -1;
    st.rowFirst[d] = -1;
  }
}

function afterKeyword(keyword: string): boolean {
  const { kinds, canons, n } = st.buf;
  return n > 0 && kinds[n - 1] === T_KEYWORD && canons[n - 1] === keyword;
}

/** After IS, IS NOT or NOT (`NOT NULL` in a column definition), NULL/TRUE/FALSE are syntax, not values. */
function afterIs(): boolean {
  const { kinds, canons, n } = st.buf;
  if (n < 1 || kinds[n - 1] !== T_KEYWORD) return false;
  return canons[n - 1] === 'is' || canons[n - 1] === 'not';
}

/**
 * MariaDB digests print one spelling per token, not the one written (seen on 10.11: `CURRENT_TIMESTAMP` and
 * `LOCALTIME` print as `NOW`, `SUBSTR` as `SUBSTRING`, `VARCHAR` as `VARCHARACTER`). Both sides map to one
 * spelling here so a logged statement meets its digest.
 */
const MYSQL_SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['distinctrow', 'distinct'], ['current_date', 'curdate'], ['current_time', 'curtime'],
  ['current_timestamp', 'now'], ['localtime', 'now'], ['localtimestamp', 'now'], ['substr', 'substring'],
  ['character', 'char'], ['varcharacter', 'varchar'], ['integer', 'int'], ['dec', 'decimal'],
  ['bool', 'boolean'],
]);

/** Bit of a word's first letter (`a`…`z`; 0 for anything else). */
function firstCharBit(w: string): number {
  const c = w.charCodeAt(0) - 97;
  return c >= 0 && c < 26 ? 1 << c : 0;
}

/**
 * Per word length, the first letters of the synonyms of that length (and `sql_tsi_…` from 9 on): a word that
 * cannot be one is not looked up, since this runs for every MySQL word.
 */
const SYNONYM_FIRSTS: Int32Array = (() => {
  const firsts = new Int32Array(65);
  for (const w of MYSQL_SYNONYMS.keys()) firsts[w.length] |= firstCharBit(w);
  for (let len = 9; len < firsts.length; len++) firsts[len] |= firstCharBit('s');
  return firsts;
})();

/** A `-` here is a sign: at the start, after an operator, `(`, `[`, `,` or a keyword like THEN. */
export function signAllowed(): boolean {
  const { kinds, canons, n } = st.buf;
  if (n === 0) return true;
  const k = kinds[n - 1];
  if (k === T_OP || k === T_OPEN || k === T_LBRACK || k === T_COMMA) return true;
  return k === T_KEYWORD && SIGN_AFTER.has(canons[n - 1]);
}

export function openFrame(kind: number, text: string): void {
  const { kinds, canons, n } = st.buf;
  let fk = F_PLAIN;
  const prev = n > 0 ? kinds[n - 1] : 0;
  if (kind === T_OPEN) {
    if (prev === T_KEYWORD) {
      const w = canons[n - 1];
      if (w === 'in') fk = F_IN;
      else if ((w === 'any' || w === 'some') && n >= 2 && kinds[n - 2] === T_OP && canons[n - 2] === '=') fk = F_ANY;
      else if (w === 'all' && n >= 2 && kinds[n - 2] === T_OP && canons[n - 2] === '<>') fk = F_ALL;
    }
  } else if (st.postgres) {
    if ((prev === T_KEYWORD && canons[n - 1] === 'array') ||
      (st.depth > 0 && st.fKind[st.depth] === F_ARRAY && (prev === T_LBRACK || prev === T_COMMA))) fk = F_ARRAY;
  }
  push(kind, text, text);
  const d = ++st.depth;
  st.fStart[d] = st.buf.n - 1;
  st.fKind[d] = fk;
  st.fSimple[d] = 1;
  st.fParams[d] = 0;
  st.fCast[d] = 0;
  st.rowCtx[d] = fk === F_IN ? 1 : 0;
  st.rowLast[d] = -1;
  st.rowFirst[d] = -1;
  st.rowType[d] = 0;
}

function frameIsSimple(d: number): boolean {
  return st.fSimple[d] === 1 && st.fParams[d] > 0 && st.fCast[d] !== 1;
}

export function closeParen(): void {
  const buf = st.buf;
  const d = st.depth;
  if (d === 0 || buf.kinds[st.fStart[d]] !== T_OPEN) { push(T_CLOSE, ')', ')'); return; }
  const s = st.fStart[d];
  const fk = st.fKind[d];
  const simple = frameIsSimple(d);
  st.depth = d - 1;
  if (fk === F_IN) {
    if (simple) {
      buf.n = s + 1;
      pushRaw(T_PARAM, '', CANON_PARAM);
      pushRaw(T_MORE, '', CANON_MORE);
    } else if (st.rowFirst[d] === s + 1 && st.rowLast[d] === buf.n - 1 && buf.kinds[buf.n - 1] === T_CLOSE) {
      pushRaw(T_ROWS_MORE, '', CANON_ROWS_MORE); // one row in IN: same shape as several
    }
    push(T_CLOSE, ')', ')');
    return;
  }
  if ((fk === F_ANY || fk === F_ALL) && simple && st.fParams[d] === 1) {
    buf.n = s - 2; // drop `= ANY (…`
    if (fk === F_ALL) push(T_KEYWORD, 'NOT', 'not');
    push(T_KEYWORD, 'IN', 'in');
    push(T_OPEN, '(', '(');
    pushRaw(T_PARAM, '', CANON_PARAM);
    pushRaw(T_MORE, '', CANON_MORE);
    push(T_CLOSE, ')', ')');
    return;
  }
  let rowType = 0;
  if (!st.postgres) {
    const len = buf.n - s - 1;
    if (len === 1 && buf.kinds[s + 1] === T_PARAM) rowType = 1;
    else if (len === 2 && buf.kinds[s + 1] === T_PARAM && buf.kinds[s + 2] === T_MORE) rowType = 2;
  }
  push(T_CLOSE, ')', ')');
  reduceRows(d - 1, s, rowType);
}

/** A row `(…)` from index `s` just closed at depth `p`: drop it when it continues a run of rows. */
function reduceRows(p: number, s: number, rowType: number): void {
  const inRows = st.rowCtx[p] === 1;
  if (!inRows && rowType === 0) return;
  const buf = st.buf;
  const prevEnd = st.rowLast[p];
  if (prevEnd >= 0 && prevEnd === s - 2 && buf.kinds[s - 1] === T_COMMA &&
    (buf.kinds[prevEnd] === T_CLOSE || buf.kinds[prevEnd] === T_ROWS_MORE) && (inRows || st.rowType[p] === rowType)) {
    buf.n = s - 1;
    if (buf.kinds[buf.n - 1] !== T_ROWS_MORE) pushRaw(T_ROWS_MORE, '', CANON_ROWS_MORE);
    st.rowLast[p] = buf.n - 1;
    return;
  }
  st.rowLast[p] = buf.n - 1;
  st.rowFirst[p] = s;
  st.rowType[p] = rowType;
}

export function closeBracket(): void {
  const buf = st.buf;
  const d = st.depth;
  if (d === 0 || buf.kinds[st.fStart[d]] !== T_LBRACK) { push(T_RBRACK, ']', ']'); return; }
  const s = st.fStart[d];
  st.depth = d - 1;
  if (st.fKind[d] === F_ARRAY && frameIsSimple(d)) {
    const arrayWord = s >= 1 && buf.kinds[s - 1] === T_KEYWORD && buf.canons[s - 1] === 'array';
    buf.n = arrayWord ? s - 1 : s;
    push(T_PARAM, '', CANON_PARAM);
    return;
  }
  if (buf.n === s + 1) pushRaw(T_RBRACK, ']', ']'); // `[]` of a type (`::int[]`) leaves a list simple
  else push(T_RBRACK, ']', ']');
}

