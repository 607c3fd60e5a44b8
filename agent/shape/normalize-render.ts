import type { Engine } from '../events.js';
import { KEYWORD_UPPER } from './lexer-keywords.js';
import {
  T_CAST, T_CLOSE, T_COMMA, T_DOT, T_KEYWORD, T_LBRACK, T_MORE, T_OPEN, T_PARAM, T_QIDENT, T_RBRACK, T_ROWS_MORE,
  T_SEMI, T_WORD, type TokenBuffer,
} from './normalize-tokens.js';

const MORE_TEXT = ' /*, ... */';
const TABLE_BEFORE = new Set(['into', 'table', 'exists', 'only']);

/**
 * The normalized statement: single spaces, none inside `f(x)`, `a.b`, `$1::int`, `a[1]`, `ARRAY[`, before `,`
 * or `)`. Placeholders are numbered `$1, $2, …` in order on postgres and printed `?` on mysql. Spacing never
 * glues two tokens that would lex differently, so normalizing the output again gives the same id.
 */
export function renderTokens(buf: TokenBuffer, engine: Engine): string {
  const { kinds, canons, n } = buf;
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
    if (i > 0 && !glued(prev, k, canons[i - 1], i > 1 ? canons[i - 2] : '')) out += ' ';
    out += k === T_PARAM ? (postgres ? dollar(++param) : '?') : displayText(buf, i);
    prev = k;
  }
  return out;
}

/** Keywords print in upper case, quoted names as kept; everything else as its canonical text. */
function displayText(buf: TokenBuffer, i: number): string {
  const k = buf.kinds[i];
  if (k === T_QIDENT) return buf.texts[i];
  if (k === T_KEYWORD) return KEYWORD_UPPER.get(buf.canons[i]) ?? buf.canons[i].toUpperCase();
  return buf.canons[i];
}

const DOLLARS: string[] = [];
function dollar(k: number): string {
  while (DOLLARS.length <= k) DOLLARS.push(`$${DOLLARS.length}`);
  return DOLLARS[k];
}

function glued(prev: number, k: number, prevText: string, prev2Text: string): boolean {
  if (k === T_COMMA || k === T_CLOSE || k === T_RBRACK || k === T_CAST || k === T_DOT || k === T_SEMI) return true;
  if (prev === T_OPEN || prev === T_LBRACK || prev === T_CAST || prev === T_DOT) return true;
  // `count(*)` but `INSERT INTO t (a, b)` and `CREATE TABLE t (…)`
  if (k === T_OPEN) return (prev === T_WORD || prev === T_QIDENT) && !TABLE_BEFORE.has(prev2Text);
  if (k === T_LBRACK) {
    return prev === T_WORD || prev === T_QIDENT || prev === T_CLOSE || prev === T_RBRACK ||
      (prev === T_KEYWORD && prevText === 'array');
  }
  return false;
}

/** Set by `identify`: the id and normalized text of the statement in the buffer. */
export let identifiedId = '';
export let identifiedText = '';

/**
 * Recent ids by their 64-bit value, with their printed text. A workload repeats a few thousand shapes
 * millions of times, so printing the text (and the hex id) once per shape instead of once per statement is
 * most of what keeps the pass cheap. It also gives one id one text where spellings differ only in what the
 * id ignores (`` `status` `` and `STATUS`).
 */
const CACHE_BITS = 13;
const cacheH1 = new Int32Array(1 << CACHE_BITS);
const cacheH2 = new Int32Array(1 << CACHE_BITS);
const cacheIds: string[] = new Array<string>(1 << CACHE_BITS).fill('');
const cacheTexts: string[] = new Array<string>(1 << CACHE_BITS).fill('');

/**
 * The id: 64 bits from the engine name and the hash lanes of every canonical token text, as 16 hex
 * characters. Two 32-bit multiply-xor lanes (each token's lanes are themselves multiply-xor hashes of its
 * characters, computed while scanning), cross-mixed at the end (cyrb53's construction widened to 64 bits).
 * No BigInt, one multiplication per token and lane. Not cryptographic: an id is a grouping key.
 */
export function identify(buf: TokenBuffer, engine: Engine): void {
  const { h1s, h2s, n } = buf;
  let h1 = engine === 'postgres' ? 0x1b873593 : 0x5d2a7c41;
  let h2 = engine === 'postgres' ? 0x6c8e9cf5 : 0x3c6ef372;
  for (let t = 0; t < n; t++) {
    h1 = Math.imul(h1 ^ h1s[t], 2654435761);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ h2s[t], 1597334677);
    h2 ^= h2 >>> 13;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const slot = h1 & ((1 << CACHE_BITS) - 1);
  if (cacheH1[slot] === h1 && cacheH2[slot] === h2 && cacheIds[slot] !== '') {
    identifiedId = cacheIds[slot];
    identifiedText = cacheTexts[slot];
    return;
  }
  identifiedId = hex16(h2, h1);
  identifiedText = renderTokens(buf, engine);
  cacheH1[slot] = h1;
  cacheH2[slot] = h2;
  cacheIds[slot] = identifiedId;
  cacheTexts[slot] = identifiedText;
}

const HEX_DIGITS = '0123456789abcdef';
const H = Array.from(HEX_DIGITS, (ch) => ch.charCodeAt(0));

/** 16 hex digits in one flat string (one allocation; concatenation would build a rope to flatten later). */
function hex16(a: number, b: number): string {
  return String.fromCharCode(
    H[(a >>> 28) & 15], H[(a >>> 24) & 15], H[(a >>> 20) & 15], H[(a >>> 16) & 15],
    H[(a >>> 12) & 15], H[(a >>> 8) & 15], H[(a >>> 4) & 15], H[a & 15],
    H[(b >>> 28) & 15], H[(b >>> 24) & 15], H[(b >>> 20) & 15], H[(b >>> 16) & 15],
    H[(b >>> 12) & 15], H[(b >>> 8) & 15], H[(b >>> 4) & 15], H[b & 15],
  );
}
