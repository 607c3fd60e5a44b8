import test from 'ava';
import { ConfigError } from '../../agent/errors.js';
import { openStore } from '../../storage/db.js';
import { ensureTarget, readTargets } from '../../storage/targets-repo.js';
import { adviseNPlusOne } from '../../analyzer/n-plus-one/advise-io.js';
import { adviseIndexes } from '../../analyzer/index-advisor/advise-io.js';
import { adviseReplicas } from '../../analyzer/replica-routing/advise-io.js';

test('every advisor takes all targets by default, one by --target, and a misspelt --target names the known ones', async (t) => {
  const db = openStore(':memory:');
  ensureTarget(db, 'orders-pg', 'postgres', null, 0);
  ensureTarget(db, 'shop-mysql', 'mysql', null, 0);
  t.deepEqual(adviseNPlusOne(db).map((r) => r.target.name), ['orders-pg', 'shop-mysql']);
  t.deepEqual(adviseNPlusOne(db, { target: 'shop-mysql' }).map((r) => r.target.name), ['shop-mysql']);
  t.deepEqual((await adviseIndexes(db, { target: 'orders-pg' })).map((r) => r.target.name), ['orders-pg']);
  const unknown = { instanceOf: ConfigError, message: /^no target named shop-pg in the store/ };
  t.throws(() => adviseNPlusOne(db, { target: 'shop-pg' }), unknown);
  t.throws(() => adviseReplicas(db, { target: 'shop-pg' }), unknown);
  const error = await t.throwsAsync(adviseIndexes(db, { target: 'shop-pg' }), unknown);
  t.regex(error?.hint ?? '', /orders-pg, shop-mysql/);
  t.is(readTargets(db).length, 2, 'looking a target up never creates one');
  db.close();
});
