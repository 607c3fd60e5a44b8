/**
 * Planted N+1 #1 (one child shape): the orders list loads the latest orders of a status, then each
 * order's customer with one query per row, on the same connection with 0–2 ms gaps.
 */
import type { Scenario } from '../scenario.js';
import { stmt } from '../statement.js';

const recentByStatus = stmt({
  name: 'orders.recent-by-status', reads: ['orders'], nPlusOne: 'parent',
  pg: 'SELECT id, customer_id, status, total_cents, created_at FROM orders WHERE status = $1 ORDER BY created_at DESC LIMIT $2',
});
const customerById = stmt({
  name: 'customers.by-id', reads: ['customers'], nPlusOne: 'child',
  pg: 'SELECT id, name, email FROM customers WHERE id = $1',
});

export const ordersIndex: Scenario = {
  name: 'orders-index', role: 'web', weight: 12,
  tags: { controller: 'orders', action: 'index', route: '/orders' },
  statements: [recentByStatus, customerById],
  nPlusOne: [{ loop: 'orders-index', parent: recentByStatus.name, children: [customerById.name] }],
  async run({ db, rng, loop }) {
    const status = rng.weighted([['paid', 6], ['shipped', 3], ['pending', 1]] as const);
    const orders = await db.run(recentByStatus, [status, rng.int(5, 15)]);
    await loop('orders-index', orders.rows, (order) => db.run(customerById, [order.customer_id]).then(() => undefined));
  },
};
