import type { Engine } from '../events.js';
import { normalizeStatement } from './normalize.js';
import type { Fingerprint, FingerprintOptions } from './types.js';

/**
 * The shape of one statement: id, normalized text, comment tags. One linear pass, no parse (see normalize.ts
 * for the rules and README "Query shapes" for what meets and what stays apart). Never throws: any input,
 * binary garbage included, gets an id.
 */
export function fingerprint(sql: string, engine: Engine, options?: FingerprintOptions): Fingerprint {
  return normalizeStatement(sql, engine === 'mysql' ? 'mysql' : 'postgres', options?.keepLiterals === true);
}
