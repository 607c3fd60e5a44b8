/**
 * Planted N+1 #2 (a multi-query loop): a customer's order history loads the orders, then per order its
 * items (joined to products) and its invoice: two child shapes repeating together. Tagged marginalia-style.
 */
import type { Scenario } from '../scenario.js';
import { stmt } from '../statement.js';

const ordersByCustomer = stmt({
  name: 'orders.by-customer', reads: ['orders'], nPlusOne: 'parent',
  pg: 'SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10',
});
const itemsByOrder = stmt({
  name: 'order-items.by-order', reads: ['order_items', 'products'], nPlusOne: 'child',
  pg: `SELECT oi.product_id, oi.quantity, oi.unit_price_cents, p.name
       FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = $1`,
});
const invoiceByOrder = stmt({
  name: 'invoices.by-order', reads: ['invoices'], nPlusOne: 'child',
  pg: 'SELECT id, number, amount_cents, status FROM invoices WHERE order_id = $1',
});

export const customerOrders: Scenario = {
  name: 'customer-orders', role: 'web', weight: 10,
  tags: { application: 'shop', controller: 'customers', action: 'orders' }, tagStyle: 'marginalia',
  statements: [ordersByCustomer, itemsByOrder, invoiceByOrder],
  nPlusOne: [{ loop: 'customer-orders', parent: ordersByCustomer.name, children: [itemsByOrder.name, invoiceByOrder.name] }],
  async run({ db, rng, sizes, loop }) {
    const orders = await db.run(ordersByCustomer, [rng.int(1, sizes.regulars)]);
    await loop('customer-orders', orders.rows, async (order) => {
      await db.run(itemsByOrder, [order.id]);
      await db.run(invoiceByOrder, [order.id]);
    });
  },
};
