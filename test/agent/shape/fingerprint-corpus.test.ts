import { readFileSync } from 'node:fs';
import test from 'ava';
import type { Engine } from '../../../agent/events.js';
import { fingerprint } from '../../../agent/shape/fingerprint.js';

/**
 * The captured corpus (fixtures/corpus/README.md): the same workloads seen as literal statements (logs,
 * statement history) and as the server's own normalized texts (pg_stat_statements, performance_schema
 * digests). Every literal statement should land on a shape the server also reported.
 */
function readRows(file: string): Record<string, unknown>[] {
  const text = readFileSync(new URL(`../../../../fixtures/corpus/${file}`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

function matchRate(engine: Engine, statementsFile: string, serverFile: string, serverKey: string) {
  const serverIds = new Set(readRows(serverFile).map((r) => fingerprint(String(r[serverKey]), engine).id));
  let total = 0;
  let matched = 0;
  let truncated = 0;
  const missing = new Map<string, number>();
  for (const row of readRows(statementsFile)) {
    const f = fingerprint(String(row.sql), engine);
    if (f.truncated) { truncated++; continue; } // cut short by the capture: cannot meet the full shape
    total++;
    if (serverIds.has(f.id)) matched++;
    else missing.set(f.normalized, (missing.get(f.normalized) ?? 0) + 1);
  }
  return { total, matched, truncated, missing, rate: matched / total };
}

function report(t: { log: (...v: unknown[]) => void }, engine: Engine, r: ReturnType<typeof matchRate>): void {
  t.log(`${engine}: ${r.matched}/${r.total} literal statements meet a server-reported shape (${(100 * r.rate).toFixed(1)}%), ${r.truncated} truncated captures skipped`);
  for (const [normalized, count] of r.missing) t.log(`  no server shape (${count}×): ${normalized.slice(0, 160)}`);
}

test('PostgreSQL: logged statements meet their pg_stat_statements shapes', (t) => {
  const r = matchRate('postgres', 'postgres-statements.jsonl', 'postgres-pgss.jsonl', 'query');
  report(t, 'postgres', r);
  t.true(r.total > 100);
  t.true(r.rate >= 0.99, `match rate ${r.rate}`);
});

test('MariaDB: logged statements meet their performance_schema digest shapes', (t) => {
  // Statements sent as server-side prepared statements get no digest on MariaDB 10.11 (see the corpus
  // README), so a few shapes of the slow log have no digest to meet.
  const r = matchRate('mysql', 'mysql-statements.jsonl', 'mysql-digests.jsonl', 'DIGEST_TEXT');
  report(t, 'mysql', r);
  t.true(r.total > 100);
  t.true(r.rate >= 0.85, `match rate ${r.rate}`);
});

test('server texts of different statements keep different shapes', (t) => {
  // pg_stat_statements rows of one database have distinct queryids; two may share a shape only when the
  // server split what we merge on purpose: IN lists of different lengths, multi-row VALUES, = ANY vs IN,
  // or spellings that differ in case and spacing only (`BEGIN` / `begin`).
  const byId = new Map<string, string[]>();
  for (const r of readRows('postgres-pgss.jsonl')) {
    const key = `${String(r.datname)} ${fingerprint(String(r.query), 'postgres').id}`;
    byId.set(key, [...(byId.get(key) ?? []), String(r.query)]);
  }
  const squeeze = (q: string) => q.toLowerCase().replace(/\s+/g, '');
  let merged = 0;
  for (const texts of byId.values()) {
    if (texts.length < 2) continue;
    merged++;
    const sameText = texts.every((q) => squeeze(q) === squeeze(texts[0]));
    const lists = texts.every((q) => /\bIN \(|VALUES|ANY\(|ARRAY\[/i.test(q));
    t.true(sameText || lists, `merged without a list to collapse:\n${texts.join('\n')}`);
  }
  t.log(`${byId.size} shapes from pg_stat_statements, ${merged} of them merge several rows`);
});
