/**
 * `npm run demo` as a user runs it: the compiled CLI, offline, on the bundled captures (fixtures/logs/,
 * fixtures/demo/). It must finish, show every step with real findings, and end with a self-contained report.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoSteps, runDemo } from '../../cli/commands/demo.js';

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** The text of step `n` (from its "n. " heading to the next step's). */
function section(text: string, n: number): string {
  const start = text.indexOf(`\n${n}. `);
  const end = text.indexOf(`\n${n + 1}. `, start + 1);
  return start < 0 ? '' : text.slice(start, end < 0 ? undefined : end);
}

test('npm run demo: every step, index, N+1 and replica advice for both engines, and a self-contained HTML report last', async (t) => {
  const started = Date.now();
  // Offline: no database URL reaches the demo, and a non-zero exit rejects.
  const { stdout } = await promisify(execFile)(process.execPath, [main, 'demo'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024,
  });
  const lines = stdout.trimEnd().split('\n');
  const reportPath = /^The HTML report: (\/.+\.html)$/.exec(lines.at(-1)!)?.[1];
  t.truthy(reportPath, `the last line names the report: ${lines.at(-1)}`);
  t.teardown(() => rmSync(dirname(reportPath ?? '/nonexistent/x'), { recursive: true, force: true }));
  t.log(`demo ran in ${((Date.now() - started) / 1000).toFixed(1)} s, ${lines.length} lines`);

  demoSteps.forEach((step, i) => t.true(stdout.includes(`\n${i + 1}. ${step.title}\n`), `step ${i + 1} shown: ${step.title}`));

  // Parsers: the PostgreSQL files are one workload in five formats/prefixes: same count, nothing rejected.
  const parserRows = [...section(stdout, 1).matchAll(/^ {2}(\S+)\s+(pg-\w+|mysql-slow)\s+(\d+)\s+(\d+)$/gm)];
  t.true(parserRows.length >= 6, 'a row per fixture');
  t.deepEqual(new Set(parserRows.filter((r) => r[1]!.startsWith('pg-')).map((r) => r[3])).size, 1, 'same statement count in every PostgreSQL format');
  t.true(parserRows.every((r) => r[4] === '0'), 'no rejects');

  t.regex(section(stdout, 2), /shop-postgres\s+pg-json\s+\d{4,} statements, \d+ shapes, 0 rejects/);
  t.regex(section(stdout, 2), /shop-mariadb\s+mysql-slow \d{4,} statements, \d+ shapes, 0 rejects/);

  // Top: a table with shape rows for each engine.
  for (const target of ['postgres, target shop-postgres', 'mysql, target shop-mariadb']) {
    t.regex(section(stdout, 3), new RegExp(`${target}:\\n\\s+#\\s+total\\s+share.*\\n\\s+1\\s+\\S+ m?s\\s+[\\d.]+%\\s+\\d+ .*[0-9a-f]{16}\\s+\\S`), target);
  }

  // Index advice from statistics alone, for each engine.
  const indexes = section(stdout, 4);
  t.regex(indexes, /^\s+1\s+create\s+qprof_demo\.\w+\s+\S/m);
  t.regex(indexes, /CREATE INDEX CONCURRENTLY \w+ ON qprof_demo\.\w+ \(/);
  t.regex(indexes, /ALTER TABLE qprof_demo\.\w+ ADD INDEX \w+ \(/);

  // N+1: detected loops with a fix, on each engine.
  const nPlusOne = section(stdout, 5);
  t.regex(nPlusOne, /\[detected, \w+ confidence\] postgres .*\n\s+parent .*\n\s+child /);
  t.regex(nPlusOne, /\[detected, \w+ confidence\] mysql .*\n\s+parent .*\n\s+child /);
  t.regex(nPlusOne, /fix: fetch \w+ rows for all parent rows at once/);

  // Replicas: a classification table per target.
  const replicas = section(stdout, 6);
  for (const target of ['shop-postgres', 'shop-mariadb']) t.true(replicas.includes(`== ${target} (`), target);
  t.regex(replicas, /route\s+share\s+calls\s+shape\s+query \/ reason\n\s+(replica|primary|conditional)\s+[\d.]+%\s+\d+\s+[0-9a-f]{16}/);
  t.regex(replicas, /replica-safe: [\d.]+% of primary time/);

  // The report: a real file, charts inline, nothing fetched from the network.
  t.true(existsSync(reportPath!), reportPath);
  const html = readFileSync(reportPath!, 'utf8');
  t.regex(html, /<svg[\s>]/);
  t.notRegex(html, /\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, 'no external src/href');
  t.notRegex(html, /@import|url\(\s*["']?https?:/i, 'no external CSS');
  for (const text of ['shop-postgres', 'shop-mariadb', 'Index advice', 'N+1', 'Replica']) t.true(html.includes(text), text);
});

test('demo steps are a list: a later step sees the store the earlier ones filled', async (t) => {
  let targets: string[] = [];
  const ctx = await runDemo(() => {}, [demoSteps[1]!, { title: 'targets', run: (c) => { targets = Object.values(c.mainTarget); } }]);
  t.teardown(() => rmSync(ctx.dir, { recursive: true, force: true }));
  t.deepEqual(targets.sort(), ['shop-mariadb', 'shop-postgres']);
  t.is(ctx.ingested.length, 2);
});
