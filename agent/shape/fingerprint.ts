import type { Engine } from '../events.js';
import { normalizeStatement } from './normalize.js';
import type { Fingerprint, FingerprintOptions } from './types.js';

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The shape of one statement: id, normalized text, comment tags. One linear pass, no parse (see normalize.ts
 * for the rules and README "Query shapes" for what meets and what stays apart). Never throws: any input,
 * binary garbage included, gets an id.
 */
export function fingerprint(sql: string, engine: Engine, options?: FingerprintOptions): Fingerprint {
  const e: Engine = engine === 'mysql' ? 'mysql' : 'postgres';
  const r = normalizeStatement(sql, e, options?.keepLiterals === true);
  const result: Fingerprint = {
    id: r.id,
    engine: e,
    normalized: r.normalized,
    tags: r.tags ?? NO_TAGS,
    truncated: r.truncated,
  };
  return r.literals === null ? result : { ...result, literals: r.literals };
}
