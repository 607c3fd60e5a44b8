/**
 * --setup / --teardown: create the shop schema (PostgreSQL schema or MariaDB database), load the seed rows,
 * ANALYZE; or drop it all. Setup starts from scratch: an existing schema of that name is dropped first.
 */
import type { Engine } from '../../agent/events.js';
import { openConnection, type WorkloadConnection } from './connection.js';
import { ddlFor, tablesWithIds, allTables } from './schema.js';
import { planSeed, sizesFor, type Sizes, type TableRows } from './seed-plan.js';

/** PostgreSQL allows 65,535 bind parameters per statement. */
const maxParams = 60_000;
const maxRowsPerInsert = 1_000;

export async function setupShop(engine: Engine, url: string, schema: string, scale: number, seed: number): Promise<Sizes> {
  await recreateSchema(engine, url, schema, true);
  const conn = await openConnection(engine, url, { schema, applicationName: 'shop-setup' });
  try {
    for (const ddl of ddlFor(engine)) await conn.send(ddl);
    const sizes = sizesFor(scale);
    for (const table of planSeed(sizes, seed)) await insertRows(conn, table);
    if (engine === 'postgres') {
      for (const t of tablesWithIds.filter((t) => t !== 'categories')) {
        await conn.send(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
      }
      await conn.send(`ANALYZE ${allTables.join(', ')}`);
    } else {
      await conn.send(`ANALYZE TABLE ${allTables.join(', ')}`);
    }
    return sizes;
  } finally {
    await conn.close();
  }
}

export async function teardownShop(engine: Engine, url: string, schema: string): Promise<void> {
  await recreateSchema(engine, url, schema, false);
}

async function recreateSchema(engine: Engine, url: string, schema: string, create: boolean): Promise<void> {
  const admin = await openConnection(engine, url, { schema: null, applicationName: 'shop-setup' });
  try {
    const kind = engine === 'postgres' ? 'SCHEMA' : 'DATABASE';
    await admin.send(`DROP ${kind} IF EXISTS ${schema}${engine === 'postgres' ? ' CASCADE' : ''}`);
    if (create) await admin.send(`CREATE ${kind} ${schema}`);
  } finally {
    await admin.close();
  }
}

async function insertRows(conn: WorkloadConnection, table: TableRows): Promise<void> {
  const perInsert = Math.min(maxRowsPerInsert, Math.floor(maxParams / table.columns.length));
  const head = `INSERT INTO ${table.table} (${table.columns.join(', ')}) VALUES `;
  for (let start = 0; start < table.rows.length; start += perInsert) {
    const rows = table.rows.slice(start, start + perInsert);
    if (conn.engine === 'mysql') {
      await conn.send(`${head}?`, [rows], { mysqlMode: 'query' });
      continue;
    }
    let n = 0;
    const tuples = rows.map((row) => `(${row.map(() => `$${++n}`).join(', ')})`);
    await conn.send(head + tuples.join(', '), rows.flat());
  }
}
