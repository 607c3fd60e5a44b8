/**
 * A nightly export job: keyset-paginated chunk reads, a run of point lookups over consecutive ids that no
 * parent result drives, row-by-row updates (batching advice, not N+1), a multi-row insert and a bounded
 * delete. The same shapes repeat many times in a burst: the N+1 detector's negative cases.
 */
import type { Scenario } from '../scenario.js';
import { timing } from '../scenario.js';
import { stmt } from '../statement.js';
import { anyInvoiceId } from './common.js';

const chunk = stmt({
  name: 'orders.chunk-after', reads: ['orders'], nPlusOne: 'bulk',
  pg: 'SELECT id, customer_id, total_cents FROM orders WHERE id > $1 ORDER BY id LIMIT $2',
});
const invoiceById = stmt({
  name: 'invoices.by-id-export', reads: ['invoices'], nPlusOne: 'bulk',
  pg: 'SELECT id, number, amount_cents, status FROM invoices WHERE id = $1',
});
const touchProduct = stmt({
  name: 'products.touch', writes: ['products'], nPlusOne: 'row-by-row-write',
  pg: 'UPDATE products SET updated_at = now() WHERE id = $1',
  my: 'UPDATE products SET updated_at = NOW() WHERE id = ?',
});
const auditMulti = stmt({
  name: 'audit-log.insert-multi', writes: ['audit_log'],
  pg: (n) => `INSERT INTO audit_log (entity, entity_id, action, request_id, created_at) VALUES ${
    Array.from({ length: n }, (_, i) => `('order', $${i + 1}, 'export', gen_random_uuid(), now())`).join(', ')}`,
  my: (n) => `INSERT INTO audit_log (entity, entity_id, action, request_id, created_at) VALUES ${
    Array.from({ length: n }, () => `('order', ?, 'export', UUID(), NOW())`).join(', ')}`,
});
const deleteOldest = stmt({
  name: 'audit-log.delete-oldest', reads: ['audit_log'], writes: ['audit_log'],
  pg: 'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id LIMIT 20)',
  my: 'DELETE FROM audit_log ORDER BY id LIMIT 20',
});

export const bulkExport: Scenario = {
  name: 'bulk-export', role: 'jobs', weight: 4,
  tags: { job: 'nightly-export' },
  statements: [chunk, invoiceById, touchProduct, auditMulti, deleteOldest],
  async run({ db, rng, sizes, pause }) {
    let after = rng.int(0, Math.max(0, sizes.orders - 2_000));
    const firstIds: unknown[] = [];
    for (let i = 0; i < 8; i++) {
      const rows = (await db.run(chunk, [after, 200])).rows;
      if (rows.length === 0) break;
      firstIds.push(rows[0].id);
      after = Number(rows[rows.length - 1].id);
      await pause(timing.loopGapMs);
    }
    const firstInvoice = anyInvoiceId(rng, sizes.orders - 20);
    for (let id = firstInvoice; id < firstInvoice + 20; id++) {
      await db.run(invoiceById, [id]);
      await pause(timing.loopGapMs);
    }
    const firstProduct = rng.int(1, Math.max(1, sizes.products - 15));
    for (let id = firstProduct; id < firstProduct + 15; id++) {
      await db.run(touchProduct, [id]);
      await pause(timing.loopGapMs);
    }
    if (firstIds.length) await db.run(auditMulti, firstIds);
    await db.run(deleteOldest);
  },
};
