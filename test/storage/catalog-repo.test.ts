import test from 'ava';
import { openStore } from '../../storage/db.js';
import { ensureTarget } from '../../storage/targets-repo.js';
import { insertCatalogSnapshot, readLatestCatalog } from '../../storage/catalog-repo.js';
import type { CatalogTable } from '../../agent/catalog/types.js';

const table = (inserts: number): CatalogTable => ({ schema: 'public', name: 'orders', sizeBytes: 8192, totalSizeBytes: 16384, liveRows: 10,
  seqScans: 1, idxScans: 2, inserts, updates: 0, deletes: 0 });

test('readLatestCatalog returns the newest snapshot of each kind; old ones are pruned per kind', (t) => {
  const db = openStore(':memory:');
  const target = ensureTarget(db, 't', 'postgres', null, 0);
  const minute = 60_000;
  for (let i = 0; i < 5; i++) {
    insertCatalogSnapshot(db, target.id, i * 10 * minute, { tables: [table(i)], settings: { version: 'PostgreSQL 15', engineVersion: '15', settings: { i: String(i) } } });
  }
  insertCatalogSnapshot(db, target.id, 3 * 86_400_000, { tables: [table(99)] });
  const latest = readLatestCatalog(db, target.id);
  t.is(latest.tables?.[0]?.inserts, 99);
  t.is(latest.settings?.settings.i, '4', 'a kind missing from the newest sample keeps its last snapshot');
  t.is(latest.takenMs.tables, 3 * 86_400_000);
  t.is(latest.indexes, undefined, 'a kind never captured is absent');
  const counts = db.prepare('SELECT kind, count(*) AS n FROM catalog_snapshots GROUP BY kind ORDER BY kind').all();
  t.deepEqual(counts, [{ kind: 'settings', n: 2 }, { kind: 'tables', n: 1 }]);
  db.close();
});
