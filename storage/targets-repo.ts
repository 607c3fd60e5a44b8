import type { Engine } from '../agent/events.js';
import { ConfigError, redactDsn } from '../agent/errors.js';
import type { Db } from './db.js';

export interface TargetRow {
  readonly id: number;
  readonly name: string;
  readonly engine: Engine;
  readonly dsn: string | null;
}

/** Find or create the target `name`; the DSN is stored redacted. */
export function ensureTarget(db: Db, name: string, engine: Engine, dsn: string | null, nowMs: number): TargetRow {
  const existing = db.prepare('SELECT id, name, engine, dsn FROM targets WHERE name = ?').get(name) as TargetRow | undefined;
  if (existing) return existing;
  const redacted = dsn === null ? null : redactDsn(dsn);
  const info = db.prepare('INSERT INTO targets (name, engine, dsn, created_ms) VALUES (?, ?, ?, ?)').run(name, engine, redacted, nowMs);
  return { id: Number(info.lastInsertRowid), name, engine, dsn: redacted };
}

export function readTargets(db: Db): TargetRow[] {
  return db.prepare('SELECT id, name, engine, dsn FROM targets ORDER BY name').all() as TargetRow[];
}

/** Every target when `name` is undefined, else the one so named; a name the store does not know is a usage error. */
export function selectTargets(targets: readonly TargetRow[], name: string | undefined): TargetRow[] {
  if (name === undefined) return [...targets];
  const selected = targets.filter((t) => t.name === name);
  if (selected.length === 0) {
    throw new ConfigError(`no target named ${name} in the store`, `known targets: ${targets.map((t) => t.name).join(', ') || 'none (ingest a log or sample a database first)'}`);
  }
  return selected;
}
