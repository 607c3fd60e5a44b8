/** Runnable DDL for recommendations: CREATE/DROP INDEX CONCURRENTLY on PostgreSQL, ALTER TABLE on MySQL. Pure. */
import type { Engine } from '../../agent/events.js';
import type { Candidate, TableRef } from './types.js';

const plain = /^[a-z_][a-z0-9_$]*$/;

export function quoteIdent(name: string, engine: Engine): string {
  if (plain.test(name)) return name;
  return engine === 'postgres' ? `"${name.replace(/"/g, '""')}"` : `\`${name.replace(/`/g, '``')}\``;
}

export function tableName(table: TableRef, engine: Engine): string {
  return `${quoteIdent(table.schema, engine)}.${quoteIdent(table.name, engine)}`;
}

/** `orders_customer_id_created_at_idx`, cut to the 63/64-character identifier limit. */
export function indexName(candidate: Pick<Candidate, 'table' | 'columns' | 'expression'>): string {
  const parts = candidate.expression !== null ? candidate.expression.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') : candidate.columns.join('_');
  const base = `${candidate.table.name}_${parts}`.slice(0, 59).replace(/_$/, '');
  return `${base}_idx`;
}

function keyList(candidate: Candidate, engine: Engine): string {
  if (candidate.expression !== null) return `(${candidate.expression})`;
  return candidate.columns.map((c) => `${quoteIdent(c, engine)}${candidate.descending.includes(c) ? ' DESC' : ''}`).join(', ');
}

/** The statement a user runs. `hypothetical` gives the plain CREATE INDEX that hypopg_create_index accepts. */
export function renderCreateStatement(candidate: Candidate, engine: Engine, hypothetical = false): string {
  const name = quoteIdent(indexName(candidate), engine);
  if (engine === 'mysql') return `ALTER TABLE ${tableName(candidate.table, engine)} ADD INDEX ${name} (${keyList(candidate, engine)})`;
  const include = candidate.include.length > 0 ? ` INCLUDE (${candidate.include.map((c) => quoteIdent(c, engine)).join(', ')})` : '';
  const where = `${include}${candidate.where ? ` WHERE ${candidate.where}` : ''}`;
  if (hypothetical) return `CREATE INDEX ON ${tableName(candidate.table, engine)} (${keyList(candidate, engine)})${where}`;
  return `CREATE INDEX CONCURRENTLY ${name} ON ${tableName(candidate.table, engine)} (${keyList(candidate, engine)})${where}`;
}

export function renderDropStatement(table: TableRef, index: string, engine: Engine): string {
  if (engine === 'mysql') return `ALTER TABLE ${tableName(table, engine)} DROP INDEX ${quoteIdent(index, engine)}`;
  return `DROP INDEX CONCURRENTLY ${quoteIdent(table.schema, engine)}.${quoteIdent(index, engine)}`;
}
