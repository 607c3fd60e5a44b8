/**
 * The evaluation workload: each statement runs `calls` times with varying values through the plain drivers
 * (as an application would), so pg_stat_statements / performance_schema record their shapes and time.
 */
import pg from 'pg';
import mysql from 'mysql2/promise';
import type { Engine } from '../../../agent/events.js';
import { rows, schemaDdl } from './schema.js';

export interface EvalStatement {
  readonly name: string;
  /** SQL with `$n` placeholders; `?` is substituted on MySQL. */
  readonly sql: (s: string) => string;
  readonly params: (i: number) => unknown[];
  readonly calls: number;
}

export const statements: readonly EvalStatement[] = [
  { name: 'fk-lookup', sql: (s) => `SELECT id, total_cents FROM ${s}.orders WHERE customer_id = $1`, params: (i) => [1 + ((i * 37) % rows.customers)], calls: 15 },
  { name: 'esr', sql: (s) => `SELECT id, total_cents FROM ${s}.orders WHERE status = $1 AND created_at > $2 ORDER BY created_at DESC LIMIT 20`, params: (i) => [['new', 'paid', 'shipped', 'done'][i % 4], '2026-01-10 00:00:00'], calls: 15 },
  { name: 'expression', sql: (s) => `SELECT id FROM ${s}.customers WHERE lower(email) = lower($1)`, params: (i) => [`user${1 + ((i * 53) % rows.customers)}@example.com`], calls: 15 },
  { name: 'sort-limit', sql: (s) => `SELECT id, kind FROM ${s}.events ORDER BY created_at DESC LIMIT 50`, params: () => [], calls: 15 },
  { name: 'join', sql: (s) => `SELECT o.id, i.sku, i.quantity FROM ${s}.orders o JOIN ${s}.order_items i ON i.order_id = o.id WHERE o.customer_id = $1`, params: (i) => [1 + ((i * 41) % rows.customers)], calls: 15 },
  { name: 'low-selectivity', sql: (s) => `SELECT count(*) FROM ${s}.tickets WHERE priority = $1`, params: (i) => [['low', 'normal', 'high', 'urgent'][i % 4]], calls: 15 },
  { name: 'existing', sql: (s) => `SELECT id, name FROM ${s}.products WHERE sku = $1`, params: (i) => [`sku${1 + i}`], calls: 15 },
  { name: 'tiny', sql: (s) => `SELECT name FROM ${s}.countries WHERE code = $1`, params: (i) => [`c${1 + (i % 20)}`], calls: 15 },
  { name: 'existing-composite', sql: (s) => `SELECT id FROM ${s}.events WHERE account_id = $1 ORDER BY created_at DESC LIMIT 10`, params: (i) => [1 + (i % 500)], calls: 15 },
];

export interface EvalDatabase {
  readonly engine: Engine;
  /** Schema (PostgreSQL) or database (MySQL) holding the tables. */
  readonly schema: string;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function openEvalDatabase(engine: Engine, url: string, schema: string): Promise<EvalDatabase> {
  if (engine === 'postgres') {
    const client = new pg.Client(url);
    await client.connect();
    return { engine, schema, run: async (sql, params) => { await client.query(sql, params as unknown[]); }, close: () => client.end() };
  }
  const conn = await mysql.createConnection({ uri: url });
  return { engine, schema, run: async (sql, params) => { await conn.query(sql, params as unknown[]); }, close: () => conn.end() };
}

export async function createEvalSchema(db: EvalDatabase): Promise<void> {
  await dropEvalSchema(db);
  for (const ddl of schemaDdl(db.engine, db.schema)) await db.run(ddl);
}

export async function dropEvalSchema(db: EvalDatabase): Promise<void> {
  await db.run(db.engine === 'postgres' ? `DROP SCHEMA IF EXISTS ${db.schema} CASCADE` : `DROP DATABASE IF EXISTS ${db.schema}`);
}

/** Runs the workload; returns the number of statements executed. */
export async function runEvalWorkload(db: EvalDatabase): Promise<number> {
  let n = 0;
  // performance_schema files a digest under the session's default database, and qprof samples one database.
  if (db.engine === 'mysql') await db.run(`USE ${db.schema}`);
  for (const st of statements) {
    const sql = db.engine === 'postgres' ? st.sql(db.schema) : st.sql(db.schema).replace(/\$\d+/g, '?');
    for (let i = 0; i < st.calls; i += 1) { await db.run(sql, st.params(i)); n += 1; }
  }
  return n;
}
