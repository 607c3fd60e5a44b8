/**
 * Catalog browsing: a recursive category tree, a sorted product page with LIMIT/OFFSET, and a cart preview
 * that loads products by IN lists of varying lengths (and `= ANY($1)` on PostgreSQL, an ORM-expanded
 * `IN (1, 2, 3)` with literals on MariaDB): the batched queries the N+1 detector must not flag.
 */
import type { Scenario } from '../scenario.js';
import { myList, pgList, stmt } from '../statement.js';

const categoryTree = stmt({
  name: 'categories.tree', reads: ['categories'],
  pg: `WITH RECURSIVE tree AS (
         SELECT id, name, parent_id, 1 AS depth FROM categories WHERE parent_id IS NULL
         UNION ALL
         SELECT c.id, c.name, c.parent_id, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id)
       SELECT id, name, depth FROM tree ORDER BY depth, name`,
});
const categoryPage = stmt({
  name: 'products.by-category-page', reads: ['products'], mysqlMode: 'query',
  pg: 'SELECT id, name, price_cents FROM products WHERE category_id = $1 ORDER BY price_cents, id LIMIT 20 OFFSET $2',
  my: 'SELECT id, name, price_cents FROM products WHERE category_id = ? ORDER BY price_cents, id LIMIT ?, 20',
});
const categoryCount = stmt({
  name: 'products.count-in-category', reads: ['products'], mysqlMode: 'execute',
  pg: 'SELECT count(*) AS products FROM products WHERE category_id = $1',
});
const byIdsIn = stmt({
  name: 'products.by-ids-in', reads: ['products'], nPlusOne: 'batched',
  pg: (n) => `SELECT id, name, price_cents, stock FROM products WHERE id IN (${pgList(n)})`,
  my: (n) => `SELECT id, name, price_cents, stock FROM products WHERE id IN (${myList(n)})`,
});
const byIdsAny = stmt({
  name: 'products.by-ids-any', reads: ['products'], nPlusOne: 'batched', only: 'postgres',
  pg: 'SELECT id, name, price_cents FROM products WHERE id = ANY($1)',
});
const byIdsLiteral = stmt({
  name: 'products.by-ids-in-literal', reads: ['products'], nPlusOne: 'batched', only: 'mysql', mysqlMode: 'query',
  my: 'SELECT id, name, price_cents FROM products WHERE id IN (?)',
});

export const catalog: Scenario = {
  name: 'catalog', role: 'web', weight: 20,
  tags: { controller: 'categories', action: 'show', route: '/categories/:id' },
  statements: [categoryTree, categoryPage, categoryCount],
  async run({ db, rng, sizes }) {
    const category = rng.int(1, sizes.categories);
    if (rng.chance(0.3)) await db.run(categoryTree);
    await db.run(categoryCount, [category]);
    await db.run(categoryPage, [category, 20 * rng.int(0, 3)]);
  },
};

export const cartPreview: Scenario = {
  name: 'cart-preview', role: 'web', weight: 15,
  tags: { controller: 'carts', action: 'show', route: '/cart' },
  statements: [byIdsIn, byIdsAny, byIdsLiteral],
  async run({ db, rng, sizes, engine }) {
    const ids = rng.distinctInts(rng.int(1, 12), 1, sizes.products);
    await db.run(byIdsIn, ids);
    const more = rng.distinctInts(rng.int(2, 30), 1, sizes.products);
    if (engine === 'postgres') await db.run(byIdsAny, [more], more.length);
    else await db.run(byIdsLiteral, [more], more.length);
  },
};
