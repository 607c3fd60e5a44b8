/**
 * The only module that imports better-sqlite3. Opens the store (WAL, mode 0600), applies numbered
 * migrations on open, and hands out the connection to the repo modules beside it.
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, closeSync, openSync } from 'node:fs';
import { SourceUnavailableError } from '../agent/errors.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open without writing (no migrations); fails when the file does not exist. Default false. */
  readonly readonly?: boolean;
}

/** Open (creating when needed) the store at `path`; `:memory:` for tests. */
export function openStore(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly && !existsSync(path)) {
    try {
      // Create it ourselves first so it is never world-readable, even for a moment: shapes name tables.
      closeSync(openSync(path, 'a', 0o600));
      chmodSync(path, 0o600);
    } catch (error) {
      throw new SourceUnavailableError(`cannot create the store ${path}: ${(error as Error).message}`,
        'choose a writable path with --db or QPROF_DB', { cause: error });
    }
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new SourceUnavailableError(`cannot open the store ${path}: ${(error as Error).message}`,
      options.readonly ? 'run `qprof ingest` or `qprof sample` first, or point --db at an existing store' : 'check the path and its permissions', { cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } else {
      db.pragma('user_version'); // reads the header: a file that is not a store fails here, not mid-command
    }
  } catch (error) {
    db.close();
    throw storeError(path, error);
  }
  return db;
}

/** SQLite's result codes (https://www.sqlite.org/rescode.html) turned into a line a user can act on. */
function storeError(path: string, error: unknown): Error {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new SourceUnavailableError(`${path} is not a qprof store (${message})`, 'point --db at a store qprof created, or at a new file name', { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) {
    return new SourceUnavailableError(`cannot write the store ${path}: ${message}`, 'the store and its folder must be writable (it keeps -wal and -shm files beside it): choose another --db or fix the permissions', { cause: error });
  }
  if (code === 'SQLITE_FULL') {
    return new SourceUnavailableError(`the disk holding ${path} is full`, 'free space or move the store with --db; nothing already stored was lost', { cause: error });
  }
  return error as Error;
}

/** Apply every migration newer than `PRAGMA user_version`, each in its own transaction. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied++;
  }
  return applied;
}

/** Run `fn` in one IMMEDIATE transaction (the writer lock is taken up front, so readers never block it). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
