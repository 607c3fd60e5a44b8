import test from 'ava';
import { appendFileSync, existsSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runIngest, type IngestOptions } from '../../cli/commands/ingest.js';
import { openStore } from '../../storage/db.js';
import { replicatePgStderr, replicateSlowLog } from './replicate-log.js';

const quiet = () => {};

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-ingest-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function options(db: string, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { db, format: 'auto', progress: false, target: 'app', ...extra };
}

/** Everything the store says about the workload, in a comparable form (exact numbers, no tolerance). */
function storedTotals(db: string): unknown {
  const store = openStore(db, { readonly: true });
  try {
    const buckets = store.prepare(`SELECT shape_id, bucket_ms, calls, total_ms, min_ms, max_ms, rows, errors, lock_wait_ms, temp_bytes,
        hex(hist) AS hist FROM stat_buckets ORDER BY shape_id, bucket_ms`).all();
    const sessions = store.prepare('SELECT sum(count) AS statements FROM session_chunks').get();
    const shapes = store.prepare('SELECT count(*) AS n FROM shapes').get();
    return { buckets, sessions, shapes };
  } finally {
    store.close();
  }
}

function perShape(db: string): { shape_id: string; calls: number; total_ms: number }[] {
  const store = openStore(db, { readonly: true });
  try {
    return store.prepare(`SELECT shape_id, sum(calls) AS calls, round(sum(total_ms), 3) AS total_ms FROM stat_buckets
      GROUP BY shape_id ORDER BY shape_id`).all() as { shape_id: string; calls: number; total_ms: number }[];
  } finally {
    store.close();
  }
}

const pgLog = replicatePgStderr('pg-stderr-debian.log', 12);
const slowLog = replicateSlowLog('mariadb-slow.log', 12);

/**
 * Byte offsets of up to `n` lines (spread over the file) that do NOT start an entry: a cut there leaves the
 * first run with half an entry (a statement without its DETAIL, its duration line, its query text).
 */
function midEntryCuts(text: string, startsEntry: RegExp, n: number): number[] {
  const offsets: number[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    if (pos > 0 && line && !startsEntry.test(line)) offsets.push(Buffer.byteLength(text.slice(0, pos)));
    pos += line.length + 1;
  }
  const step = Math.max(1, Math.floor(offsets.length / n));
  return offsets.filter((_, i) => i % step === 0).slice(0, n);
}

const pgEntryStart = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] (\S+ )?(LOG|ERROR|FATAL):  (?!duration: [\d.]+ ms$)/;
const slowEntryStart = /^# (Time|User@Host): /;

for (const [name, text, file, startsEntry] of [
  ['PostgreSQL stderr', pgLog, 'postgresql.log', pgEntryStart], ['MariaDB slow log', slowLog, 'mariadb-slow.log', slowEntryStart],
] as const) {
  test(`${name}: a log cut anywhere (mid-entry, mid-line) and ingested twice counts exactly like one run`, async (t) => {
    const dir = tempDir(t);
    const whole = join(dir, `whole-${file}`);
    writeFileSync(whole, text);
    await runIngest([whole], options(join(dir, 'once.db')), quiet);
    const expected = storedTotals(join(dir, 'once.db'));
    const bytes = Buffer.from(text);
    const cuts = [0.13, 0.37, 0.5, 0.71, 0.93].map((f) => Math.floor(bytes.length * f)).concat(midEntryCuts(text, startsEntry, 8));
    for (const cut of cuts) {
      const path = join(dir, `cut-${cut}-${file}`);
      const db = join(dir, `cut-${cut}.db`);
      writeFileSync(path, bytes.subarray(0, cut));
      await runIngest([path], options(db), quiet);
      appendFileSync(path, bytes.subarray(cut));
      const [second] = await runIngest([path], options(db), quiet);
      t.is(second!.start.kind, 'resume');
      t.deepEqual(storedTotals(db), expected, `cut at byte ${cut}`);
    }
    // and a third run over an unchanged file adds nothing
    const path = join(dir, `cut-${cuts[2]}-${file}`);
    const [third] = await runIngest([path], options(join(dir, `cut-${cuts[2]}.db`)), quiet);
    t.true(third!.bytesRead < bytes.length / 10);
    t.deepEqual(storedTotals(join(dir, `cut-${cuts[2]}.db`)), expected);
  });
}

test('a .gz log gives the same store as the plain file', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'postgresql.log'), pgLog);
  writeFileSync(join(dir, 'postgresql.log.1.gz'), gzipSync(pgLog));
  await runIngest([join(dir, 'postgresql.log')], options(join(dir, 'plain.db')), quiet);
  const [gz] = await runIngest([join(dir, 'postgresql.log.1.gz')], options(join(dir, 'gz.db')), quiet);
  t.deepEqual(storedTotals(join(dir, 'gz.db')), storedTotals(join(dir, 'plain.db')));
  t.true(gz!.statements > 100);
});

test('rotation: the renamed file is finished from its checkpoint and the new file read from its start, in either order', async (t) => {
  const dir = tempDir(t);
  const a = replicatePgStderr('pg-stderr-debian.log', 3);
  const extra = replicatePgStderr('pg-stderr-debian.log', 1, 0).replace(/2026-11-26 21/g, '2026-11-26 23');
  const b = replicatePgStderr('pg-stderr-debian.log', 2).replace(/2026-11-2[67]/g, '2026-11-28');
  writeFileSync(join(dir, 'all-a.log'), a + extra);
  writeFileSync(join(dir, 'all-b.log'), b);
  await runIngest([join(dir, 'all-a.log'), join(dir, 'all-b.log')], options(join(dir, 'expected.db')), quiet);
  const expected = perShape(join(dir, 'expected.db'));

  for (const order of ['old first', 'new first']) {
    const sub = join(dir, order.replace(' ', '-'));
    rmSync(sub, { recursive: true, force: true });
    writeFileSync(`${sub}-app.log`, a);
    const db = `${sub}.db`;
    await runIngest([`${sub}-app.log`], options(db), quiet);
    renameSync(`${sub}-app.log`, `${sub}-app.log.1`);
    appendFileSync(`${sub}-app.log.1`, extra); // written before the server reopened its log
    writeFileSync(`${sub}-app.log`, b);
    const files = order === 'old first' ? [`${sub}-app.log.1`, `${sub}-app.log`] : [`${sub}-app.log`, `${sub}-app.log.1`];
    const results = await runIngest(files, options(db), quiet);
    const rotated = results.find((r) => r.path.endsWith('app.log'))!;
    const renamed = results.find((r) => r.path.endsWith('app.log.1'))!;
    t.like(rotated.start, { kind: 'start', reason: 'rotated' }, order);
    t.is(renamed.start.kind, 'resume', order);
    t.deepEqual(perShape(db), expected, order);
  }
});

test('copytruncate: the same file emptied and rewritten is read again from its start', async (t) => {
  const dir = tempDir(t);
  const a = replicatePgStderr('pg-stderr-debian.log', 3);
  const b = replicatePgStderr('pg-stderr-debian.log', 1).replace(/2026-11-2[67]/g, '2026-11-28');
  writeFileSync(join(dir, 'a.log'), a);
  writeFileSync(join(dir, 'b.log'), b);
  await runIngest([join(dir, 'a.log'), join(dir, 'b.log')], options(join(dir, 'expected.db')), quiet);

  const path = join(dir, 'app.log');
  writeFileSync(path, a);
  await runIngest([path], options(join(dir, 'store.db')), quiet);
  truncateSync(path, 0);
  appendFileSync(path, b);
  const [again] = await runIngest([path], options(join(dir, 'store.db')), quiet);
  t.like(again!.start, { kind: 'start', reason: 'truncated' });
  t.deepEqual(perShape(join(dir, 'store.db')), perShape(join(dir, 'expected.db')));
});

test('garbage, lines of another format and invalid UTF-8 are rejects with their line numbers, never a crash', async (t) => {
  const dir = tempDir(t);
  const lines = replicatePgStderr('pg-stderr-debian.log', 1).split('\n');
  const garbage = [
    Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff, 0xfe]).toString('latin1'),
    '# Query_time: 0.000054  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0',
    '\u0000\u0000\u0000',
  ];
  const at = [10, 20, 30];
  const mixed = [...lines];
  at.forEach((line, i) => mixed.splice(line - 1, 0, garbage[i]!));
  writeFileSync(join(dir, 'clean.log'), lines.join('\n'));
  writeFileSync(join(dir, 'mixed.log'), Buffer.from(mixed.join('\n'), 'latin1'));
  const [clean] = await runIngest([join(dir, 'clean.log')], options(join(dir, 'clean.db'), { format: 'pg-stderr' }), quiet);
  const out: string[] = [];
  const [mixedResult] = await runIngest([join(dir, 'mixed.log')], options(join(dir, 'mixed.db'), { format: 'pg-stderr', showRejects: true }), (s) => out.push(s));
  t.true(mixedResult!.rejects >= 3);
  for (const line of at) t.true(mixedResult!.rejectList.some((r) => r.line === line), `line ${line} rejected`);
  t.regex(out.join(''), /mixed\.log:10: /);
  t.regex(out.join(''), /rejects/);
  t.true(mixedResult!.statements >= clean!.statements - 3);
});

test('--dry-run writes nothing and reports what it would store', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'postgresql.log');
  writeFileSync(path, pgLog);
  const out: string[] = [];
  const [result] = await runIngest([path], options(join(dir, 'dry.db'), { dryRun: true }), (s) => out.push(s));
  t.false(existsSync(join(dir, 'dry.db')));
  t.true(result!.newShapes > 5);
  t.regex(out.join(''), /would store \d+ stat buckets/);
});

test('an unreadable format is one clear error naming the file and the fix', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'notes.txt');
  writeFileSync(path, 'hello\nthis is not a database log\n');
  const error = await t.throwsAsync(runIngest([path], options(join(dir, 'x.db')), quiet));
  t.regex(error!.message, /notes\.txt: .*--format/);
});

test('one unreadable file among several: the others are ingested, the run fails naming it', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'broken.log.gz'), 'not gzip at all');
  writeFileSync(join(dir, 'postgresql.log'), pgLog);
  const db = join(dir, 'store.db');
  const error = await t.throwsAsync(runIngest([join(dir, 'broken.log.gz'), join(dir, 'postgresql.log')], options(db), quiet));
  t.regex(error!.message, /^1 of 2 files were not ingested: .*broken\.log\.gz: cannot decompress/);
  t.true(perShape(db).length > 5, 'the readable file was ingested');
});

test('literal values reach the store only with --keep-samples, bind parameters included', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'postgresql.log');
  writeFileSync(path, pgLog);
  const count = (db: string, where = '1') => {
    const store = openStore(db, { readonly: true });
    try {
      return (store.prepare(`SELECT count(*) AS n FROM samples WHERE ${where}`).get() as { n: number }).n;
    } finally {
      store.close();
    }
  };
  await runIngest([path], options(join(dir, 'plain.db')), quiet);
  t.is(count(join(dir, 'plain.db')), 0);
  await runIngest([path], options(join(dir, 'samples.db'), { keepSamples: true }), quiet);
  t.true(count(join(dir, 'samples.db')) > 0);
  t.true(count(join(dir, 'samples.db'), 'params_json IS NOT NULL') > 0, 'prepared statements keep their parameters');
});
