/**
 * The seed data, generated from a seeded PRNG: the same seed and scale give the same rows on both engines.
 * Pure: rows in memory, no I/O. A small share of "regular" customers own many orders and invoices, so the
 * planted N+1 loops have a real fan-out (≥ 5 rows per parent).
 */
import { Prng } from './prng.js';

export interface Sizes {
  readonly categories: number;
  readonly customers: number;
  /** Customers 1..regulars own ~40% of the orders. */
  readonly regulars: number;
  readonly products: number;
  readonly orders: number;
  readonly tickets: number;
  readonly auditLog: number;
}

/** Row counts at `scale` (1 = 40,000 orders, enough for the planner to prefer existing indexes). */
export function sizesFor(scale: number): Sizes {
  const n = (base: number, min: number) => Math.max(min, Math.round(base * scale));
  return {
    categories: n(40, 5), customers: n(20_000, 200), regulars: n(400, 10), products: n(2_000, 100),
    orders: n(40_000, 400), tickets: n(10_000, 100), auditLog: n(5_000, 50),
  };
}

export interface TableRows {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Seeded rows start here, 300 days of history. */
const baseMs = Date.UTC(2026, 0, 1);
const dayMs = 86_400_000;

/** `YYYY-MM-DD HH:MM:SS`, accepted by PostgreSQL timestamptz and MariaDB DATETIME alike. */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export const orderStatuses = ['pending', 'paid', 'shipped', 'cancelled'] as const;
export const ticketPriorities = ['low', 'normal', 'high'] as const;
export const paymentMethods = ['card', 'transfer', 'paypal'] as const;

/** Customer email as stored (some mixed case, which is why the login lookup uses lower()). */
export function customerEmail(id: number): string {
  return id % 3 === 0 ? `User${id}@Example.com` : `user${id}@example.com`;
}

export function planSeed(sizes: Sizes, seed: number): TableRows[] {
  const rng = Prng.derive(seed, 'seed');
  const time = () => sqlTime(baseMs + Math.floor(rng.next() * 300 * dayMs));
  const uuid = () => Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

  const categories = Array.from({ length: sizes.categories }, (_, i) =>
    [i + 1, `Category ${i + 1}`, i < 8 ? null : rng.int(1, Math.min(8, sizes.categories))]);
  const customers = Array.from({ length: sizes.customers }, (_, i) =>
    [i + 1, customerEmail(i + 1), `Customer ${i + 1}`, rng.pick(['DE', 'FR', 'US', 'GB', 'ES', 'IT']), time()]);
  const prices: number[] = [];
  const products = Array.from({ length: sizes.products }, (_, i) => {
    prices[i + 1] = rng.int(199, 49_999);
    return [i + 1, `SKU-${String(i + 1).padStart(6, '0')}`, `Product ${i + 1}`, rng.int(1, sizes.categories), prices[i + 1], rng.int(0, 500), time()];
  });

  const orders: unknown[][] = [];
  const items: unknown[][] = [];
  const invoices: unknown[][] = [];
  const payments: unknown[][] = [];
  for (let id = 1; id <= sizes.orders; id++) {
    const customer = rng.chance(0.4) ? rng.int(1, sizes.regulars) : rng.int(1, sizes.customers);
    const status = rng.weighted([['pending', 5], ['paid', 70], ['shipped', 20], ['cancelled', 5]] as const);
    const created = time();
    let total = 0;
    for (const product of rng.distinctInts(rng.int(1, 4), 1, sizes.products)) {
      const quantity = rng.int(1, 3);
      total += quantity * prices[product];
      items.push([items.length + 1, id, product, quantity, prices[product]]);
    }
    orders.push([id, customer, status, total, created]);
    if (status === 'paid' || status === 'shipped') {
      const invoiceId = invoices.length + 1;
      invoices.push([invoiceId, id, customer, 100_000 + invoiceId, total, 'issued', created]);
      const parts = rng.chance(0.1) ? 2 : 1;
      for (let p = 0; p < parts; p++) {
        payments.push([payments.length + 1, invoiceId, Math.floor(total / parts), rng.pick(paymentMethods), created]);
      }
    }
  }
  const tickets = Array.from({ length: sizes.tickets }, (_, i) => {
    const created = time();
    return [i + 1, rng.chance(0.3) ? rng.int(1, sizes.regulars) : rng.int(1, sizes.customers), `Ticket ${i + 1}`,
      rng.chance(0.3) ? 'open' : 'closed', rng.weighted([['low', 50], ['normal', 40], ['high', 10]] as const), created, created];
  });
  const audit = Array.from({ length: sizes.auditLog }, (_, i) =>
    [i + 1, 'order', rng.int(1, sizes.orders), rng.pick(['create', 'pay', 'ship']), uuid(), time()]);

  return [
    { table: 'categories', columns: ['id', 'name', 'parent_id'], rows: categories },
    { table: 'customers', columns: ['id', 'email', 'name', 'country', 'created_at'], rows: customers },
    { table: 'products', columns: ['id', 'sku', 'name', 'category_id', 'price_cents', 'stock', 'updated_at'], rows: products },
    { table: 'orders', columns: ['id', 'customer_id', 'status', 'total_cents', 'created_at'], rows: orders },
    { table: 'order_items', columns: ['id', 'order_id', 'product_id', 'quantity', 'unit_price_cents'], rows: items },
    { table: 'invoices', columns: ['id', 'order_id', 'customer_id', 'number', 'amount_cents', 'status', 'issued_at'], rows: invoices },
    { table: 'payments', columns: ['id', 'invoice_id', 'amount_cents', 'method', 'paid_at'], rows: payments },
    { table: 'tickets', columns: ['id', 'customer_id', 'subject', 'status', 'priority', 'created_at', 'updated_at'], rows: tickets },
    { table: 'audit_log', columns: ['id', 'entity', 'entity_id', 'action', 'request_id', 'created_at'], rows: audit },
  ];
}
