import type { Migration } from './index.js';

export const m004ReportEmails: Migration = {
  version: 4,
  name: 'report-emails',
  sql: `
-- Idempotency of report emails: at most one email per (target, window, recipients), even when a job is
-- retried after a crash. A row is claimed before sending and marked sent after (see storage/report-repo.ts).
CREATE TABLE report_emails (
  key          TEXT PRIMARY KEY,   -- target | window start | window end | sorted recipients
  target       TEXT NOT NULL,      -- target name, '*' for all targets
  start_ms     INTEGER NOT NULL,
  end_ms       INTEGER NOT NULL,
  recipients   TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('claimed', 'sent')),
  claimed_by   TEXT NOT NULL,      -- job id and attempt that holds the claim
  claimed_ms   INTEGER NOT NULL,
  takeovers    INTEGER NOT NULL DEFAULT 0,  -- claims taken over from a crashed attempt
  message_id   TEXT,
  sent_ms      INTEGER
);
`,
};
