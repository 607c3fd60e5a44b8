/**
 * Product page: one product by id (the planted frequent-but-independent lookup: same shape in every web
 * session, once per request, requests spread by think time), related products, and a view-counter upsert.
 */
import type { Scenario } from '../scenario.js';
import { stmt } from '../statement.js';

const productById = stmt({
  name: 'products.by-id', nPlusOne: 'independent', pgNamed: true, reads: ['products'],
  pg: 'SELECT id, sku, name, price_cents, stock, category_id FROM products WHERE id = $1',
});
const related = stmt({
  name: 'products.related', reads: ['products'], mysqlMode: 'execute',
  pg: 'SELECT id, name, price_cents FROM products WHERE category_id = $1 AND id <> $2 ORDER BY price_cents LIMIT 4',
});
const countView = stmt({
  name: 'product-views.upsert', writes: ['product_views'],
  pg: `INSERT INTO product_views (product_id, day, views) VALUES ($1, current_date, 1)
       ON CONFLICT (product_id, day) DO UPDATE SET views = product_views.views + 1`,
  my: 'INSERT INTO product_views (product_id, day, views) VALUES (?, CURRENT_DATE, 1) ON DUPLICATE KEY UPDATE views = views + 1',
});

export const productPage: Scenario = {
  name: 'product-page', role: 'web', weight: 30,
  tags: { controller: 'products', action: 'show', route: '/products/:id' },
  statements: [productById, related, countView],
  async run({ db, rng, sizes }) {
    const id = rng.int(1, sizes.products);
    const product = await db.run(productById, [id]);
    const category = product.rows[0]?.category_id ?? 1;
    await db.run(related, [category, id]);
    await db.run(countView, [id]);
  },
};
