/**
 * The generated proxy rules match the statements they are meant for and nothing else: pgpool patterns are
 * checked with a real POSIX ERE engine (grep -E, what regcomp compiles), ProxySQL digests with a PCRE-like one.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fingerprint } from '../../../agent/shape/index.js';
import { renderShapeRegex } from '../../../analyzer/replica-routing/rules.js';

function ereMatches(pattern: string, lines: readonly string[]): boolean[] {
  return lines.map((line) => spawnSync('grep', ['-E', '-q', '--', pattern], { input: `${line}\n` }).status === 0);
}

test('pgpool pattern: matches the statement as clients send it (literals, $n, any case, tag comments, IN or ANY lists)', (t) => {
  const pattern = renderShapeRegex(fingerprint('SELECT id, name FROM customers WHERE id IN (1, 2) AND country = \'FR\' LIMIT 5', 'postgres').normalized, 'pgpool');
  t.false(pattern.includes('\\'), 'no backslash: pgpool.conf would drop it');
  t.false(pattern.includes(';'), 'no semicolon: it separates patterns');
  t.deepEqual(ereMatches(pattern, [
    "SELECT id, name FROM customers WHERE id IN (1, 2, 3) AND country = 'FR' LIMIT 5",
    'select id,name from customers where id in ($1) and country = $2 limit $3',
    "SELECT id, name FROM customers WHERE id = ANY($1) AND country = 'it''s' LIMIT 10 /*controller='x'*/",
    "/* qprof */ SELECT id, name FROM \"customers\" WHERE id IN (7) AND country = E'FR' LIMIT 1;",
    "SELECT id, name FROM customers WHERE id IN (1, 2) AND country = 'FR' LIMIT 5 FOR UPDATE",
  ]), [true, true, true, true, true]);
  t.deepEqual(ereMatches(pattern, [
    "SELECT id, name FROM customers_archive WHERE id IN (1) AND country = 'FR' LIMIT 5",
    "SELECT id, name, email FROM customers WHERE id IN (1) AND country = 'FR' LIMIT 5",
    "SELECT id, name FROM customers WHERE id IN (1) AND region = 'FR' LIMIT 5",
  ]), [false, false, false]);
});

test('ProxySQL match_digest: matches the digest text (? placeholders, grouped IN lists, backticks), not a longer statement', (t) => {
  const re = new RegExp(renderShapeRegex(fingerprint('SELECT id, subject FROM tickets WHERE status = \'open\' AND id IN (1,2,3,4,5) ORDER BY id LIMIT 20', 'mysql').normalized, 'proxysql'), 'i');
  t.true(re.test('SELECT id,subject FROM tickets WHERE status = ? AND id IN (?,?,?,...) ORDER BY id LIMIT ?'));
  t.true(re.test('select `id`, `subject` from `tickets` where `status`=? and `id` in (?) order by `id` limit ?'));
  t.false(re.test('SELECT id,subject FROM tickets WHERE status = ? AND id IN (?,?,?,...) ORDER BY id LIMIT ? FOR UPDATE'));
  t.false(re.test('SELECT id,subject FROM tickets_old WHERE status = ? AND id IN (?) ORDER BY id LIMIT ?'));
});
