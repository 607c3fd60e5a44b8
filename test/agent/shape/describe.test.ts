/**
 * Feature extraction, table-driven over both dialects. Inputs are normalized texts as the fingerprint writes
 * them (placeholders, `IN ($1 /*, ... *\/)`); each case states the features a user of the index advisor,
 * the N+1 detector or the replica router relies on.
 */
import test from 'ava';
import fc from 'fast-check';
import type { Engine } from '../../../agent/events.js';
import { describeShape, describeShapeDetailed, loadShapeParsers } from '../../../agent/shape/describe.js';
import type { ShapeFeatures, TableFeatures } from '../../../agent/shape/types.js';

type TableExpect = Partial<Record<'equality' | 'in' | 'range' | 'likePrefix' | 'isNull' | 'isNotNull' | 'join' | 'groupBy' | 'aliases', string[]>> & {
  access?: TableFeatures['access'];
  schema?: string | null;
  orderBy?: string[];
  expressions?: string[];
};

interface Case {
  readonly name: string;
  readonly engine: Engine;
  readonly sql: string;
  readonly kind?: ShapeFeatures['kind'];
  /** Exactly these tables (by name), with these features; unlisted lists must be empty. */
  readonly tables?: Record<string, TableExpect>;
  readonly features?: Partial<Pick<ShapeFeatures, 'limit' | 'offset' | 'lock' | 'writesInCte' | 'subqueries' | 'selectInto'>>;
  /** name → volatility */
  readonly functions?: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'point lookup with alias',
    engine: 'postgres',
    sql: 'SELECT o.id, o.total FROM orders o WHERE o.id = $1',
    kind: 'select',
    tables: { orders: { aliases: ['o'], equality: ['id'], access: 'read' } },
    features: { limit: false, lock: null },
  },
  {
    name: 'point lookup with alias',
    engine: 'mysql',
    sql: 'SELECT `o`.`id`, `o`.`total` FROM `orders` `o` WHERE `o`.`id` = ?',
    kind: 'select',
    tables: { orders: { aliases: ['o'], equality: ['id'], access: 'read' } },
  },
  {
    name: 'every predicate kind on one table',
    engine: 'postgres',
    sql: 'SELECT * FROM shop.orders WHERE customer_id = $1 AND status IN ($2 /*, ... */) AND created_at >= $3 AND total BETWEEN $4 AND $5 AND note LIKE $6 AND shipped_at IS NULL AND paid_at IS NOT NULL AND region = ANY($7) AND kind <> $8',
    tables: { orders: { schema: 'shop', equality: ['customer_id'], in: ['status', 'region'], range: ['created_at', 'total'], likePrefix: ['note'], isNull: ['shipped_at'], isNotNull: ['paid_at'] } },
  },
  {
    name: 'every predicate kind on one table',
    engine: 'mysql',
    sql: 'SELECT * FROM `shop`.`orders` WHERE `customer_id` = ? AND `status` IN (? /*, ... */) AND `created_at` >= ? AND `total` BETWEEN ? AND ? AND `note` LIKE ? AND `shipped_at` IS NULL AND `paid_at` IS NOT NULL AND `kind` <> ?',
    tables: { orders: { schema: 'shop', equality: ['customer_id'], in: ['status'], range: ['created_at', 'total'], likePrefix: ['note'], isNull: ['shipped_at'], isNotNull: ['paid_at'] } },
  },
  {
    name: 'a literal LIKE pattern is a prefix only without a leading wildcard',
    engine: 'postgres',
    sql: "SELECT id FROM users WHERE email LIKE 'abc%' AND name LIKE '%x' AND login ILIKE $1",
    tables: { users: { likePrefix: ['email'] } },
  },
  {
    name: 'inner join: both sides of the condition, predicates and order per table',
    engine: 'postgres',
    sql: 'SELECT o.id FROM orders AS o JOIN order_items AS i ON i.order_id = o.id AND i.kind = $1 WHERE o.customer_id = $2 ORDER BY o.created_at DESC, i.position LIMIT $3 OFFSET $4',
    tables: {
      orders: { aliases: ['o'], join: ['id'], equality: ['customer_id'], orderBy: ['created_at desc'] },
      order_items: { aliases: ['i'], join: ['order_id'], equality: ['kind'], orderBy: ['position asc'] },
    },
    features: { limit: true, offset: true },
  },
  {
    name: 'inner join: both sides of the condition, predicates and order per table',
    engine: 'mysql',
    sql: 'SELECT o.id FROM orders AS o JOIN order_items AS i ON i.order_id = o.id AND i.kind = ? WHERE o.customer_id = ? ORDER BY o.created_at DESC, i.position LIMIT ?, ?',
    tables: {
      orders: { aliases: ['o'], join: ['id'], equality: ['customer_id'], orderBy: ['created_at desc'] },
      order_items: { aliases: ['i'], join: ['order_id'], equality: ['kind'], orderBy: ['position asc'] },
    },
    features: { limit: true, offset: true },
  },
  {
    name: 'implicit join, USING, and unqualified columns in a join are not guessed',
    engine: 'postgres',
    sql: 'SELECT * FROM a, b JOIN c USING (k) WHERE a.id = b.a_id AND flag = $1',
    tables: { a: { join: ['id'] }, b: { join: ['a_id', 'k'] }, c: { join: ['k'] } },
  },
  {
    name: 'implicit join and unqualified columns in a join are not guessed',
    engine: 'mysql',
    sql: 'SELECT * FROM a, b WHERE a.id = b.a_id AND flag = ?',
    tables: { a: { join: ['id'] }, b: { join: ['a_id'] } },
  },
  {
    name: 'self join keeps both aliases and both join columns',
    engine: 'postgres',
    sql: 'SELECT c.id FROM nodes c JOIN nodes p ON c.parent_id = p.id WHERE p.name = $1',
    tables: { nodes: { aliases: ['c', 'p'], join: ['parent_id', 'id'], equality: ['name'] } },
  },
  {
    name: 'GROUP BY and ORDER BY by position and by output alias',
    engine: 'postgres',
    sql: 'SELECT status AS s, count(*) AS n FROM orders WHERE created_at > now() - $1::interval GROUP BY 1 ORDER BY s DESC, 2',
    tables: { orders: { range: ['created_at'], groupBy: ['status'], orderBy: ['status desc'] } },
    functions: { count: 'immutable', now: 'stable' },
  },
  {
    name: 'GROUP BY and ORDER BY by position and by output alias',
    engine: 'mysql',
    sql: 'SELECT status AS s, COUNT(*) AS n FROM orders WHERE created_at > NOW() - INTERVAL ? DAY GROUP BY 1 ORDER BY s DESC',
    tables: { orders: { range: ['created_at'], groupBy: ['status'], orderBy: ['status desc'] } },
    functions: { count: 'immutable', now: 'stable' },
  },
  {
    name: 'expression predicate',
    engine: 'postgres',
    sql: 'SELECT id FROM users WHERE lower(email) = $1 AND (data ->> $2) = $3',
    tables: { users: { expressions: ['lower(email) equality', '(data ->> $2) equality'] } },
    functions: { lower: 'immutable' },
  },
  {
    name: 'expression predicate',
    engine: 'mysql',
    sql: 'SELECT id FROM users WHERE LOWER(email) = ? AND DATE(created_at) >= ?',
    tables: { users: { expressions: ['lower(email) equality', 'date(created_at) range'] } },
  },
  {
    name: 'FOR UPDATE in a subquery of an UPDATE (a job queue)',
    engine: 'postgres',
    sql: 'UPDATE jobs SET state = $1 WHERE id = (SELECT id FROM jobs WHERE state = $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id',
    kind: 'update',
    tables: { jobs: { access: 'read-write', equality: ['id', 'state'], orderBy: ['id asc'] } },
    features: { lock: 'update', subqueries: 1, limit: false },
  },
  {
    name: 'row locks',
    engine: 'postgres',
    sql: 'SELECT * FROM accounts WHERE id = $1 FOR NO KEY UPDATE',
    tables: { accounts: { equality: ['id'] } },
    features: { lock: 'no key update' },
  },
  {
    name: 'LOCK IN SHARE MODE',
    engine: 'mysql',
    sql: 'SELECT * FROM accounts WHERE id = ? LOCK IN SHARE MODE',
    tables: { accounts: { equality: ['id'] } },
    features: { lock: 'share' },
  },
  {
    name: 'FOR SHARE (MySQL 8 spelling) and FOR UPDATE',
    engine: 'mysql',
    sql: 'SELECT * FROM accounts WHERE id = ? FOR SHARE',
    features: { lock: 'share' },
  },
  {
    name: 'FOR UPDATE',
    engine: 'mysql',
    sql: 'SELECT * FROM accounts WHERE id = ? FOR UPDATE',
    features: { lock: 'update' },
  },
  {
    name: 'data-modifying CTE',
    engine: 'postgres',
    sql: 'WITH moved AS (DELETE FROM queue WHERE created_at < $1 RETURNING *) INSERT INTO archive SELECT * FROM moved',
    kind: 'insert',
    tables: { queue: { access: 'write', range: ['created_at'] }, archive: { access: 'write' } },
    features: { writesInCte: true },
  },
  {
    name: 'read-only CTE is not a write and its name is not a table',
    engine: 'postgres',
    sql: 'WITH recent AS (SELECT customer_id FROM orders WHERE created_at > $1) SELECT c.name FROM customers c JOIN recent r ON r.customer_id = c.id',
    tables: { orders: { range: ['created_at'] }, customers: { aliases: ['c'], join: ['id'] } },
    features: { writesInCte: false },
  },
  {
    name: 'read-only CTE is not a write and its name is not a table',
    engine: 'mysql',
    sql: 'WITH recent AS (SELECT customer_id FROM orders WHERE created_at > ?) SELECT c.name FROM customers c JOIN recent r ON r.customer_id = c.id',
    tables: { orders: { range: ['created_at'] }, customers: { aliases: ['c'], join: ['id'] } },
    features: { writesInCte: false },
  },
  {
    name: 'subqueries: IN (SELECT), EXISTS correlated, derived table',
    engine: 'postgres',
    sql: 'SELECT * FROM orders o WHERE o.customer_id IN (SELECT id FROM customers WHERE country = $1) AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id) AND o.total > (SELECT avg(total) FROM (SELECT total FROM orders WHERE status = $2) t)',
    tables: {
      orders: { aliases: ['o'], in: ['customer_id'], join: ['id'], range: ['total'], equality: ['status'] },
      customers: { equality: ['country'] },
      payments: { aliases: ['p'], join: ['order_id'] },
    },
    features: { subqueries: 4 },
  },
  {
    name: 'subqueries: IN (SELECT), EXISTS correlated, derived table',
    engine: 'mysql',
    sql: 'SELECT * FROM orders o WHERE o.customer_id IN (SELECT id FROM customers WHERE country = ?) AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id) AND o.total > (SELECT AVG(d.total) FROM (SELECT total FROM orders WHERE status = ?) d)',
    tables: {
      orders: { aliases: ['o'], in: ['customer_id'], join: ['id'], range: ['total'], equality: ['status'] },
      customers: { equality: ['country'] },
      payments: { aliases: ['p'], join: ['order_id'] },
    },
    features: { subqueries: 4 },
  },
  {
    name: 'volatile, stable and user functions',
    engine: 'postgres',
    sql: 'SELECT nextval($1), random(), now(), CURRENT_TIMESTAMP, clock_timestamp(), gen_random_uuid(), pg_advisory_lock($2), set_config($3, $4, $5), app.score(id) FROM t',
    functions: { nextval: 'volatile', random: 'volatile', now: 'stable', current_timestamp: 'stable', clock_timestamp: 'volatile', gen_random_uuid: 'volatile', pg_advisory_lock: 'volatile', set_config: 'volatile', 'app.score': 'unknown' },
  },
  {
    name: 'volatile, stable and user functions',
    engine: 'mysql',
    sql: 'SELECT RAND(), UUID(), LAST_INSERT_ID(), GET_LOCK(?, ?), FOUND_ROWS(), SLEEP(?), NOW(), my_score(id) FROM t',
    functions: { rand: 'volatile', uuid: 'volatile', last_insert_id: 'volatile', get_lock: 'volatile', found_rows: 'volatile', sleep: 'volatile', now: 'stable', my_score: 'unknown' },
  },
  {
    name: 'SELECT INTO creates a table',
    engine: 'postgres',
    sql: 'SELECT * INTO archive_2026 FROM orders WHERE created_at < $1',
    kind: 'select',
    tables: { archive_2026: { access: 'write' }, orders: { range: ['created_at'] } },
    features: { selectInto: true },
  },
  {
    name: 'UPDATE with a join writes only its target',
    engine: 'mysql',
    sql: 'UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.flag = ? WHERE c.country = ?',
    kind: 'update',
    tables: { orders: { aliases: ['o'], access: 'write', join: ['customer_id'] }, customers: { aliases: ['c'], access: 'read', join: ['id'], equality: ['country'] } },
  },
  {
    name: 'UPDATE … FROM writes only its target',
    engine: 'postgres',
    sql: 'UPDATE orders o SET flag = $1 FROM customers c WHERE c.id = o.customer_id AND c.country = $2',
    kind: 'update',
    tables: { orders: { aliases: ['o'], access: 'write', join: ['customer_id'] }, customers: { aliases: ['c'], access: 'read', join: ['id'], equality: ['country'] } },
  },
  {
    name: 'DELETE and INSERT … ON DUPLICATE KEY',
    engine: 'mysql',
    sql: 'INSERT INTO counters (k, n) VALUES (?, ?) /*, ... */ ON DUPLICATE KEY UPDATE n = n + VALUES(n)',
    kind: 'insert',
    tables: { counters: { access: 'write' } },
  },
  {
    name: 'DELETE',
    engine: 'postgres',
    sql: 'DELETE FROM sessions WHERE expires_at < $1',
    kind: 'delete',
    tables: { sessions: { access: 'write', range: ['expires_at'] } },
  },
  {
    name: 'index hints, STRAIGHT_JOIN and <=> are read through',
    engine: 'mysql',
    sql: 'SELECT * FROM orders FORCE INDEX (idx_customer) STRAIGHT_JOIN customers USE INDEX FOR JOIN (PRIMARY) ON customers.id = orders.customer_id WHERE orders.customer_id <=> ?',
    tables: { orders: { join: ['customer_id'], equality: ['customer_id'] }, customers: { join: ['id'] } },
  },
  { name: 'transaction control', engine: 'postgres', sql: 'BEGIN', kind: 'transaction', tables: {} },
  { name: 'transaction control', engine: 'mysql', sql: 'START TRANSACTION', kind: 'transaction', tables: {} },
  { name: 'SET NAMES', engine: 'mysql', sql: 'SET NAMES utf8mb4', kind: 'set', tables: {} },
  { name: 'SET with a placeholder', engine: 'mysql', sql: 'SET SESSION sql_mode = ?', kind: 'set', tables: {} },
  { name: 'SHOW', engine: 'mysql', sql: 'SHOW FULL PROCESSLIST', kind: 'show', tables: {} },
  { name: 'SHOW', engine: 'postgres', sql: 'SHOW work_mem', kind: 'show', tables: {} },
  { name: 'utility', engine: 'postgres', sql: 'VACUUM ANALYZE orders', kind: 'utility' },
  { name: 'ddl', engine: 'postgres', sql: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)', kind: 'ddl' },
  { name: 'copy', engine: 'postgres', sql: 'COPY orders FROM STDIN', kind: 'copy', tables: { orders: { access: 'write' } } },
  {
    name: 'LIMIT offset, count as the fingerprint collapses it',
    engine: 'mysql',
    sql: 'SELECT id FROM products WHERE category_id = ? ORDER BY price_cents LIMIT ? /*, ... */',
    tables: { products: { equality: ['category_id'], orderBy: ['price_cents asc'] } },
    features: { limit: true, offset: true },
  },
  {
    name: 'MariaDB digest prints CURDATE without parentheses: a function, not a column',
    engine: 'mysql',
    sql: 'SELECT COUNT(*) AS orders FROM orders WHERE created_at >= CURDATE',
    tables: { orders: { range: ['created_at'] } },
    functions: { count: 'immutable', curdate: 'stable' },
  },
  {
    name: 'statement modifiers and MariaDB sequences',
    engine: 'mysql',
    sql: 'UPDATE LOW_PRIORITY IGNORE jobs SET n = NEXT VALUE FOR job_seq WHERE state = ? ORDER BY id LIMIT ?',
    kind: 'update',
    tables: { jobs: { access: 'write', equality: ['state'], orderBy: ['id asc'] } },
    functions: { nextval: 'volatile' },
    features: { limit: true },
  },
  { name: 'digest IN (...) form', engine: 'mysql', sql: 'SELECT `c` FROM `sbtest1` WHERE `id` IN (...)', tables: { sbtest1: { in: ['id'] } } },
];

const lists = ['equality', 'in', 'range', 'likePrefix', 'isNull', 'isNotNull', 'join', 'groupBy', 'aliases'] as const;

test.before(async () => {
  await loadShapeParsers();
});

for (const c of cases) {
  test(`${c.engine}: ${c.name}`, (t) => {
    const result = describeShape(c.sql, c.engine);
    t.true(result.parsed, result.error);
    const f = result.features;
    if (c.kind) t.is(f.kind, c.kind);
    if (c.tables) {
      t.deepEqual(f.tables.map((x) => x.name).sort(), Object.keys(c.tables).sort(), 'tables');
      for (const [name, expect] of Object.entries(c.tables)) {
        const table = f.tables.find((x) => x.name === name)!;
        for (const list of lists) t.deepEqual([...table[list]].sort(), [...(expect[list] ?? [])].sort(), `${name}.${list}`);
        t.deepEqual(table.orderBy.map((o) => `${o.column} ${o.direction}`), expect.orderBy ?? [], `${name}.orderBy`);
        t.deepEqual(table.expressions.map((e) => `${e.expression} ${e.op}`).sort(), [...(expect.expressions ?? [])].sort(), `${name}.expressions`);
        if (expect.access) t.is(table.access, expect.access, `${name}.access`);
        if (expect.schema !== undefined) t.is(table.schema, expect.schema, `${name}.schema`);
      }
    }
    for (const [key, value] of Object.entries(c.features ?? {})) t.is(f[key as keyof ShapeFeatures], value as never, key);
    if (c.functions) {
      t.deepEqual(Object.fromEntries(f.functions.map((fn) => [fn.name, fn.volatility])), c.functions);
      for (const fn of f.functions) t.is(fn.volatile, fn.volatility === 'volatile');
    }
  });
}

test('a statement no parser accepts keeps its first-keyword kind and scanned tables', (t) => {
  for (const engine of ['postgres', 'mysql'] as const) {
    const result = describeShape('SELECT a FROM orders o JOIN items ON items.x = o.y WHERE a = = b', engine);
    t.false(result.parsed);
    t.truthy(result.error);
    t.is(result.features.kind, 'select');
    t.deepEqual(result.features.tables.map((x) => x.name).sort(), ['items', 'orders']);
  }
});

test('the token scan ignores FROM inside EXTRACT/SUBSTRING and IS DISTINCT FROM', (t) => {
  const result = describeShape('SELECT EXTRACT(year FROM created_at) FROM events WHERE a IS DISTINCT FROM b AND AND c', 'postgres');
  t.false(result.parsed);
  t.deepEqual(result.features.tables.map((x) => x.name), ['events']);
});

test('describeShape never throws, even on garbage and deep nesting', (t) => {
  const inputs = ['', '\u0000\u0001\uffff', "SELECT 'unterminated", '/* open comment', '('.repeat(5000), `SELECT ${'('.repeat(3000)}1${')'.repeat(3000)}`, 'SELECT 1 FROM t WHERE a = $1 AND '.repeat(2000)];
  for (const engine of ['postgres', 'mysql'] as const) {
    for (const input of inputs) t.notThrows(() => describeShape(input, engine));
  }
});

test('a truncated text keeps the features of its complete prefix', (t) => {
  const digest = describeShapeDetailed('SELECT `id`, `total` FROM `orders` WHERE `customer_id` = ? AND `status` IN (...) AND `created_at` > ? ORDER BY `created_at` DESC, `id` DESC LIMIT ? , ? FOR UPDATE SKIP LOCKED ; SELECT `x` FROM `y` WHERE `a` = `b` AND (`c` ...', 'mysql');
  t.true(digest.description.parsed);
  const history = describeShapeDetailed('SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1 AND c.country IN (SELECT code FROM countries WHERE region = $2 AND (name', 'postgres');
  t.is(history.via, 'libpg-query-repair');
  const f = history.description.features;
  t.deepEqual(f.tables.find((x) => x.name === 'orders')?.equality, ['status']);
  t.deepEqual(f.tables.find((x) => x.name === 'customers')?.join, ['id']);
  t.deepEqual(f.tables.find((x) => x.name === 'countries')?.equality, ['region']);
});

test('DDL normalized with placeholders where the grammar wants literals still parses', (t) => {
  const pg = describeShapeDetailed('CREATE TABLE pgbench_accounts (aid int NOT $1, bid int, filler CHAR ($2)) WITH (fillfactor = $3)', 'postgres');
  t.is(pg.via, 'libpg-query-repair');
  t.is(pg.description.features.kind, 'ddl');
  t.deepEqual(pg.description.features.tables.map((x) => x.name), ['pgbench_accounts']);
  const my = describeShape('CREATE TABLE categories (id int PRIMARY KEY, name varchar(?) NOT ?, parent_id int ?, FOREIGN KEY (parent_id) REFERENCES categories(id)) ENGINE = innodb', 'mysql');
  t.true(my.parsed, my.error);
  t.is(my.features.kind, 'ddl');
});

test('describeShape never throws on random and mutated statements (property)', (t) => {
  const seeds = cases.map((c) => c.sql);
  const mutated = fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 12 }))
    .map(([sql, at, cut, insert]) => sql.slice(0, at % (sql.length + 1)) + insert + sql.slice((at % (sql.length + 1)) + cut));
  for (const engine of ['postgres', 'mysql'] as const) {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), mutated), (sql) => {
      const result = describeShape(sql, engine);
      return typeof result.parsed === 'boolean' && Array.isArray(result.features.tables) && (result.parsed || typeof result.error === 'string');
    }), { numRuns: 300, seed: 42 });
  }
  t.pass();
});

test('which parser step each MySQL form needs', (t) => {
  t.is(describeShapeDetailed('SELECT `c` FROM `sbtest1` WHERE `id` = ?', 'mysql').via, 'node-sql-parser');
  t.is(describeShapeDetailed('SELECT c FROM t FORCE INDEX (k) WHERE id = ?', 'mysql').via, 'node-sql-parser-rewrite');
  t.is(describeShapeDetailed('SHOW GLOBAL STATUS', 'mysql').via, 'utility');
});
