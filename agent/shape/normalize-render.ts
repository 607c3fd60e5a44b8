import type { Engine } from '../events.js';
import {
  T_CAST, T_CLOSE, T_COMMA, T_DOT, T_KEYWORD, T_LBRACK, T_MORE, T_OPEN, T_PARAM, T_QIDENT, T_RBRACK, T_ROWS_MORE,
  T_SEMI, T_WORD, type TokenBuffer,
} from './normalize-tokens.js';

const MORE_TEXT = ' /*, ... */';
const TABLE_BEFORE = new Set(['INTO', 'TABLE', 'EXISTS', 'ONLY']);

/**
 * The normalized statement: single spaces, none inside `f(x)`, `a.b`, `$1::int`, `a[1]`, `ARRAY[`, before `,`
 * or `)`. Placeholders are numbered `$1, $2, …` in order on postgres and printed `?` on mysql. Spacing never
 * glues two tokens that would lex differently, so normalizing the output again gives the same id.
 */
export function renderTokens(buf: TokenBuffer, engine: Engine): string {
  const { kinds, texts, n } = buf;
  const postgres = engine === 'postgres';
  let out = '';
  let param = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k === T_MORE || k === T_ROWS_MORE) {
      out += MORE_TEXT;
      prev = k;
      continue;
    }
    if (i > 0 && !glued(prev, k, texts[i - 1], i > 1 ? texts[i - 2] : '')) out += ' ';
    out += k === T_PARAM ? (postgres ? `$${++param}` : '?') : texts[i];
    prev = k;
  }
  return out;
}

function glued(prev: number, k: number, prevText: string, prev2Text: string): boolean {
  if (k === T_COMMA || k === T_CLOSE || k === T_RBRACK || k === T_CAST || k === T_DOT || k === T_SEMI) return true;
  if (prev === T_OPEN || prev === T_LBRACK || prev === T_CAST || prev === T_DOT) return true;
  // `count(*)` but `INSERT INTO t (a, b)` and `CREATE TABLE t (…)`
  if (k === T_OPEN) return (prev === T_WORD || prev === T_QIDENT) && !TABLE_BEFORE.has(prev2Text);
  if (k === T_LBRACK) {
    return prev === T_WORD || prev === T_QIDENT || prev === T_CLOSE || prev === T_RBRACK ||
      (prev === T_KEYWORD && prevText === 'ARRAY');
  }
  return false;
}

/**
 * FNV-1a, 64 bit, over the engine name and the canonical token texts (NUL between tokens), as 16 hex
 * characters. Computed in four 16-bit limbs so it needs no BigInt: the prime is 2^40 + 0x1b3.
 */
export function hashTokens(buf: TokenBuffer, engine: Engine): string {
  const { canons, n } = buf;
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const feed = (byte: number): void => {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  };
  for (let i = 0; i < engine.length; i++) feed(engine.charCodeAt(i));
  for (let t = 0; t < n; t++) {
    feed(0);
    const s = canons[t];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) feed(c >>> 8);
      feed(c & 0xff);
    }
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(v: number): string {
  return (v | 0x10000).toString(16).slice(1);
}
