/**
 * Checkout, in one transaction: lock the products `FOR UPDATE`, a plain read inside the writing
 * transaction, insert the order (RETURNING / LAST_INSERT_ID()), a multi-row insert of its items, row-by-row
 * stock updates, an invoice number from a sequence, the audit row; then, right after COMMIT on the same
 * connection, the confirmation page reads the order back (read-your-writes).
 */
import type { Scenario } from '../scenario.js';
import { timing } from '../scenario.js';
import { myList, stmt } from '../statement.js';
import { auditInsert, tx } from './common.js';

const lockProducts = stmt({
  name: 'products.lock-for-update', reads: ['products'], lock: true,
  pg: 'SELECT id, price_cents, stock FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE',
  my: (n) => `SELECT id, price_cents, stock FROM products WHERE id IN (${myList(n)}) ORDER BY id FOR UPDATE`,
});
const customerInTx = stmt({
  name: 'customers.email-in-tx', reads: ['customers'], inWriteTransaction: true,
  pg: 'SELECT id, email FROM customers WHERE id = $1',
});
const insertOrder = stmt({
  name: 'orders.insert', writes: ['orders'], mysqlMode: 'execute',
  pg: `INSERT INTO orders (customer_id, status, total_cents, created_at) VALUES ($1, 'pending', $2, now()) RETURNING id`,
  my: `INSERT INTO orders (customer_id, status, total_cents, created_at) VALUES (?, 'pending', ?, NOW())`,
});
const lastInsertId = stmt({
  name: 'session.last-insert-id', only: 'mysql', volatileCalls: ['LAST_INSERT_ID'],
  my: 'SELECT LAST_INSERT_ID() AS id',
});
const insertItems = stmt({
  name: 'order-items.insert-multi', writes: ['order_items'],
  pg: (n) => `INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES ${
    Array.from({ length: n }, (_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(', ')}`,
  my: (n) => `INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES ${
    Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ')}`,
});
const decrementStock = stmt({
  name: 'products.decrement-stock', writes: ['products'], nPlusOne: 'row-by-row-write',
  pg: 'UPDATE products SET stock = stock - $1, updated_at = now() WHERE id = $2',
  my: 'UPDATE products SET stock = stock - ?, updated_at = NOW() WHERE id = ?',
});
const nextInvoiceNumber = stmt({
  name: 'invoice-number.nextval', volatileCalls: ['nextval'],
  pg: `SELECT nextval('invoice_number_seq') AS number`,
  my: 'SELECT NEXTVAL(invoice_number_seq) AS number',
});
const insertInvoice = stmt({
  name: 'invoices.insert', writes: ['invoices'],
  pg: `INSERT INTO invoices (order_id, customer_id, number, amount_cents, status, issued_at) VALUES ($1, $2, $3, $4, 'issued', now())`,
  my: `INSERT INTO invoices (order_id, customer_id, number, amount_cents, status, issued_at) VALUES (?, ?, ?, ?, 'issued', NOW())`,
});
const confirmation = stmt({
  name: 'orders.confirmation', reads: ['orders', 'order_items'], readYourWrites: true,
  pg: `SELECT o.id, o.status, o.total_cents, count(oi.id) AS items FROM orders o JOIN order_items oi ON oi.order_id = o.id
       WHERE o.id = $1 GROUP BY o.id, o.status, o.total_cents`,
});

export const checkout: Scenario = {
  name: 'checkout', role: 'writer', weight: 10,
  tags: { controller: 'checkout', action: 'create', route: '/checkout' },
  statements: [tx.begin, tx.commit, tx.rollback, lockProducts, customerInTx, insertOrder, lastInsertId, insertItems,
    decrementStock, nextInvoiceNumber, insertInvoice, auditInsert, confirmation],
  readYourWrites: [{ write: insertOrder.name, read: confirmation.name, table: 'orders' }],
  async run({ db, rng, sizes, engine, loop, pause }) {
    const customer = rng.int(1, sizes.customers);
    const ids = rng.distinctInts(rng.int(1, 4), 1, sizes.products);
    const orderId = await db.transaction(tx, async () => {
      const locked = engine === 'postgres' ? await db.run(lockProducts, [ids], ids.length) : await db.run(lockProducts, ids);
      await db.run(customerInTx, [customer]);
      const lines = locked.rows.map((p) => ({ id: Number(p.id), price: Number(p.price_cents), quantity: rng.int(1, 3) }));
      const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
      const inserted = await db.run(insertOrder, [customer, total]);
      const id = Number(engine === 'postgres' ? inserted.rows[0].id : (await db.run(lastInsertId)).rows[0].id);
      await db.run(insertItems, lines.flatMap((l) => [id, l.id, l.quantity, l.price]), lines.length);
      await loop('checkout-stock', lines, (l) => db.run(decrementStock, [l.quantity, l.id]).then(() => undefined));
      const number = (await db.run(nextInvoiceNumber)).rows[0].number;
      await db.run(insertInvoice, [id, customer, number, total]);
      await db.run(auditInsert, ['order', id, 'create']);
      return id;
    });
    await pause(timing.readAfterWriteGapMs);
    await db.run(confirmation, [orderId]);
  },
};
