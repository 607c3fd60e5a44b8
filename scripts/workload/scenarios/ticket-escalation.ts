/**
 * Ticket escalation: on PostgreSQL a writable CTE (UPDATE … RETURNING feeding an INSERT); MariaDB has no
 * data-modifying CTEs, so there it is an UPDATE followed by INSERT … SELECT.
 */
import type { Scenario } from '../scenario.js';
import { stmt } from '../statement.js';

const escalateCte = stmt({
  name: 'tickets.escalate-cte', reads: ['tickets'], writes: ['tickets', 'audit_log'], only: 'postgres',
  pg: `WITH escalated AS (
         UPDATE tickets SET priority = 'high', updated_at = now()
         WHERE status = 'open' AND priority = 'normal' AND id % 97 = $1 RETURNING id)
       INSERT INTO audit_log (entity, entity_id, action, request_id, created_at, details)
       SELECT 'ticket', id, 'escalate', gen_random_uuid(), now(), jsonb_build_object('reason', 'age', 'bucket', $2::int)
       FROM escalated`,
});
const escalate = stmt({
  name: 'tickets.escalate', reads: ['tickets'], writes: ['tickets'], only: 'mysql',
  my: `UPDATE tickets SET priority = 'high', updated_at = NOW() WHERE status = 'open' AND priority = 'normal' AND id % 97 = ?`,
});
const auditEscalated = stmt({
  name: 'audit-log.insert-escalated', reads: ['tickets'], writes: ['audit_log'], only: 'mysql',
  my: `INSERT INTO audit_log (entity, entity_id, action, request_id, created_at, details)
       SELECT 'ticket', id, 'escalate', UUID(), NOW(), JSON_OBJECT('reason', 'age', 'bucket', ?) FROM tickets
       WHERE priority = 'high' AND status = 'open' AND id % 97 = ? AND updated_at >= NOW() - INTERVAL 1 SECOND`,
});

export const ticketEscalation: Scenario = {
  name: 'ticket-escalation', role: 'writer', weight: 3,
  tags: { job: 'escalate-tickets' },
  statements: [escalateCte, escalate, auditEscalated],
  async run({ db, rng, engine }) {
    const bucket = rng.int(0, 96);
    if (engine === 'postgres') {
      await db.run(escalateCte, [bucket, bucket]);
    } else {
      await db.run(escalate, [bucket]);
      await db.run(auditEscalated, [bucket, bucket]);
    }
  },
};
