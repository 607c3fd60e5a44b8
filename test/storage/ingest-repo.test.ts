import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIngest } from '../../cli/commands/ingest.js';
import { createLogParser } from '../../agent/logs/index.js';
import { openStore } from '../../storage/db.js';
import { readSessionSequences } from '../../storage/sessions-repo.js';
import { readShapeTotals } from '../../storage/stats-repo.js';
import { readFileSync } from 'node:fs';
import { fingerprint } from '../../agent/shape/index.js';

const fixtureUrl = new URL('../../../fixtures/logs/pg-stderr-debian.log', import.meta.url);

test('session sequences read back per session in log order, with shapes, times and durations', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-sessions-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'store.db');
  await runIngest([fixtureUrl.pathname], { db, format: 'auto', target: 'shop', progress: false }, () => {});

  const lines = readFileSync(fixtureUrl, 'utf8').split('\n').slice(0, -1);
  const parser = createLogParser('pg-stderr');
  const statements = [...parser.push(lines, 1).events, ...parser.end().events].filter((e) => e.kind === 'statement' && e.session !== null);

  const store = openStore(db, { readonly: true });
  t.teardown(() => store.close());
  const sequences = readSessionSequences(store, 1);
  t.is(sequences.length, new Set(statements.map((e) => e.session)).size);
  for (const sequence of sequences) {
    const mine = statements.filter((e) => e.session === sequence.session);
    t.deepEqual(sequence.statements.map((s) => s.shapeId), mine.map((e) => fingerprint((e as { sql: string }).sql, 'postgres').id));
    t.deepEqual(sequence.statements.map((s) => s.durationMs === null ? null : Math.round(s.durationMs * 1000) / 1000),
      mine.map((e) => (e.kind === 'statement' ? e.durationMs : null)));
    t.is(sequence.user, 'postgres');
  }
  // a window keeps only the statements inside it
  const first = sequences[0]!.statements;
  const narrow = readSessionSequences(store, 1, { sinceMs: first[1]!.timeMs, untilMs: first[1]!.timeMs + 1 });
  t.true(narrow.every((s) => s.statements.every((x) => x.timeMs === first[1]!.timeMs)));

  // totals of the whole window equal the log's statements
  const totals = readShapeTotals(store, { sinceMs: Number.NEGATIVE_INFINITY, untilMs: Number.POSITIVE_INFINITY });
  const allStatements = [...createLogParser('pg-stderr').push(lines, 1).events].filter((e) => e.kind === 'statement');
  t.true(totals.reduce((n, r) => n + r.calls, 0) >= allStatements.length);
});
