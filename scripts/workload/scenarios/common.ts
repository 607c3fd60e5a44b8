/** Statements several scenarios share: transaction control and the audit trail. */
import { stmt } from '../statement.js';

export const tx = {
  begin: stmt({ name: 'tx.begin', pg: 'BEGIN', transactionControl: true }),
  commit: stmt({ name: 'tx.commit', pg: 'COMMIT', transactionControl: true }),
  rollback: stmt({ name: 'tx.rollback', pg: 'ROLLBACK', transactionControl: true }),
};

export const auditInsert = stmt({
  name: 'audit-log.insert',
  pg: 'INSERT INTO audit_log (entity, entity_id, action, request_id, created_at) VALUES ($1, $2, $3, gen_random_uuid(), now())',
  my: 'INSERT INTO audit_log (entity, entity_id, action, request_id, created_at) VALUES (?, ?, ?, UUID(), NOW())',
  writes: ['audit_log'],
});

/** Order ids that exist after seeding at any scale (new ones are added by checkout). */
export function anyInvoiceId(rng: { int(a: number, b: number): number }, orders: number): number {
  // ~90% of seeded orders are paid or shipped and got one invoice each.
  return rng.int(1, Math.floor(orders * 0.85));
}
