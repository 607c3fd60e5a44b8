/**
 * Numbered migrations, applied in order on open. Never edit a released migration: add the next number.
 * Each lives in its own file as SQL text so that tsc ships it with the compiled code.
 */
import { m001Initial } from './001-initial.js';
import { m002Ingest } from './002-ingest.js';
import { m004ReportEmails } from './004-report-emails.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [m001Initial, m002Ingest, m004ReportEmails].sort((a, b) => a.version - b.version);
