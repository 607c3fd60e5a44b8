// Regenerates fixtures/logs/ from the local PostgreSQL 15 and MariaDB 10.11 (see fixtures/logs/README.md).
// Run through scripts/capture-logs.sh (as root, after scripts/services.sh and npm run build).
// Only this script's own sessions are kept: other programs may be using the servers at the same time.
import { readdirSync, statSync, openSync, readSync, closeSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { parseCsvRecord } from '../dist/agent/logs/pg-csv.js';

const out = new URL('../fixtures/logs/', import.meta.url).pathname;
const pgLogDir = process.env.PG_LOG_DIR ?? '/var/lib/postgresql/15/main/log';
const slowLog = process.env.MYSQL_SLOW_LOG ?? '/var/log/mysql/mariadb-slow.log';
const pgUrl = process.env.QPROF_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const myUrl = process.env.QPROF_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const richPrefix = '%m [%p] %q%u@%d/%a %c %l %x %e ';
// Every escape PostgreSQL 15 knows (but %q, used in both others), to prove the prefix compiler on a real line.
const allEscapesPrefix = '%n %t [%p-%l] %c %s %v %x %e %b %Q %%%q %u@%d app=%a host=%h remote=%r tag=%i ';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function newest(ext) {
  const files = readdirSync(pgLogDir).filter((f) => f.endsWith(ext)).sort();
  return join(pgLogDir, files.at(-1));
}
function readFrom(path, offset) {
  const size = statSync(path).size;
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  readSync(fd, buf, 0, buf.length, offset);
  closeSync(fd);
  return buf.toString('utf8');
}
function mark(paths) {
  return paths.map((p) => ({ path: p, offset: statSync(p).size }));
}

// ------------------------------------------------------------------------------------------- PostgreSQL
async function connect(app) {
  const c = new pg.Client({ connectionString: pgUrl, application_name: app });
  c.on('error', () => {});
  await c.connect();
  const { rows } = await c.query('SELECT pg_backend_pid() AS pid');
  return { c, pid: rows[0].pid };
}

async function pgSetup() {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS qprof_capture CASCADE; CREATE SCHEMA qprof_capture;
    CREATE TABLE qprof_capture.customers (id int PRIMARY KEY, email text NOT NULL, country text);
    CREATE TABLE qprof_capture.orders (id serial PRIMARY KEY, customer_id int NOT NULL, total numeric NOT NULL,
      status text NOT NULL, created_at timestamptz NOT NULL);
    INSERT INTO qprof_capture.customers SELECT g, 'user' || g || '@example.com', (ARRAY['FR','DE','IT','US'])[g % 4 + 1]
      FROM generate_series(1, 2000) g;
    INSERT INTO qprof_capture.orders (customer_id, total, status, created_at)
      SELECT g % 2000 + 1, (g * 37 % 1000) / 10.0, (ARRAY['new','paid','shipped'])[g % 3 + 1], '2026-01-01'::timestamptz + g * interval '1 minute'
      FROM generate_series(1, 20000) g;
    ANALYZE qprof_capture.customers; ANALYZE qprof_capture.orders;`);
  await c.end();
}

async function tryQuery(c, ...args) {
  try { await c.query(...args); } catch { /* errors are part of the workload */ }
}

/** The same workload for every PostgreSQL capture; returns the pids of its sessions. */
async function pgWorkload() {
  const s = await connect('capture-psql');
  const e = await connect('capture-node');
  const l1 = await connect('capture-lock-holder');
  const l2 = await connect('capture-lock-waiter');
  const x = await connect('capture-terminated');
  const pids = [s.pid, e.pid, l1.pid, l2.pid, x.pid];
  const q = (sql) => tryQuery(s.c, sql);

  // Simple query protocol (what psql sends).
  await q('SET log_min_duration_statement = 0');
  await q('SELECT * FROM qprof_capture.customers WHERE id = 42');
  await q('SELECT * FROM qprof_capture.customers WHERE id = 7');
  await q('SELECT count(*) FROM qprof_capture.orders WHERE customer_id IN (1, 2, 3)');
  await q(`SELECT c.email,
       sum(o.total) AS spent
  FROM qprof_capture.customers c
  JOIN qprof_capture.orders o ON o.customer_id = c.id
 WHERE c.country = 'FR'
 GROUP BY c.email
 ORDER BY spent DESC
 LIMIT 5`);
  await q("UPDATE qprof_capture.orders SET status = 'shipped' WHERE id = 10");
  await q("/* controller='orders',action='index' */ SELECT id, total FROM qprof_capture.orders WHERE customer_id = 12 ORDER BY created_at DESC LIMIT 20");
  await q('SELECT 1/0');
  await q("INSERT INTO qprof_capture.customers (id, email) VALUES (1, 'dup@example.com')");
  await q('SELEC 1');
  // A sort that spills to disk: a temporary file.
  await q("SET work_mem = '64kB'");
  await q('SELECT id FROM qprof_capture.orders ORDER BY total DESC, created_at OFFSET 19000 LIMIT 1');
  await q('RESET work_mem');
  // auto_explain, text then JSON.
  await q("LOAD 'auto_explain'");
  await q('SET auto_explain.log_min_duration = 0');
  await q('SET auto_explain.log_analyze = on');
  await q("SELECT count(*) FROM qprof_capture.orders WHERE status = 'new'");
  await q("SET auto_explain.log_format = 'json'");
  await q(`SELECT c.country, count(*)
  FROM qprof_capture.orders o JOIN qprof_capture.customers c ON c.id = o.customer_id
 WHERE o.total > 90 GROUP BY c.country`);
  // A plan without log_min_duration_statement: the plan entry alone is the statement.
  await q("SET auto_explain.log_format = 'text'");
  await q('SET log_min_duration_statement = -1');
  await q('SELECT max(total) FROM qprof_capture.orders WHERE customer_id = 5');
  await q('SET log_min_duration_statement = 0');
  await q('SET auto_explain.log_min_duration = -1');

  // Extended protocol (node-postgres with parameters): parse, bind, execute.
  await tryQuery(e.c, 'SET log_min_duration_statement = 0');
  await tryQuery(e.c, 'SELECT * FROM qprof_capture.customers WHERE id = $1', [42]);
  await tryQuery(e.c, 'SELECT * FROM qprof_capture.customers WHERE id = $1', [7]);
  const named = { name: 'orders_by_customer', text: 'SELECT id, total FROM qprof_capture.orders WHERE customer_id = $1 AND status = $2' };
  await tryQuery(e.c, { ...named, values: [3, 'new'] });
  await tryQuery(e.c, { ...named, values: [4, 'paid'] });
  await tryQuery(e.c, 'INSERT INTO qprof_capture.customers (id, email, country) VALUES ($1, $2, $3)', [5001, "o'brien@example.com", null]);
  await tryQuery(e.c, `SELECT o.id, o.total
  FROM qprof_capture.orders o
 WHERE o.customer_id = ANY($1)
   AND o.created_at >= $2`, [[1, 2, 3], '2026-01-01']);
  await tryQuery(e.c, 'SELECT $1::int / 0', [1]);

  // Lock wait: the waiter logs "still waiting" after deadlock_timeout, then "acquired".
  await tryQuery(l1.c, 'SET log_min_duration_statement = 0');
  await tryQuery(l2.c, 'SET log_min_duration_statement = 0');
  await tryQuery(l2.c, "SET deadlock_timeout = '100ms'");
  await tryQuery(l1.c, 'BEGIN');
  await tryQuery(l1.c, "UPDATE qprof_capture.customers SET country = 'DE' WHERE id = 1");
  const waiting = tryQuery(l2.c, "UPDATE qprof_capture.customers SET country = 'IT' WHERE id = 1");
  await sleep(400);
  await tryQuery(l1.c, 'COMMIT');
  await waiting;

  // log_statement = all: the statement is logged when it starts, the duration line follows without text.
  await q("SET log_statement = 'all'");
  await q('SELECT email FROM qprof_capture.customers WHERE id = 99');
  // statement: line, then the plan, then the bare duration line: one statement with its plan.
  await q('SET auto_explain.log_min_duration = 0');
  await q('SELECT min(total) FROM qprof_capture.orders WHERE customer_id = 6');
  await q('SET auto_explain.log_min_duration = -1');
  await q('SELECT 1/0');
  await tryQuery(e.c, "SET log_statement = 'all'");
  await tryQuery(e.c, 'SELECT email FROM qprof_capture.customers WHERE id = $1', [100]);
  await q('SET log_min_duration_statement = -1');
  await q("SELECT count(*) FROM qprof_capture.orders WHERE status = 'paid'");
  await q('RESET log_statement');

  // A FATAL: this session terminates another one.
  await q(`SELECT pg_terminate_backend(${x.pid})`);
  await sleep(200);
  for (const conn of [s, e, l1, l2]) await conn.c.end();
  await x.c.end().catch(() => {});
  return new Set(pids.map(String));
}

function keepStderr(text, pids) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const kept = [];
  let keep = false;
  for (const line of lines) {
    if (!line.startsWith('\t')) keep = pids.has(/^[^[]* \[(\d+)[\]-]/.exec(line)?.[1]);
    if (keep) kept.push(line);
  }
  return kept.join('\n') + '\n';
}

function keepCsv(text, pids) {
  const lines = text.split('\n');
  const kept = [];
  let record = [];
  let quotes = 0;
  for (const line of lines) {
    if (record.length === 0 && line === '') continue;
    record.push(line);
    quotes += (line.match(/"/g) ?? []).length;
    if (quotes % 2 === 1) continue;
    const joined = record.join('\n');
    if (pids.has(parseCsvRecord(joined)?.[3])) kept.push(joined);
    record = [];
    quotes = 0;
  }
  return kept.join('\n') + '\n';
}

function keepJson(text, pids) {
  return text.split('\n').filter((l) => l && pids.has(String(JSON.parse(l).pid))).join('\n') + '\n';
}

async function capturePg() {
  await pgSetup();
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  // 1. Debian default prefix: stderr, csvlog and jsonlog of the same run.
  let marks = mark([newest('.log'), newest('.csv'), newest('.json')]);
  let pids = await pgWorkload();
  await sleep(1000);
  const [log, csv, json] = marks.map((m) => readFrom(m.path, m.offset));
  writeFileSync(join(out, 'pg-stderr-debian.log'), keepStderr(log, pids));
  writeFileSync(join(out, 'pg-csv.csv'), keepCsv(csv, pids));
  writeFileSync(join(out, 'pg-json.json'), keepJson(json, pids));

  // 2. Richer prefixes, each set only for the time of its run (sighup setting, no restart), then reset.
  for (const [prefix, file] of [[richPrefix, 'pg-stderr-rich.log'], [allEscapesPrefix, 'pg-stderr-all-escapes.log']]) {
    await pgSetup();
    try {
      await admin.query(`ALTER SYSTEM SET log_line_prefix = '${prefix}'`);
      await admin.query('SELECT pg_reload_conf()');
      await sleep(1000);
      marks = mark([newest('.log')]);
      pids = await pgWorkload();
      await sleep(1000);
    } finally {
      await admin.query('ALTER SYSTEM RESET log_line_prefix');
      await admin.query('SELECT pg_reload_conf()');
    }
    writeFileSync(join(out, file), keepStderr(readFrom(marks[0].path, marks[0].offset), pids));
  }
  await admin.query('DROP SCHEMA qprof_capture CASCADE');
  await admin.end();
}

// ------------------------------------------------------------------------------------------- MariaDB
async function captureMysql() {
  const setup = await mysql.createConnection(myUrl + '?multipleStatements=true');
  await setup.query(`DROP DATABASE IF EXISTS qprof_capture; CREATE DATABASE qprof_capture; USE qprof_capture;
    CREATE TABLE customers (id int PRIMARY KEY, email varchar(100) NOT NULL, country char(2));
    CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, customer_id int NOT NULL, total decimal(8,2) NOT NULL,
      status varchar(10) NOT NULL, created_at datetime NOT NULL);
    INSERT INTO customers SELECT seq, concat('user', seq, '@example.com'), elt(seq % 4 + 1, 'FR', 'DE', 'IT', 'US') FROM seq_1_to_2000;
    INSERT INTO orders (customer_id, total, status, created_at)
      SELECT seq % 2000 + 1, (seq * 37 % 1000) / 10, elt(seq % 3 + 1, 'new', 'paid', 'shipped'), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_20000;`);
  const start = statSync(slowLog).size;
  const a = await mysql.createConnection(myUrl);
  const b = await mysql.createConnection(myUrl);
  const ids = new Set([String(a.threadId), String(b.threadId)]);
  const q = (c, sql, params) => (params ? c.execute(sql, params) : c.query(sql)).catch(() => {});
  for (const c of [a, b]) await q(c, "SET SESSION long_query_time = 0, log_slow_verbosity = 'query_plan,explain'");
  await q(a, 'USE qprof_capture');
  await q(b, 'USE qprof_capture');
  await q(a, 'SELECT * FROM customers WHERE id = 42');
  await q(b, 'SELECT * FROM customers WHERE id = 7');
  await q(a, 'SELECT count(*) FROM orders WHERE customer_id IN (1, 2, 3)');
  await q(a, `SELECT c.email,
       sum(o.total) AS spent
  FROM customers c
  JOIN orders o ON o.customer_id = c.id
 WHERE c.country = 'FR'
 GROUP BY c.email
 ORDER BY spent DESC
 LIMIT 5`);
  await q(b, "UPDATE orders SET status = 'shipped' WHERE id = 10");
  await q(a, "/* controller='orders',action='index' */ SELECT id, total FROM orders WHERE customer_id = 12 ORDER BY created_at DESC LIMIT 20");
  await q(a, 'SELECT 1/0');
  await q(a, "INSERT INTO customers (id, email) VALUES (1, 'dup@example.com')");
  await q(a, 'SELEC 1');
  // Prepared statements (binary protocol): the slow log shows the statement with the values in place.
  await q(b, 'SELECT * FROM customers WHERE id = ?', [42]);
  await q(b, 'SELECT id, total FROM orders WHERE customer_id = ? AND status = ?', [3, 'new']);
  await q(b, 'INSERT INTO customers (id, email, country) VALUES (?, ?, ?)', [5001, "o'brien@example.com", null]);
  // Reopening the slow log writes the server banner mid-file, as after a restart.
  await q(a, 'FLUSH SLOW LOGS');
  await q(a, 'USE test');
  await q(a, 'SELECT count(*) FROM qprof_capture.orders WHERE status = \'new\'');
  await b.ping().catch(() => {});
  await q(b, `SELECT c.country, count(*)
  FROM orders o JOIN customers c ON c.id = o.customer_id
 WHERE o.total > 90 GROUP BY c.country`);
  await a.end();
  await b.end();
  await sleep(300);
  writeFileSync(join(out, 'mariadb-slow.log'), keepSlow(readFrom(slowLog, start), ids));
  await setup.query('DROP DATABASE qprof_capture');
  await setup.end();
}

/** Keep banner lines and the entries of our threads; a dropped entry's `# Time:` moves to the next kept one. */
function keepSlow(text, ids) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const kept = [];
  let entry = [];
  let carriedTime = null;
  const flush = () => {
    if (entry.length === 0) return;
    const thread = entry.map((l) => /^# Thread_id: (\d+)/.exec(l)?.[1]).find(Boolean);
    const time = entry.find((l) => l.startsWith('# Time: '));
    if (ids.has(thread)) {
      if (!time && carriedTime) kept.push(carriedTime);
      kept.push(...entry);
      carriedTime = null;
    } else if (time) carriedTime = time;
    entry = [];
  };
  let inSql = false;
  for (const line of lines) {
    const banner = / started with:$/.test(line) || line.startsWith('Tcp port: ') || /^Time\s+Id\s+Command/.test(line);
    if (banner) { flush(); kept.push(line); inSql = false; continue; }
    if ((line.startsWith('# Time: ') || line.startsWith('# User@Host: ')) && (inSql || entry.some((l) => l.startsWith('# User@Host: ')))) { flush(); inSql = false; }
    entry.push(line);
    if (!line.startsWith('#') && !line.startsWith('SET timestamp=') && !line.startsWith('use ')) inSql = true;
  }
  flush();
  return kept.join('\n') + '\n';
}

mkdirSync(out, { recursive: true });
const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'pg') await capturePg();
if (which === 'all' || which === 'mysql') await captureMysql();
console.log(`fixtures written to ${out}`);
