import test from 'ava';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openStore } from '../../storage/db.js';
import { SourceUnavailableError } from '../../agent/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'qprof-db-errors-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('a --db that is not a store gives one line naming the file, not a stack trace', (t) => {
  const path = join(dir, 'notes.txt');
  writeFileSync(path, 'these are not the droids\n'.repeat(100));
  for (const readonly of [false, true]) {
    const error = t.throws(() => openStore(path, { readonly }), { instanceOf: SourceUnavailableError });
    t.regex(error!.message, /notes\.txt is not a qprof store/);
    t.regex(error!.hint ?? '', /--db/);
  }
});

test('a new store is readable by its owner only (shapes name tables), and reopening it migrates nothing', (t) => {
  const path = join(dir, 'fresh.db');
  openStore(path).close();
  t.is(statSync(path).mode & 0o777, 0o600);
  const db = openStore(path);
  t.is(migrate(db), 0);
  db.close();
});
