import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import type { Engine } from '../../../agent/events.js';
import { fingerprint } from '../../../agent/shape/fingerprint.js';

const engines: Engine[] = ['postgres', 'mysql'];
const engineArb = fc.constantFrom<Engine>(...engines);

/** Real statements: the captured corpus when present, plus a few that exercise every lexer branch. */
function realStatements(): string[] {
  const out = [
    "SELECT j->>'k', $$x$$, $t$y$t$, E'a\\'b', B'1', X'1F', U&'x', \"Q\".\"id\" FROM t WHERE a = ANY(ARRAY[1,2]) LIMIT 5",
    "INSERT INTO t (a, b) VALUES (1, 'x'), (2, NULL) ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING id",
    "SELECT /*!40001 SQL_NO_CACHE */ `a`, \"s\", 0x1F, b'1', _utf8mb4'x', @v := 1 FROM t # c\nWHERE id IN (1,2) -- c\n",
    'SELECT `c` FROM `t` WHERE ID IN (...) AND `x` = ? LIMIT ?, ... ',
  ];
  for (const [file, key] of [['postgres-statements.jsonl', 'sql'], ['postgres-pgss.jsonl', 'query'],
    ['mysql-statements.jsonl', 'sql'], ['mysql-digests.jsonl', 'DIGEST_TEXT']]) {
    let text = '';
    try {
      text = readFileSync(new URL(`../../../../fixtures/corpus/${file}`, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(0, 300)) {
      if (line.trim() === '') continue;
      const value = (JSON.parse(line) as Record<string, unknown>)[key];
      if (typeof value === 'string') out.push(value);
    }
  }
  return out;
}

const statements = realStatements();

function checkWellFormed(sql: string, engine: Engine): void {
  const a = fingerprint(sql, engine);
  const b = fingerprint(sql, engine);
  if (!/^[0-9a-f]{16}$/.test(a.id)) throw new Error(`bad id ${a.id}`);
  if (a.id !== b.id || a.normalized !== b.normalized || a.truncated !== b.truncated) throw new Error('not deterministic');
  if (typeof a.normalized !== 'string' || typeof a.tags !== 'object') throw new Error('bad result');
}

test('random text never throws and is deterministic', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), engineArb, (sql, engine) => {
    checkWellFormed(sql, engine);
  }), { numRuns: 2000 });
  t.pass();
});

test('SQL-ish character soup never throws and is deterministic', (t) => {
  const soup = fc.string({ unit: fc.constantFrom(...'\'"`$()[],;.:-+*/#?@!<>=|&^~%E_xb0159 \n\tSELECTINVALUESARRAY{}\\'.split('')), maxLength: 300 });
  fc.assert(fc.property(soup, engineArb, (sql, engine) => { checkWellFormed(sql, engine); }), { numRuns: 3000 });
  t.pass();
});

test('garbage bytes never throw', (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), engineArb, (bytes, engine) => {
    checkWellFormed(Buffer.from(bytes).toString('latin1'), engine);
    checkWellFormed(Buffer.from(bytes).toString('utf8'), engine);
  }), { numRuns: 500 });
  t.pass();
});

test('random mutations of real statements never throw and are deterministic', (t) => {
  const mutated = fc.tuple(fc.constantFrom(...statements), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 8 }))
    .map(([sql, at, len, insert]) => {
      const i = at % (sql.length + 1);
      return sql.slice(0, i) + insert + sql.slice(Math.min(sql.length, i + (len % 12)));
    });
  fc.assert(fc.property(mutated, engineArb, (sql, engine) => { checkWellFormed(sql, engine); }), { numRuns: 3000 });
  t.pass();
});

test('a real statement cut anywhere still gets an id', (t) => {
  fc.assert(fc.property(fc.constantFrom(...statements), fc.nat(), engineArb, (sql, at, engine) => {
    checkWellFormed(sql.slice(0, at % (sql.length + 1)), engine);
  }), { numRuns: 1000 });
  t.pass();
});

test('normalizing a normalized statement changes nothing (real statements)', (t) => {
  for (const sql of statements) {
    for (const engine of engines) {
      const f = fingerprint(sql, engine);
      if (f.truncated) continue;
      t.is(fingerprint(f.normalized, engine).id, f.id, `${engine}: ${sql.slice(0, 200)}`);
    }
  }
});

test('literal values never change the shape', (t) => {
  const literal = fc.oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(Math.abs(d))),
    fc.string({ maxLength: 20 }).map((s) => `'${s.replaceAll("'", "''").replaceAll('\\', '')}'`),
  );
  const list = fc.array(literal, { minLength: 1, maxLength: 30 });
  fc.assert(fc.property(literal, literal, list, list, engineArb, (a, b, l1, l2, engine) => {
    const sql = (x: string, l: string[]) => `SELECT id, name FROM orders WHERE customer_id = ${x} AND status IN (${l.join(', ')}) LIMIT 10`;
    return fingerprint(sql(a, l1), engine).id === fingerprint(sql(b, l2), engine).id;
  }), { numRuns: 1000 });
  t.pass();
});

test('whitespace, keyword case and comments never change the shape', (t) => {
  const words = ['SELECT', 'a', ',', 'b', 'FROM', 't', 'WHERE', 'a', '=', '1', 'ORDER', 'BY', 'b', 'DESC', 'LIMIT', '5'];
  const gap = fc.constantFrom(' ', '  ', '\n', '\t', ' /* x */ ', ' -- y\n', '\r\n');
  fc.assert(fc.property(fc.array(gap, { minLength: words.length, maxLength: words.length }), fc.array(fc.boolean(), { minLength: words.length, maxLength: words.length }), engineArb, (gaps, upper, engine) => {
    const sql = words.map((w, i) => (upper[i] ? w.toUpperCase() : w.toLowerCase()) + gaps[i]).join('');
    return fingerprint(sql, engine).id === fingerprint(words.join(' '), engine).id;
  }), { numRuns: 500 });
  t.pass();
});

test('huge statements take linear time and still get an id', (t) => {
  const inList = `SELECT * FROM t WHERE id IN (${Array.from({ length: 150_000 }, (_, i) => i).join(',')})`;
  const cases: [string, Engine][] = [
    [inList, 'postgres'],
    [inList, 'mysql'],
    ['('.repeat(1_000_000), 'postgres'],
    ['SELECT ' + "'".repeat(1_000_001), 'mysql'],
    ['/*'.repeat(500_000), 'postgres'],
    ['/*'.repeat(250_000) + '*/'.repeat(250_000) + 'SELECT 1', 'postgres'],
    ['$a$'.repeat(333_333), 'postgres'],
    ['-'.repeat(1_000_000), 'mysql'],
    ['+'.repeat(1_000_000), 'postgres'], // regression: each `+` re-scanned the rest of the run (quadratic)
    [`INSERT INTO t VALUES ${Array.from({ length: 100_000 }, (_, i) => `(${i}, 'x')`).join(',')}`, 'postgres'],
  ];
  for (const [sql, engine] of cases) {
    const start = performance.now();
    const f = fingerprint(sql, engine);
    const ms = performance.now() - start;
    t.regex(f.id, /^[0-9a-f]{16}$/);
    t.true(ms < 30_000, `${sql.slice(0, 20)}… took ${ms} ms (quadratic work would take hours)`);
  }
  t.is(fingerprint(inList, 'postgres').normalized, 'SELECT * FROM t WHERE id IN ($1 /*, ... */)');
});
