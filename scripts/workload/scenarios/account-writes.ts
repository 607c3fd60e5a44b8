/**
 * API writes followed by a read of what was just written, on the same connection within 1–20 ms
 * (read-your-writes: a replica may not have it yet), and a payment recorded against an invoice.
 */
import type { Scenario } from '../scenario.js';
import { timing } from '../scenario.js';
import { stmt } from '../statement.js';
import { anyInvoiceId, auditInsert, tx } from './common.js';

const updateTicket = stmt({
  name: 'tickets.update-status', writes: ['tickets'],
  pg: 'UPDATE tickets SET status = $1, updated_at = now() WHERE id = $2',
  my: 'UPDATE tickets SET status = ?, updated_at = NOW() WHERE id = ?',
});
const ticketAfterUpdate = stmt({
  name: 'tickets.by-id-after-update', reads: ['tickets'], readYourWrites: true,
  pg: 'SELECT id, subject, status, priority, updated_at FROM tickets WHERE id = $1',
});
const updateName = stmt({
  name: 'customers.update-name', writes: ['customers'], mysqlMode: 'execute',
  pg: 'UPDATE customers SET name = $1 WHERE id = $2',
});
const profile = stmt({
  name: 'customers.profile', reads: ['customers'], readYourWrites: true,
  pg: 'SELECT id, name, email, country, created_at FROM customers WHERE id = $1',
});
const markPaid = stmt({
  name: 'invoices.mark-paid', writes: ['invoices'],
  pg: `UPDATE invoices SET status = 'paid' WHERE id = $1`,
});
const insertPayment = stmt({
  name: 'payments.insert', writes: ['payments'], mysqlMode: 'execute',
  pg: 'INSERT INTO payments (invoice_id, amount_cents, method, paid_at) VALUES ($1, $2, $3, now())',
  my: 'INSERT INTO payments (invoice_id, amount_cents, method, paid_at) VALUES (?, ?, ?, NOW())',
});
const invoiceBalance = stmt({
  name: 'invoices.balance-after-payment', reads: ['invoices', 'payments'], readYourWrites: true,
  pg: `SELECT i.id, i.status, i.amount_cents, sum(p.amount_cents) AS paid_cents FROM invoices i
       JOIN payments p ON p.invoice_id = i.id WHERE i.id = $1 GROUP BY i.id, i.status, i.amount_cents`,
});

export const ticketUpdate: Scenario = {
  name: 'ticket-update', role: 'writer', weight: 10,
  tags: { controller: 'tickets', action: 'update', route: '/tickets/:id' },
  statements: [updateTicket, auditInsert, ticketAfterUpdate],
  readYourWrites: [{ write: updateTicket.name, read: ticketAfterUpdate.name, table: 'tickets' }],
  async run({ db, rng, sizes, pause }) {
    const id = rng.int(1, sizes.tickets);
    await db.run(updateTicket, [rng.pick(['open', 'closed', 'pending']), id]);
    await db.run(auditInsert, ['ticket', id, 'update']);
    await pause(timing.readAfterWriteGapMs);
    await db.run(ticketAfterUpdate, [id]);
  },
};

export const profileUpdate: Scenario = {
  name: 'profile-update', role: 'writer', weight: 6,
  tags: { controller: 'profiles', action: 'update', route: '/profile' },
  statements: [updateName, profile],
  readYourWrites: [{ write: updateName.name, read: profile.name, table: 'customers' }],
  async run({ db, rng, sizes, pause }) {
    const id = rng.int(1, sizes.customers);
    await db.run(updateName, [`Customer ${id} (${rng.int(1, 999)})`, id]);
    await pause(timing.readAfterWriteGapMs);
    await db.run(profile, [id]);
  },
};

export const payInvoice: Scenario = {
  name: 'pay-invoice', role: 'writer', weight: 6,
  tags: { controller: 'payments', action: 'create', route: '/invoices/:id/payments' },
  statements: [tx.begin, tx.commit, tx.rollback, markPaid, insertPayment, invoiceBalance],
  readYourWrites: [{ write: insertPayment.name, read: invoiceBalance.name, table: 'payments' }],
  async run({ db, rng, sizes, pause }) {
    const id = anyInvoiceId(rng, sizes.orders);
    await db.transaction(tx, async () => {
      await db.run(markPaid, [id]);
      await db.run(insertPayment, [id, rng.int(100, 20_000), rng.pick(['card', 'transfer', 'paypal'])]);
    });
    await pause(timing.readAfterWriteGapMs);
    await db.run(invoiceBalance, [id]);
  },
};
