/**
 * Evaluation schema for the index advisor, on both engines: enough rows that the planner prefers an index
 * when one exists, planted missing indexes and negatives, written down as ground truth.
 * Tables are schema-qualified in every statement so the captured shapes name them exactly.
 */
import type { Engine } from '../../../agent/events.js';

export interface PlantedIndex {
  readonly table: string;
  /** Leading columns in order (for an expression index: the expression). */
  readonly leading: readonly string[];
  readonly expression?: string;
  readonly why: string;
  /** Engines where the index can be built and used (MariaDB has no expression indexes). */
  readonly engines: readonly Engine[];
}

export const planted: readonly PlantedIndex[] = [
  { table: 'orders', leading: ['customer_id'], why: 'foreign-key lookup: orders of a customer', engines: ['postgres', 'mysql'] },
  { table: 'orders', leading: ['status', 'created_at'], why: 'equality + range + ORDER BY … LIMIT', engines: ['postgres', 'mysql'] },
  { table: 'customers', leading: ['lower(email)'], expression: 'lower(email)', why: 'expression predicate', engines: ['postgres'] },
  { table: 'events', leading: ['created_at'], why: 'sort + LIMIT: the newest events', engines: ['postgres', 'mysql'] },
  { table: 'order_items', leading: ['order_id'], why: 'join column on the inner side', engines: ['postgres', 'mysql'] },
];

/** Tables for which nothing must be recommended, and why. */
export const negatives: readonly { table: string; why: string }[] = [
  { table: 'tickets', why: 'priority has 4 values evenly spread (low selectivity)' },
  { table: 'products', why: 'sku already has a unique index' },
  { table: 'countries', why: 'tiny table (20 rows)' },
];

/** Planted redundant index (a prefix of events_account_created_idx). */
export const redundantIndex = 'events_account_idx';

export const rows = { customers: 10_000, orders: 60_000, orderItems: 120_000, events: 60_000, tickets: 30_000, products: 10_000 } as const;

export function schemaDdl(engine: Engine, s: string): string[] {
  if (engine === 'postgres') {
    return [
      `CREATE SCHEMA ${s}`,
      `CREATE TABLE ${s}.countries (code text PRIMARY KEY, name text NOT NULL)`,
      `CREATE TABLE ${s}.customers (id int PRIMARY KEY, email text NOT NULL, country text, created_at timestamptz NOT NULL)`,
      `CREATE TABLE ${s}.orders (id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, total_cents int NOT NULL, created_at timestamptz NOT NULL)`,
      `CREATE TABLE ${s}.order_items (id int PRIMARY KEY, order_id int NOT NULL, sku text NOT NULL, quantity int NOT NULL)`,
      `CREATE TABLE ${s}.events (id int PRIMARY KEY, account_id int NOT NULL, kind text NOT NULL, created_at timestamptz NOT NULL)`,
      `CREATE INDEX events_account_idx ON ${s}.events (account_id)`,
      `CREATE INDEX events_account_created_idx ON ${s}.events (account_id, created_at)`,
      `CREATE TABLE ${s}.tickets (id int PRIMARY KEY, priority text NOT NULL, subject text NOT NULL)`,
      `CREATE TABLE ${s}.products (id int PRIMARY KEY, sku text NOT NULL UNIQUE, name text NOT NULL, price_cents int NOT NULL)`,
      `INSERT INTO ${s}.countries SELECT 'c' || g, 'Country ' || g FROM generate_series(1, 20) g`,
      `INSERT INTO ${s}.customers SELECT g, 'User' || g || '@Example.com', 'c' || (1 + g % 20), timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, ${rows.customers}) g`,
      `INSERT INTO ${s}.orders SELECT g, 1 + (g::bigint * 7919) % ${rows.customers}, (ARRAY['new','paid','shipped','done'])[1 + g % 4], 100 + g % 9000, timestamptz '2026-01-01' + g * interval '5 minutes' FROM generate_series(1, ${rows.orders}) g`,
      `INSERT INTO ${s}.order_items SELECT g, 1 + (g::bigint * 104729) % ${rows.orders}, 'sku' || (g % ${rows.products}), 1 + g % 3 FROM generate_series(1, ${rows.orderItems}) g`,
      `INSERT INTO ${s}.events SELECT g, 1 + g % 500, (ARRAY['view','click','buy'])[1 + g % 3], timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, ${rows.events}) g`,
      `INSERT INTO ${s}.tickets SELECT g, (ARRAY['low','normal','high','urgent'])[1 + g % 4], 'Subject ' || g FROM generate_series(1, ${rows.tickets}) g`,
      `INSERT INTO ${s}.products SELECT g, 'sku' || g, 'Product ' || g, 100 + g % 5000 FROM generate_series(1, ${rows.products}) g`,
      // Foreign keys after the load: one validation pass instead of a check per row.
      `ALTER TABLE ${s}.customers ADD FOREIGN KEY (country) REFERENCES ${s}.countries (code)`,
      `ALTER TABLE ${s}.orders ADD FOREIGN KEY (customer_id) REFERENCES ${s}.customers (id)`,
      `ALTER TABLE ${s}.order_items ADD FOREIGN KEY (order_id) REFERENCES ${s}.orders (id)`,
      `ANALYZE ${s}.countries, ${s}.customers, ${s}.orders, ${s}.order_items, ${s}.events, ${s}.tickets, ${s}.products`,
    ];
  }
  // MariaDB/InnoDB indexes every FOREIGN KEY itself, so the reference columns carry no constraint (as with ORMs that do not declare them).
  return [
    `CREATE DATABASE ${s}`,
    `CREATE TABLE ${s}.countries (code VARCHAR(8) PRIMARY KEY, name VARCHAR(40) NOT NULL)`,
    `CREATE TABLE ${s}.customers (id INT PRIMARY KEY, email VARCHAR(80) NOT NULL, country VARCHAR(8), created_at DATETIME NOT NULL)`,
    `CREATE TABLE ${s}.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(10) NOT NULL, total_cents INT NOT NULL, created_at DATETIME NOT NULL)`,
    `CREATE TABLE ${s}.order_items (id INT PRIMARY KEY, order_id INT NOT NULL, sku VARCHAR(20) NOT NULL, quantity INT NOT NULL)`,
    `CREATE TABLE ${s}.events (id INT PRIMARY KEY, account_id INT NOT NULL, kind VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL,
       KEY events_account_idx (account_id), KEY events_account_created_idx (account_id, created_at))`,
    `CREATE TABLE ${s}.tickets (id INT PRIMARY KEY, priority VARCHAR(10) NOT NULL, subject VARCHAR(40) NOT NULL)`,
    `CREATE TABLE ${s}.products (id INT PRIMARY KEY, sku VARCHAR(20) NOT NULL, name VARCHAR(40) NOT NULL, price_cents INT NOT NULL, UNIQUE KEY products_sku (sku))`,
    `INSERT INTO ${s}.countries SELECT CONCAT('c', seq), CONCAT('Country ', seq) FROM seq_1_to_20`,
    `INSERT INTO ${s}.customers SELECT seq, CONCAT('User', seq, '@Example.com'), CONCAT('c', 1 + seq % 20), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_${rows.customers}`,
    `INSERT INTO ${s}.orders SELECT seq, 1 + (seq * 7919) % ${rows.customers}, ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'done'), 100 + seq % 9000, '2026-01-01' + INTERVAL seq * 5 MINUTE FROM seq_1_to_${rows.orders}`,
    `INSERT INTO ${s}.order_items SELECT seq, 1 + (seq * 104729) % ${rows.orders}, CONCAT('sku', seq % ${rows.products}), 1 + seq % 3 FROM seq_1_to_${rows.orderItems}`,
    `INSERT INTO ${s}.events SELECT seq, 1 + seq % 500, ELT(1 + seq % 3, 'view', 'click', 'buy'), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_${rows.events}`,
    `INSERT INTO ${s}.tickets SELECT seq, ELT(1 + seq % 4, 'low', 'normal', 'high', 'urgent'), CONCAT('Subject ', seq) FROM seq_1_to_${rows.tickets}`,
    `INSERT INTO ${s}.products SELECT seq, CONCAT('sku', seq), CONCAT('Product ', seq), 100 + seq % 5000 FROM seq_1_to_${rows.products}`,
    `ANALYZE TABLE ${s}.countries, ${s}.customers, ${s}.orders, ${s}.order_items, ${s}.events, ${s}.tickets, ${s}.products PERSISTENT FOR ALL`,
  ];
}
