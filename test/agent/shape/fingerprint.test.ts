import test from 'ava';
import type { Engine } from '../../../agent/events.js';
import { fingerprint } from '../../../agent/shape/fingerprint.js';

/**
 * Same-shape and different-shape pairs for every rule. The server-side forms are copied from what the local
 * PostgreSQL 15 pg_stat_statements and MariaDB 10.11 performance_schema printed for the literal statement on
 * the left (see the README "Query shapes" section).
 */
const same: [Engine, string, string, string][] = [
  // PostgreSQL: literals vs pg_stat_statements
  ['postgres', 'integer literal vs $n', 'SELECT * FROM users WHERE id = 42', 'SELECT * FROM users WHERE id = $1'],
  ['postgres', 'string literal', "SELECT * FROM users WHERE email = 'a@b.c' AND name = 'O''Brien'", 'SELECT * FROM users WHERE email = $1 AND name = $2'],
  ['postgres', 'numbers 1e5 .5 1.5', 'SELECT 1e5, .5, 1.5, 0x1F, 1_000', 'SELECT $1, $2, $3, $4, $5'],
  ['postgres', 'negative literal folds like the grammar does', 'SELECT * FROM t WHERE a = -42 AND b > - 1.5', 'SELECT * FROM t WHERE a = $1 AND b > $2'],
  ['postgres', 'sign after THEN / ( / ,', 'SELECT CASE WHEN a > 1 THEN -1 ELSE 2 END, f(-3, -4)', 'SELECT CASE WHEN a > $1 THEN $2 ELSE $3 END, f($4, $5)'],
  ['postgres', 'E B X U& strings', "SELECT E'a\\'b', B'101', X'1F', U&'d\\0061t'", 'SELECT $1, $2, $3, $4'],
  ['postgres', 'dollar quoting', 'SELECT $$it\'s$$, $fn$ body $$ inner $$ $fn$', 'SELECT $1, $2'],
  ['postgres', 'casts kept, literal replaced', "SELECT '2024-01-01'::date, 42::int8, '{1,2}'::int[]", 'SELECT $1::date, $2::int8, $3::int[]'],
  ['postgres', 'typed literal', "SELECT * FROM t WHERE d > DATE '2020-01-01' AND d < now() - interval '1 day'", 'SELECT * FROM t WHERE d > DATE $1 AND d < now() - interval $2'],
  ['postgres', 'LIMIT / OFFSET values', 'SELECT * FROM t ORDER BY id LIMIT 10 OFFSET 20', 'SELECT * FROM t ORDER BY id LIMIT $1 OFFSET $2'],
  ['postgres', 'LIMIT ALL is LIMIT NULL: pg_stat_statements prints LIMIT $1', 'SELECT * FROM t LIMIT ALL', 'SELECT * FROM t LIMIT $1'],
  ['postgres', "string continued on the next line is one constant ('a'\\n'b')", "SELECT * FROM t WHERE b = 'x'\n  'y' AND a = 2", 'SELECT * FROM t WHERE b = $1 AND a = $2'],
  ['postgres', 'TRUE / NULL are constants to pg_stat_statements', 'SELECT * FROM t WHERE active = true AND x = NULL', 'SELECT * FROM t WHERE active = $1 AND x = $2'],
  ['postgres', 'IN list lengths', 'SELECT * FROM t WHERE id IN (1, 2, 3)', 'SELECT * FROM t WHERE id IN (7)'],
  ['postgres', 'IN list vs pg_stat_statements', "SELECT * FROM t WHERE s IN ('a', 'b')", 'SELECT * FROM t WHERE s IN ($1,$2,$3,$4)'],
  ['postgres', 'IN list vs PostgreSQL 18 squashed form', 'SELECT * FROM t WHERE id IN (1, 2)', 'SELECT * FROM t WHERE id IN ($1 /*, ... */)'],
  ['postgres', 'IN list with casts', "SELECT * FROM t WHERE id IN ('1'::int, '2'::int)", 'SELECT * FROM t WHERE id IN ($1)'],
  ['postgres', '= ANY($1) is IN', 'SELECT * FROM t WHERE id = ANY($1)', 'SELECT * FROM t WHERE id IN (1, 2, 3)'],
  ['postgres', '= ANY(ARRAY[…]) is IN', 'SELECT * FROM t WHERE id = ANY(ARRAY[1, 2, 3])', 'SELECT * FROM t WHERE id IN ($1)'],
  ['postgres', "= ANY('{…}'::int[]) is IN", "SELECT * FROM t WHERE id = ANY('{1,2}'::int[])", 'SELECT * FROM t WHERE id = ANY($1::bigint[])'],
  ['postgres', '<> ALL is NOT IN', 'SELECT * FROM t WHERE id <> ALL($1)', 'SELECT * FROM t WHERE id NOT IN (1, 2)'],
  ['postgres', 'ARRAY[…] of any length', 'SELECT ARRAY[1, 2], ARRAY[[1, 2], [3, 4]]', 'SELECT ARRAY[$1,$2,$3], ARRAY[$4]'],
  ['postgres', 'multi-row VALUES of any length', "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')", "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')"],
  ['postgres', 'multi-row VALUES vs pg_stat_statements', 'INSERT INTO t (a, b) VALUES (1, 2), (3, 4) RETURNING id', 'INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6) RETURNING id'],
  ['postgres', 'whitespace and keyword case', 'select  *\n\tfrom Users where ID=1', 'SELECT * FROM users WHERE id = $1'],
  ['postgres', 'comments and trailing semicolon', '/* hi */ SELECT a -- tail\nFROM t /* nested /* c */ */ ;', 'SELECT a FROM t'],
  ['postgres', 'sqlcommenter tags are not part of the shape', "SELECT a FROM t /*controller='orders',action='index'*/", 'SELECT a FROM t'],
  ['postgres', 'qprof marker is not part of the shape', '/* qprof */ SELECT a FROM t', 'SELECT a FROM t'],
  ['postgres', 'ORM-quoted lower-case names are plain names', 'SELECT "users"."id" FROM "users" WHERE "users"."email" = $1', 'SELECT users.id FROM users WHERE users.email = $1'],
  ['postgres', 'JSON operators', "SELECT j->>'k', j #> '{a,b}', j @> '{\"a\":1}', j ? 'a', j ?| array['a','b'] FROM t", 'SELECT j->>$1, j #> $2, j @> $3, j ? $4, j ?| array[$5,$6] FROM t'],
  ['postgres', '!= is <>', 'SELECT * FROM t WHERE a != 1', 'SELECT * FROM t WHERE a <> $1'],
  ['postgres', 'normalized text is a fixed point', 'SELECT * FROM t WHERE id IN (1,2) AND x = -1', 'SELECT * FROM t WHERE id IN ($1 /*, ... */) AND x = $2'],
  // MySQL / MariaDB: literals vs performance_schema digests
  ['mysql', 'literal vs ?', 'SELECT * FROM t WHERE id = 42', 'SELECT * FROM t WHERE id = ?'],
  ['mysql', 'adjacent strings stay two values, as MariaDB 10.11 digests print them', "SELECT * FROM t WHERE b = 'x'\n  'y' AND a = 2", 'SELECT * FROM `t` WHERE `b` = ? ? AND `a` = ? '],
  ['mysql', 'digest backticks and keyword-cased names', 'SELECT name FROM users WHERE id = 42', 'SELECT NAME FROM `users` WHERE ID = ? '],
  ['mysql', 'double quotes are strings', 'SELECT * FROM t WHERE a = "x" AND b = \'y\'', 'SELECT * FROM `t` WHERE `a` = ? AND `b` = ? '],
  ['mysql', 'backslash escapes in strings', "SELECT * FROM t WHERE a = 'it\\'s' AND b = 'x'", 'SELECT * FROM t WHERE a = ? AND b = ?'],
  ['mysql', 'IN (...) digest', 'SELECT * FROM t WHERE id IN (1, 2, 3)', 'SELECT * FROM `t` WHERE ID IN (...) '],
  ['mysql', 'IN (?) digest is the same shape as IN (...)', 'SELECT * FROM t WHERE id IN (1)', 'SELECT * FROM `t` WHERE ID IN (...) '],
  ['mysql', 'VALUES (...) /* , ... */ digest', "INSERT INTO t (id, a) VALUES (10, 'a'), (11, NULL)", 'INSERT INTO `t` ( ID , `a` ) VALUES (...) /* , ... */ '],
  ['mysql', 'VALUES (?) /* , ... */ digest', 'INSERT INTO t (id) VALUES (13), (14), (15)', 'INSERT INTO `t` ( ID ) VALUES (?) /* , ... */ '],
  ['mysql', 'single row (...) digest', "INSERT INTO t (id, a) VALUES (15, 'q')", 'INSERT INTO `t` ( ID , `a` ) VALUES (...) '],
  ['mysql', 'row IN digest', "SELECT * FROM t WHERE (id, a) IN ((1,'a'),(2,'b'))", 'SELECT * FROM `t` WHERE ( ID , `a` ) IN ( (...) /* , ... */ ) '],
  ['mysql', 'value list ?, ... digest', 'SELECT 1, 2, 3', 'SELECT ?, ... '],
  ['mysql', 'function arguments (...) digest', "SELECT CONCAT('a', 'b'), CONCAT(a, 'b', 'c') FROM t", 'SELECT `CONCAT` (...) , `CONCAT` ( `a` , ?, ... ) FROM `t` '],
  ['mysql', 'LIMIT a,b digest', 'SELECT * FROM t LIMIT 5, 10', 'SELECT * FROM `t` LIMIT ?, ... '],
  ['mysql', 'unary minus digest', 'SELECT * FROM t WHERE id=-42 AND a = 1 + -2', 'SELECT * FROM `t` WHERE ID = - ? AND `a` = ? + ? '],
  ['mysql', 'NULL is a value, IS NULL is not', 'SELECT * FROM t WHERE a = NULL AND b IS NOT NULL AND c = TRUE', 'SELECT * FROM `t` WHERE `a` = ? AND `b` IS NOT NULL AND `c` = TRUE '],
  ['mysql', 'hex, bit, introducer, national strings', "SELECT 0x1F, b'101', X'1F', _utf8mb4'x', N'abc', \"dq\" FROM t", 'SELECT ?, ... , (unknown) , (_charset) ?, ... FROM `t` '],
  ['mysql', 'executable comment content is kept', 'SELECT /*!40001 SQL_NO_CACHE */ * FROM t WHERE id = 1', 'SELECT SQL_NO_CACHE * FROM `t` WHERE ID = ? '],
  ['mysql', '# and -- comments', "SELECT a FROM t # tail\nWHERE b = 1 -- more\n", 'SELECT a FROM t WHERE b = ?'],
  ['mysql', 'digest spellings: SQL_TSI_DAY, NOW, DISTINCTROW', "SELECT DISTINCT c FROM t WHERE d < CURRENT_TIMESTAMP - INTERVAL 1 DAY", 'SELECT DISTINCTROW `c` FROM `t` WHERE `d` < NOW - INTERVAL ? SQL_TSI_DAY '],
  ['mysql', 'ON DUPLICATE KEY UPDATE with VALUES()', "INSERT INTO t (id, a) VALUES (1, 'x'), (2, 'y') ON DUPLICATE KEY UPDATE a = VALUES(a)", 'INSERT INTO `t` ( ID , `a` ) VALUES (...) /* , ... */ ON DUPLICATE KEY UPDATE `a` = VALUES ( `a` ) '],
  ['mysql', 'user variables print as @?', 'SELECT @x := 1, @@session.sql_mode', 'SELECT @? := ? , @@SESSION . `sql_mode` '],
  ['mysql', 'marginalia is not part of the shape', 'SELECT a FROM t /*application:Shop,controller:users,action:show*/', 'SELECT a FROM t'],
  ['mysql', 'normalized text is a fixed point', 'INSERT INTO t (a, b) VALUES (1, 2), (3, 4)', 'INSERT INTO t (a, b) VALUES (? /*, ... */) /*, ... */'],
];

const different: [Engine, string, string, string][] = [
  ['postgres', 'tables', 'SELECT * FROM users WHERE id = 1', 'SELECT * FROM accounts WHERE id = 1'],
  ['postgres', 'columns', 'SELECT * FROM users WHERE id = 1', 'SELECT * FROM users WHERE org_id = 1'],
  ['postgres', 'selected columns', 'SELECT id FROM users', 'SELECT email FROM users'],
  ['postgres', 'operators', 'SELECT * FROM t WHERE a < 1', 'SELECT * FROM t WHERE a <= 1'],
  ['postgres', 'joins', 'SELECT * FROM a JOIN b ON a.id = b.a_id', 'SELECT * FROM a LEFT JOIN b ON a.id = b.a_id'],
  ['postgres', 'ORDER BY direction', 'SELECT * FROM t ORDER BY a', 'SELECT * FROM t ORDER BY a DESC'],
  ['postgres', 'ORDER BY presence', 'SELECT * FROM t ORDER BY a', 'SELECT * FROM t'],
  ['postgres', 'LIMIT presence', 'SELECT * FROM t WHERE a = 1 LIMIT 1', 'SELECT * FROM t WHERE a = 1'],
  ['postgres', 'schema qualification', 'SELECT * FROM public.users', 'SELECT * FROM users'],
  ['postgres', 'point lookup vs batch', 'SELECT * FROM t WHERE id = 1', 'SELECT * FROM t WHERE id IN (1)'],
  ['postgres', 'quoted mixed-case name is another table', 'SELECT * FROM "Users"', 'SELECT * FROM users'],
  ['postgres', '? is an operator, not a placeholder', "SELECT * FROM t WHERE j ? 'k'", "SELECT * FROM t WHERE j = 'k'"],
  ['postgres', 'one row vs several rows', 'INSERT INTO t (a) VALUES (1)', 'INSERT INTO t (a) VALUES (1), (2)'],
  ['postgres', 'IS NULL vs = value', 'SELECT * FROM t WHERE a IS NULL', 'SELECT * FROM t WHERE a = 1'],
  ['postgres', 'binary minus stays an operator', 'SELECT a - 1 FROM t', 'SELECT a FROM t'],
  ['postgres', 'IN subquery is not a list', 'SELECT * FROM t WHERE id IN (SELECT id FROM u)', 'SELECT * FROM t WHERE id IN (1)'],
  ['postgres', 'double quotes are names on postgres', 'SELECT * FROM t WHERE a = "x"', "SELECT * FROM t WHERE a = 'x'"],
  ['postgres', 'statement after a semicolon counts', 'SELECT 1; SELECT 2 FROM t', 'SELECT 1'],
  ['mysql', 'tables', 'SELECT * FROM users WHERE id = 1', 'SELECT * FROM accounts WHERE id = 1'],
  ['mysql', 'LIMIT n vs LIMIT offset, n', 'SELECT * FROM t LIMIT 10', 'SELECT * FROM t LIMIT 5, 10'],
  ['mysql', 'schema qualification', 'SELECT * FROM shop.users', 'SELECT * FROM users'],
  ['mysql', 'point lookup vs batch', 'SELECT * FROM t WHERE id = 1', 'SELECT * FROM t WHERE id IN (1)'],
  ['mysql', '--1 is not a comment on MySQL', 'SELECT 1--1', 'SELECT 1'],
  ['mysql', 'ON DUPLICATE KEY UPDATE presence', 'INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + 1', 'INSERT INTO t (a) VALUES (1)'],
  ['mysql', 'TRUE stays a keyword on MySQL', 'SELECT * FROM t WHERE a = TRUE', 'SELECT * FROM t WHERE a = 1'],
];

for (const [engine, rule, a, b] of same) {
  test(`same shape on ${engine}: ${rule}`, (t) => {
    const fa = fingerprint(a, engine);
    const fb = fingerprint(b, engine);
    t.is(fa.id, fb.id, `${fa.normalized}\n${fb.normalized}`);
  });
}

for (const [engine, rule, a, b] of different) {
  test(`different shapes on ${engine}: ${rule}`, (t) => {
    const fa = fingerprint(a, engine);
    const fb = fingerprint(b, engine);
    t.not(fa.id, fb.id, `both ${fa.normalized}`);
  });
}

test('each engine has its own shape space', (t) => {
  t.not(fingerprint('SELECT 1', 'postgres').id, fingerprint('SELECT 1', 'mysql').id);
});

test('normalized text follows the conventions', (t) => {
  const n = (sql: string, engine: Engine) => fingerprint(sql, engine).normalized;
  t.is(n("select * from Orders where id in (1,2,3) and status = 'paid';", 'postgres'),
    'SELECT * FROM orders WHERE id IN ($1 /*, ... */) AND status = $2');
  t.is(n('SELECT * FROM t WHERE id = ANY(ARRAY[1,2])', 'postgres'), 'SELECT * FROM t WHERE id IN ($1 /*, ... */)');
  t.is(n("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') RETURNING id", 'postgres'),
    'INSERT INTO t (a, b) VALUES ($1, $2) /*, ... */ RETURNING id');
  t.is(n("SELECT x::text, a->>'k' FROM t WHERE b = -1 LIMIT 10", 'postgres'),
    'SELECT x::text, a ->> $1 FROM t WHERE b = $2 LIMIT $3');
  t.is(n('SELECT * FROM `Orders` WHERE id IN (1,2,3) LIMIT 5, 10', 'mysql'),
    'SELECT * FROM orders WHERE id IN (? /*, ... */) LIMIT ? /*, ... */');
  t.is(n("INSERT INTO t (a) VALUES (1), (2) ON DUPLICATE KEY UPDATE a = a + 1", 'mysql'),
    'INSERT INTO t (a) VALUES (?) /*, ... */ ON DUPLICATE KEY UPDATE a = a + ?');
  t.is(n('SELECT `order`, `Name` FROM t', 'mysql'), 'SELECT `order`, name FROM t');
  t.is(n('SELECT "order", "Name" FROM t', 'postgres'), 'SELECT "order", "Name" FROM t');
});

test('comment tags are reported, the qprof marker included', (t) => {
  const f = fingerprint("SELECT 1 /*controller='orders',route='%2Fapi%2Forders'*/", 'postgres');
  t.deepEqual({ ...f.tags }, { controller: 'orders', route: '/api/orders' });
  t.deepEqual({ ...fingerprint('/* qprof */ SELECT 1', 'postgres').tags }, { qprof: 'true' });
  t.deepEqual({ ...fingerprint('SELECT 1 -- just a note', 'mysql').tags }, {});
});

test('a MySQL digest cut short with ... is marked truncated', (t) => {
  const full = fingerprint('SELECT a, b FROM t WHERE x = ?', 'mysql');
  const cut = fingerprint('SELECT `a` , `b` FROM `t` WHERE ...', 'mysql');
  t.false(full.truncated);
  t.true(cut.truncated);
  t.is(cut.normalized, 'SELECT a, b FROM t WHERE');
});

test('unterminated strings, comments and dollar quotes still get an id, marked truncated', (t) => {
  for (const [sql, engine] of [["SELECT 'abc", 'postgres'], ['SELECT 1 /* open', 'postgres'], ['SELECT $q$ body', 'postgres'],
    ['SELECT "abc', 'mysql'], ['SELECT `abc', 'mysql']] as const) {
    const f = fingerprint(sql, engine);
    t.regex(f.id, /^[0-9a-f]{16}$/);
    t.true(f.truncated, sql);
  }
  t.false(fingerprint("SELECT 'abc'", 'postgres').truncated);
});

test('keepLiterals returns the literal values in order, as written', (t) => {
  const f = fingerprint("SELECT * FROM t WHERE a = 'x' AND b IN (1, -2) AND c = NULL", 'postgres', { keepLiterals: true });
  t.deepEqual(f.literals, ["'x'", '1', '-2', 'NULL']);
  t.is(fingerprint('SELECT 1', 'postgres').literals, undefined);
});
