/**
 * Login and account pages: the `lower(email)` lookup (the second planted independent lookup, and a
 * missing expression index), the customer's tickets, and a home page with a volatile `random()` pick and
 * `now()`-relative reads.
 */
import type { Scenario } from '../scenario.js';
import { customerEmail } from '../seed-plan.js';
import { stmt } from '../statement.js';

const byLowerEmail = stmt({
  name: 'customers.by-lower-email', reads: ['customers'], nPlusOne: 'independent',
  pg: 'SELECT id, name, email FROM customers WHERE lower(email) = lower($1)',
});
const ticketsByCustomer = stmt({
  name: 'tickets.by-customer', reads: ['tickets'], mysqlMode: 'execute',
  pg: 'SELECT id, subject, status, priority FROM tickets WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10',
});
const recommend = stmt({
  name: 'products.recommend-random', reads: ['products'], volatileCalls: ['random'],
  pg: 'SELECT id, name, price_cents FROM products WHERE stock > 0 ORDER BY random() LIMIT 4',
  my: 'SELECT id, name, price_cents FROM products WHERE stock > 0 ORDER BY RAND() LIMIT 4',
});
const openRecent = stmt({
  name: 'tickets.open-recent', reads: ['tickets'],
  pg: `SELECT id, subject, priority FROM tickets WHERE status = 'open' AND created_at > now() - interval '7 days'
       ORDER BY created_at DESC LIMIT 20`,
  my: `SELECT id, subject, priority FROM tickets WHERE status = 'open' AND created_at > NOW() - INTERVAL 7 DAY
       ORDER BY created_at DESC LIMIT 20`,
});
const ordersToday = stmt({
  name: 'orders.count-today', reads: ['orders'],
  pg: 'SELECT count(*) AS orders FROM orders WHERE created_at >= current_date',
  my: 'SELECT COUNT(*) AS orders FROM orders WHERE created_at >= CURDATE()',
});

export const login: Scenario = {
  name: 'login', role: 'web', weight: 15,
  tags: { controller: 'sessions', action: 'create', route: '/login' },
  statements: [byLowerEmail, ticketsByCustomer],
  async run({ db, rng, sizes }) {
    const id = rng.int(1, sizes.customers);
    const email = rng.chance(0.5) ? customerEmail(id) : customerEmail(id).toLowerCase();
    await db.run(byLowerEmail, [email]);
    await db.run(ticketsByCustomer, [id]);
  },
};

export const home: Scenario = {
  name: 'home', role: 'web', weight: 10,
  statements: [recommend, openRecent, ordersToday],
  async run({ db }) {
    await db.run(recommend);
    await db.run(openRecent);
    await db.run(ordersToday);
  },
};
