/**
 * Which database `--pg` / `--mysql` point at, and the target name derived from it when `--target` is not
 * given: `host:port/database` (the password never appears in names or messages).
 */
import { ConfigError, redactDsn } from '../../agent/errors.js';
import type { Engine } from '../../agent/events.js';

export interface DatabaseChoice {
  readonly engine: Engine;
  /** The URL, or undefined for PostgreSQL from the libpq PG* environment variables. */
  readonly dsn: string | undefined;
  readonly targetName: string;
}

/** The engine a URL's scheme names: postgres:// or postgresql://, mysql:// or mariadb://; null for anything else. */
export function engineOfUrl(url: string): Engine | null {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^(mysql|mariadb):\/\//i.test(url)) return 'mysql';
  return null;
}

/** A target's default name: `host:port/database` of the URL (never the password), or the redacted URL. */
export function targetNameFromUrl(dsn: string, engine: Engine): string {
  try {
    const url = new URL(dsn);
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return `${url.hostname || 'localhost'}:${url.port || (engine === 'postgres' ? '5432' : '3306')}/${database}`;
  } catch {
    return redactDsn(dsn);
  }
}

/** `--pg [url]` / `--mysql <url>`: exactly one. `true` means "--pg without a URL" (DATABASE_URL or PG*). */
export function chooseDatabase(opts: { pg?: string | boolean; mysql?: string; target?: string },
  env: Readonly<Record<string, string | undefined>>): DatabaseChoice {
  if ((opts.pg !== undefined) === (opts.mysql !== undefined)) {
    throw new ConfigError('give exactly one of --pg URL or --mysql URL', 'e.g. --pg postgres://qprof@db1/shop');
  }
  if (opts.mysql !== undefined) {
    if (engineOfUrl(opts.mysql) !== 'mysql') {
      throw new ConfigError(`--mysql expects a mysql:// URL, got ${redactDsn(opts.mysql)}`, 'e.g. --mysql mysql://qprof@127.0.0.1:3306/shop');
    }
    const dsn = opts.mysql.replace(/^mariadb:/i, 'mysql:');
    return { engine: 'mysql', dsn, targetName: opts.target ?? targetNameFromUrl(dsn, 'mysql') };
  }
  const dsn = typeof opts.pg === 'string' ? opts.pg : env.DATABASE_URL;
  if (dsn !== undefined && engineOfUrl(dsn) !== 'postgres') {
    throw new ConfigError(`--pg expects a postgres:// URL, got ${redactDsn(dsn)}`, 'e.g. --pg postgres://qprof@127.0.0.1:5432/shop');
  }
  const fromEnv = `${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? env.PGUSER ?? env.USER ?? ''}`;
  return { engine: 'postgres', dsn, targetName: opts.target ?? (dsn ? targetNameFromUrl(dsn, 'postgres') : fromEnv) };
}
