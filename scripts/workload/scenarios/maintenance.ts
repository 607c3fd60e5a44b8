/**
 * A maintenance job: statements a replica router must keep on the primary besides writes (an advisory lock
 * around the job, a session setting, VACUUM/ANALYZE, a DO block with dollar quoting); and an admin page
 * (web) with plain reads using ILIKE, an `E''` string and JSON operators.
 */
import type { Scenario } from '../scenario.js';
import { stmt } from '../statement.js';

const lock = stmt({
  name: 'lock.try-advisory', sessionOrUtility: 'advisory lock',
  pg: 'SELECT pg_try_advisory_lock($1) AS locked', my: 'SELECT GET_LOCK(?, 0) AS locked',
});
const unlock = stmt({
  name: 'lock.release-advisory', sessionOrUtility: 'advisory lock',
  pg: 'SELECT pg_advisory_unlock($1) AS released', my: 'SELECT RELEASE_LOCK(?) AS released',
});
const timeout = stmt({
  name: 'settings.statement-timeout', sessionOrUtility: 'session setting',
  pg: `SELECT set_config('statement_timeout', $1, false)`, my: 'SET SESSION max_statement_time = ?',
});
const vacuum = stmt({
  name: 'maintenance.vacuum-views', sessionOrUtility: 'maintenance command',
  pg: 'VACUUM (ANALYZE) product_views', my: 'ANALYZE TABLE product_views',
});
const doBlock = stmt({
  name: 'maintenance.do-block', sessionOrUtility: 'maintenance command', only: 'postgres',
  pg: `DO $$BEGIN RAISE DEBUG 'maintenance at %', now(); END$$`,
});
const searchTickets = stmt({
  name: 'tickets.search', reads: ['tickets'],
  pg: 'SELECT id, subject FROM tickets WHERE subject ILIKE $1 ORDER BY id LIMIT 20',
  my: 'SELECT id, subject FROM tickets WHERE subject LIKE ? ORDER BY id LIMIT 20',
});
const recentExports = stmt({
  name: 'audit-log.count-exports', reads: ['audit_log'],
  pg: `SELECT count(*) AS exports FROM audit_log WHERE action = E'export' AND created_at > now() - interval '1 hour'`,
  my: `SELECT COUNT(*) AS exports FROM audit_log WHERE action = 'export' AND created_at > NOW() - INTERVAL 1 HOUR`,
});
const escalationReasons = stmt({
  name: 'audit-log.escalations-json', reads: ['audit_log'],
  pg: `SELECT id, details->>'reason' AS reason FROM audit_log WHERE details @> $1::jsonb ORDER BY id DESC LIMIT 5`,
  my: `SELECT id, JSON_UNQUOTE(JSON_EXTRACT(details, '$.reason')) AS reason FROM audit_log
       WHERE JSON_EXTRACT(details, '$.bucket') = ? ORDER BY id DESC LIMIT 5`,
});

export const maintenance: Scenario = {
  name: 'maintenance', role: 'jobs', weight: 2,
  tags: { job: 'maintenance' },
  statements: [lock, unlock, timeout, vacuum, doBlock],
  async run({ db, engine }) {
    const key = engine === 'postgres' ? 4242 : 'shop-maintenance';
    await db.run(lock, [key]);
    try {
      await db.run(timeout, [engine === 'postgres' ? '5s' : 5]);
      await db.run(vacuum);
      if (engine === 'postgres') await db.run(doBlock);
    } finally {
      await db.run(unlock, [key]);
    }
  },
};

export const adminDashboard: Scenario = {
  name: 'admin-dashboard', role: 'web', weight: 5,
  tags: { controller: 'admin', action: 'dashboard', route: '/admin' },
  statements: [searchTickets, recentExports, escalationReasons],
  async run({ db, rng, engine }) {
    await db.run(searchTickets, [`Ticket ${rng.int(1, 99)}%`]);
    await db.run(recentExports);
    const bucket = rng.int(0, 96);
    await db.run(escalationReasons, [engine === 'postgres' ? JSON.stringify({ bucket }) : bucket]);
  },
};
