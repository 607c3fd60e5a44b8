/** Back-office reports: GROUP BY aggregates over orders, tickets (low-cardinality priority) and views, and a read CTE. */
import type { Scenario } from '../scenario.js';
import { sqlTime } from '../seed-plan.js';
import { stmt } from '../statement.js';

const revenueByDay = stmt({
  name: 'reports.revenue-by-day', reads: ['orders'],
  pg: `SELECT date_trunc('day', created_at) AS day, count(*) AS orders, sum(total_cents) AS revenue_cents
       FROM orders WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1`,
  my: `SELECT DATE(created_at) AS day, COUNT(*) AS orders, SUM(total_cents) AS revenue_cents
       FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY DATE(created_at) ORDER BY day`,
});
const ticketsByPriority = stmt({
  name: 'reports.tickets-by-priority', reads: ['tickets'], mysqlMode: 'execute',
  pg: 'SELECT priority, count(*) AS tickets FROM tickets WHERE status = $1 GROUP BY priority ORDER BY priority',
});
const topCustomers = stmt({
  name: 'reports.top-customers', reads: ['orders', 'customers'],
  pg: `WITH spend AS (SELECT customer_id, sum(total_cents) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id)
       SELECT c.id, c.name, s.total FROM spend s JOIN customers c ON c.id = s.customer_id ORDER BY s.total DESC LIMIT 10`,
});
const viewsByDay = stmt({
  name: 'reports.views-by-day', reads: ['product_views'],
  pg: 'SELECT day, sum(views) AS views FROM product_views GROUP BY day ORDER BY day DESC LIMIT 7',
});
const ordersByStatus = stmt({
  name: 'reports.orders-by-status', reads: ['orders'],
  pg: 'SELECT status, count(*) AS orders, avg(total_cents) AS mean_cents FROM orders GROUP BY status',
});

export const reports: Scenario = {
  name: 'reports', role: 'jobs', weight: 10,
  tags: { job: 'daily-report' },
  statements: [revenueByDay, ticketsByPriority, topCustomers, viewsByDay, ordersByStatus],
  async run({ db, rng }) {
    const startMs = Date.UTC(2026, 0, 1) + rng.int(0, 280) * 86_400_000;
    await db.run(revenueByDay, [sqlTime(startMs), sqlTime(startMs + rng.int(7, 30) * 86_400_000)]);
    await db.run(ticketsByPriority, [rng.pick(['open', 'closed'])]);
    const pick = rng.int(0, 2);
    if (pick === 0) await db.run(topCustomers);
    else if (pick === 1) await db.run(viewsByDay);
    else await db.run(ordersByStatus);
  },
};
