import type { Engine } from '../events.js';

/**
 * The literal-free identity of a statement. Computed by one linear pass over the text, no parse.
 * Normalized-text conventions (shared by every source, so the same statement gets the same id):
 * - literals become placeholders: `$1, $2, …` numbered in order of appearance on postgres, `?` on mysql;
 * - an `IN (…)` list of any length becomes `IN ($1 /*, ... *\/)` (postgres) or `IN (? /*, ... *\/)` (mysql);
 *   `= ANY($1)` / `= ANY(ARRAY[…])` on postgres gets the same id as `IN (…)`;
 * - multi-row `VALUES (…), (…)` keeps the first row followed by `/*, ... *\/`;
 * - keywords upper case, unquoted identifiers lower case, single spaces, no comments, no trailing `;`.
 * The normalized text stays parseable by the dialect's parser.
 */
export interface Fingerprint {
  /** 16 hex characters; the engine is part of the hash. */
  readonly id: string;
  readonly engine: Engine;
  readonly normalized: string;
  /** sqlcommenter / marginalia key-values found in comments (`controller`, `action`, `route`, …). */
  readonly tags: Readonly<Record<string, string>>;
  /** The text was cut short (performance_schema digest ending in `...`, or a capped log statement). */
  readonly truncated: boolean;
  /** Literal values in order of appearance; only filled when asked for (`keepLiterals`). */
  readonly literals?: readonly string[];
}

export interface FingerprintOptions {
  /** Collect literal values (for users who opt in to keeping samples). Default false. */
  readonly keepLiterals?: boolean;
}

export type StatementKind =
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'merge'
  | 'ddl'
  | 'transaction'
  | 'set'
  | 'show'
  | 'explain'
  | 'copy'
  | 'call'
  | 'lock'
  | 'utility'
  | 'unknown';

export interface OrderColumn {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

/** A predicate on an expression rather than a bare column: `lower(email) = $1`. */
export interface ExpressionPredicate {
  /** Normalized expression text, e.g. `lower(email)`. */
  readonly expression: string;
  readonly columns: readonly string[];
  readonly op: 'equality' | 'range' | 'in' | 'like-prefix';
}

/** How one statement uses one table. Column names are lower-cased, unqualified. */
export interface TableFeatures {
  /** Schema when written in the statement, else null (resolved against the catalog later). */
  readonly schema: string | null;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly access: 'read' | 'write' | 'read-write';
  readonly equality: readonly string[];
  readonly in: readonly string[];
  readonly range: readonly string[];
  readonly likePrefix: readonly string[];
  /** `col IS NULL` / `col IS NOT NULL`: candidates for a partial index. */
  readonly isNull: readonly string[];
  readonly isNotNull: readonly string[];
  readonly join: readonly string[];
  readonly orderBy: readonly OrderColumn[];
  readonly groupBy: readonly string[];
  readonly expressions: readonly ExpressionPredicate[];
}

export interface FunctionCall {
  /** Lower-cased, schema-qualified when written so. */
  readonly name: string;
  /** Built-in volatility (`now()` is stable, `random()`/`nextval()` volatile); `unknown` for user functions. */
  readonly volatility: 'immutable' | 'stable' | 'volatile' | 'unknown';
  /** Shorthand for `volatility === 'volatile'`. */
  readonly volatile: boolean;
  /** Known built-in; false means a user function whose volatility the catalog must tell. */
  readonly builtin: boolean;
}

export interface ShapeFeatures {
  readonly kind: StatementKind;
  readonly tables: readonly TableFeatures[];
  readonly limit: boolean;
  readonly offset: boolean;
  /** `FOR UPDATE` / `FOR SHARE` / … / MySQL `LOCK IN SHARE MODE`. */
  readonly lock: 'update' | 'no key update' | 'share' | 'key share' | null;
  readonly functions: readonly FunctionCall[];
  /** A data-modifying statement inside a WITH. */
  readonly writesInCte: boolean;
  readonly subqueries: number;
  /** `SELECT … INTO new_table` (a write). */
  readonly selectInto: boolean;
}

/** The result of parsing a normalized statement once per new shape. */
export interface ShapeDescription {
  readonly parsed: boolean;
  /** Present when parsed; when not, `kind` still comes from the first keyword. */
  readonly features: ShapeFeatures;
  /** Parser message when `parsed` is false. */
  readonly error?: string;
}
