/**
 * Cost of one `qprof sample` on a pg_stat_statements holding 5,000 distinct entries of one database: the
 * server's time (its own pg_stat_statements counters for qprof's statements, plus the wall time of the
 * round trips) and qprof's time (fingerprint, diff, store). Uses a scratch database it creates and drops;
 * at the end it removes that database's pg_stat_statements entries (a benchmark, never the product).
 */
import pg from 'pg';
import { connectPostgres } from '../../agent/postgres/connect.js';
import { openStore } from '../../storage/db.js';
import { ensureTarget } from '../../storage/targets-repo.js';
import { sampleStatements } from '../../cli/sampling/engines.js';
import type { StatsSampleReport } from '../../cli/sampling/stats-cycle.js';
import type { Bench, BenchFigure } from './index.js';

const entries = 5000;
const baseUrl = process.env.QPROF_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = 'qprof_bench_sample';

function urlFor(db: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

/**
 * 5,000 structurally distinct statements (aliases do not count: pg_stat_statements jumbles the query tree):
 * statement i selects the column subset given by the bits of i mod 1023 and filters on column ⌊i / 1023⌋.
 * Run once each through plpgsql EXECUTE (pg_stat_statements.track = all records nested statements).
 */
async function runWorkload(app: pg.Client): Promise<void> {
  await app.query(`DO $$ DECLARE cols text; BEGIN
    FOR i IN 1..${entries} LOOP
      SELECT string_agg(format('c%s', b), ', ') INTO cols FROM generate_series(0, 9) b WHERE ((i % 1023) + 1) & (1 << b) <> 0;
      EXECUTE format('SELECT %s FROM items WHERE c%s = $1', cols, i / 1023) USING i % 100;
    END LOOP; END $$`);
}

/** Server time spent on qprof's own statements since the previous call, from pg_stat_statements itself. */
async function readOwnServerMs(app: pg.Client): Promise<number> {
  const row = (await app.query(`SELECT coalesce(sum(total_exec_time + total_plan_time), 0) AS ms FROM pg_stat_statements
    WHERE query LIKE '/* qprof */%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0] as { ms: number };
  return Number(row.ms);
}

export const sampleBench: Bench = {
  name: 'sample',
  async run(): Promise<readonly BenchFigure[]> {
    const admin = new pg.Client(baseUrl);
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    const app = new pg.Client(urlFor(database));
    await app.connect();
    const store = openStore(':memory:');
    const figures: BenchFigure[] = [];
    try {
      await app.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await app.query(`CREATE TABLE items (${Array.from({ length: 10 }, (_, b) => `c${b} int`).join(', ')});
        INSERT INTO items SELECT g, g, g, g, g, g, g, g, g, g FROM generate_series(1, 100) g`);
      await runWorkload(app);
      const target = ensureTarget(store, 'bench', 'postgres', null, Date.now());
      const session = await connectPostgres(urlFor(database));
      const measure = async (label: string): Promise<StatsSampleReport> => {
        const before = await readOwnServerMs(app);
        const report = await sampleStatements(store, target, session);
        const serverMs = (await readOwnServerMs(app)) - before;
        figures.push(
          { label: `${label}: server execution`, value: serverMs, unit: 'ms', note: `${report.entries} entries, pg_stat_statements' own counters` },
          { label: `${label}: database round trips`, value: report.databaseMs, unit: 'ms' },
          { label: `${label}: qprof`, value: report.qprofMs, unit: 'ms', note: `${report.shapesChanged} shapes changed, ${report.newShapes} new` },
        );
        return report;
      };
      await measure('first sample (baseline, 5,000 texts fingerprinted)');
      await runWorkload(app);
      await measure('second sample (5,000 deltas, new shapes described)');
      await runWorkload(app);
      await measure('steady sample (5,000 deltas, known shapes)');
      await measure('idle sample (nothing changed)');
      await session.close();
      await app.query('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');
    } finally {
      await app.end();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      store.close();
    }
    return figures;
  },
};
