/**
 * What a PostgreSQL log message says, independent of the log format: a statement with or without duration, an
 * auto_explain plan, a lock wait, a temporary file, an error, or nothing qprof uses. Message texts are those of
 * PostgreSQL 15 (src/backend/tcop/postgres.c, storage/lmgr/proc.c, storage/file/fd.c).
 */
import { parseAutoExplain, type ParsedPlan } from './pg-plan.js';

export type PgMessage =
  /** `duration: X ms` alone: the statement was already logged by log_statement. */
  | { readonly kind: 'bare-duration'; readonly durationMs: number }
  /** `[duration: X ms  ]statement: …` or `[duration: X ms  ]execute <name>: …`. */
  | { readonly kind: 'statement'; readonly durationMs: number | null; readonly sql: string; readonly prepared: boolean }
  | { readonly kind: 'plan'; readonly durationMs: number; readonly parsed: ParsedPlan | null }
  | { readonly kind: 'lock-wait'; readonly lockMode: string; readonly waitedMs: number; readonly acquired: boolean }
  | { readonly kind: 'temp-file'; readonly sizeBytes: number }
  | { readonly kind: 'disconnection' }
  /** parse/bind steps and portal fetches of the extended protocol, and every message qprof does not use. */
  | { readonly kind: 'other' };

const other: PgMessage = { kind: 'other' };

export function parsePgMessage(message: string): PgMessage {
  if (message.startsWith('duration: ')) {
    const msEnd = message.indexOf(' ms', 10);
    if (msEnd < 0) return other;
    const durationMs = Number(message.slice(10, msEnd));
    if (!Number.isFinite(durationMs)) return other;
    if (msEnd + 3 === message.length) return { kind: 'bare-duration', durationMs };
    const rest = message.slice(msEnd + 3).trimStart();
    if (rest.startsWith('plan:')) return { kind: 'plan', durationMs, parsed: parseAutoExplain(rest.slice(5)) };
    return parseStatement(rest, durationMs);
  }
  if (message.startsWith('statement: ') || message.startsWith('execute ')) return parseStatement(message, null);
  if (message.startsWith('process ')) return parseLockWait(message);
  if (message.startsWith('temporary file: ')) {
    const size = message.lastIndexOf(', size ');
    const sizeBytes = size < 0 ? NaN : Number(message.slice(size + 7));
    return Number.isFinite(sizeBytes) ? { kind: 'temp-file', sizeBytes } : other;
  }
  if (message.startsWith('disconnection: ')) return { kind: 'disconnection' };
  return other;
}

function parseStatement(text: string, durationMs: number | null): PgMessage {
  if (text.startsWith('statement: ')) return { kind: 'statement', durationMs, sql: text.slice(11), prepared: false };
  if (text.startsWith('execute ')) {
    // `execute fetch from <portal>/<cursor>:` continues an execution already counted.
    if (text.startsWith('execute fetch from ')) return other;
    const colon = text.indexOf(': ', 8);
    if (colon < 0) return other;
    return { kind: 'statement', durationMs, sql: text.slice(colon + 2), prepared: true };
  }
  return other; // parse / bind: counted once, at execute
}

/** `process 123 still waiting for ShareLock on transaction 745 after 1000.070 ms` / `… acquired … after …`. */
function parseLockWait(message: string): PgMessage {
  const after = message.lastIndexOf(' after ');
  if (after < 0 || !message.endsWith(' ms')) return other;
  const waitedMs = Number(message.slice(after + 7, -3));
  if (!Number.isFinite(waitedMs)) return other;
  let acquired: boolean;
  let modeStart = message.indexOf(' still waiting for ');
  if (modeStart >= 0) {
    acquired = false;
    modeStart += 19;
  } else {
    modeStart = message.indexOf(' acquired ');
    if (modeStart < 0) return other;
    acquired = true;
    modeStart += 10;
  }
  const modeEnd = message.indexOf(' on ', modeStart);
  if (modeEnd < 0) return other;
  return { kind: 'lock-wait', lockMode: message.slice(modeStart, modeEnd), waitedMs, acquired };
}

/**
 * `parameters: $1 = '42', $2 = NULL` → `["'42'", 'NULL']`: each value as the SQL literal PostgreSQL printed
 * (quotes kept, so NULL and the string 'NULL' stay distinct and a value can be substituted back for EXPLAIN).
 * Returns undefined when the detail is not a parameter list.
 */
export function parseParameters(detail: string | null): string[] | undefined {
  if (detail === null || !detail.startsWith('parameters: ')) return undefined;
  const values: string[] = [];
  let i = 12;
  while (i < detail.length) {
    if (detail.charCodeAt(i) !== 36 /* $ */) return values;
    const eq = detail.indexOf(' = ', i);
    if (eq < 0) return values;
    i = eq + 3;
    if (detail.charCodeAt(i) === 39 /* ' */) {
      let j = i + 1;
      for (;;) {
        const q = detail.indexOf("'", j);
        if (q < 0) { j = detail.length; break; }
        if (detail.charCodeAt(q + 1) === 39) { j = q + 2; continue; }
        j = q + 1;
        break;
      }
      values.push(detail.slice(i, j));
      i = j;
    } else {
      const comma = detail.indexOf(', $', i);
      const end = comma < 0 ? detail.length : comma;
      values.push(detail.slice(i, end));
      i = end;
    }
    if (detail.startsWith(', ', i)) i += 2;
    else break;
  }
  return values;
}
