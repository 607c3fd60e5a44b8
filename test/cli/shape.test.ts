/** `qprof shape` as a user runs it: the compiled CLI, exit codes, JSON fields, stdin. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

function qprof(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [main, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('same shape for literals, IN-list length, case and comments; JSON carries features and tags', (t) => {
  const a = qprof(['shape', "select * from orders where customer_id = 42 and status in ('new', 'paid') /* controller='orders' */", '--json']);
  const b = qprof(['shape', 'SELECT * FROM orders WHERE customer_id = $1 AND status IN ($2, $3, $4)', '--json']);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  const ja = JSON.parse(a.stdout);
  const jb = JSON.parse(b.stdout);
  t.is(ja.id, jb.id);
  t.is(ja.engine, 'postgres');
  t.true(ja.parsed);
  t.deepEqual(ja.tags, { controller: 'orders' });
  t.is(ja.features.kind, 'select');
  const orders = ja.features.tables.find((x: { name: string }) => x.name === 'orders');
  t.deepEqual(orders.equality, ['customer_id']);
  t.deepEqual(orders.in, ['status']);
  for (const key of ['id', 'engine', 'normalized', 'tags', 'truncated', 'parsed', 'features']) t.true(key in ja, key);
});

test('--engine mysql reads MySQL syntax (index hint, backticks) and flags volatile calls', (t) => {
  const r = qprof(['shape', '--engine', 'mysql', 'SELECT `c`, RAND() FROM `sbtest1` FORCE INDEX (k_1) WHERE `id` = 7', '--json']);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.is(j.engine, 'mysql');
  t.true(j.parsed);
  t.deepEqual(j.features.tables.map((x: { name: string; equality: string[] }) => [x.name, x.equality]), [['sbtest1', ['id']]]);
  t.deepEqual(j.features.functions.map((f: { name: string; volatile: boolean }) => [f.name, f.volatile]), [['rand', true]]);
});

test('human output names id, parsed flag, kind and per-table columns', (t) => {
  const r = qprof(['shape', 'SELECT o.id FROM orders o JOIN items i ON i.order_id = o.id WHERE o.customer_id = 1 ORDER BY o.created_at DESC LIMIT 5']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^id\s+[0-9a-f]{16}$/m);
  t.regex(r.stdout, /^parsed\s+yes$/m);
  t.regex(r.stdout, /^kind\s+select$/m);
  t.regex(r.stdout, /orders \(o\) read\n\s+eq: customer_id\s+join: id\s+order: created_at desc/);
  t.regex(r.stdout, /items \(i\) read\n\s+join: order_id/);
});

test('reads the statement from stdin with -', (t) => {
  const r = qprof(['shape', '-', '--json'], 'DELETE FROM sessions WHERE expires_at < now()\n');
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.is(j.features.kind, 'delete');
  t.is(j.features.tables[0].access, 'write');
});

test('an unparseable statement still gets a shape, parsed false and the reason', (t) => {
  const r = qprof(['shape', 'SELEC * FROM orders WHERE id = 1', '--json']);
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.false(j.parsed);
  t.truthy(j.error);
  t.regex(j.id, /^[0-9a-f]{16}$/);
});

test('a bad --engine is a usage error: exit 2 and a message naming the choices', (t) => {
  const r = qprof(['shape', '--engine', 'oracle', 'SELECT 1']);
  t.is(r.code, 2);
  t.regex(r.stderr, /postgres, mysql/);
  t.is(r.stdout, '');
});

test('binary garbage gets a shape, but its control characters are shown escaped, never sent to the terminal', (t) => {
  const garbage = `SELECT \u001b[2J\u001b]0;pwned\u0007 FROM t WHERE a = 1\u0000\u0001 \u009b31m`;
  const r = qprof(['shape', '-'], garbage);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^id {10}[0-9a-f]{16}$/m);
  t.false(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(r.stdout), JSON.stringify(r.stdout));
  t.true(r.stdout.includes('\\x9b31m'), r.stdout); // a C1 CSI survives normalization: shown escaped
});

test('an empty statement is a usage error (exit 2), not a shape', (t) => {
  for (const [args, input] of [[['shape', '']], [['shape', '-'], ' \n']] as [string[], string?][]) {
    const r = qprof(args, input);
    t.is(r.code, 2, r.stdout);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.regex(r.stderr, /empty|no statement/);
  }
});
