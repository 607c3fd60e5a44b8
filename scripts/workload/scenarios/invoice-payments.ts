/**
 * Planted N+1 #3, with named prepared statements on PostgreSQL (logs show `execute <name>` + parameters):
 * a customer's invoices, then the payments of each invoice, where payments.invoice_id has no index.
 */
import type { Scenario } from '../scenario.js';
import { stmt } from '../statement.js';

const invoicesByCustomer = stmt({
  name: 'invoices.by-customer', reads: ['invoices'], nPlusOne: 'parent', pgNamed: true,
  pg: 'SELECT id, number, amount_cents, issued_at FROM invoices WHERE customer_id = $1 ORDER BY issued_at DESC LIMIT 12',
});
const paymentsByInvoice = stmt({
  name: 'payments.by-invoice', reads: ['payments'], nPlusOne: 'child', pgNamed: true,
  pg: 'SELECT id, amount_cents, method, paid_at FROM payments WHERE invoice_id = $1',
});

export const invoicePayments: Scenario = {
  name: 'invoice-payments', role: 'web', weight: 8,
  tags: { controller: 'invoices', action: 'index', route: '/customers/:id/invoices' },
  statements: [invoicesByCustomer, paymentsByInvoice],
  nPlusOne: [{ loop: 'invoice-payments', parent: invoicesByCustomer.name, children: [paymentsByInvoice.name] }],
  async run({ db, rng, sizes, loop }) {
    const invoices = await db.run(invoicesByCustomer, [rng.int(1, sizes.regulars)]);
    await loop('invoice-payments', invoices.rows, (invoice) => db.run(paymentsByInvoice, [invoice.id]).then(() => undefined));
  },
};
