/** The report job processor: one call into analyzer/ (emailReport), with errors sorted for BullMQ. */
import { UnrecoverableError, type Job } from 'bullmq';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { ConfigError, QprofError, SourceUnavailableError } from '../../agent/errors.js';
import { emailReport, type EmailOutcome } from '../../analyzer/report/report-io.js';
import { openStore } from '../../storage/db.js';
import type { ReportJobData } from './queue.js';

export interface ReportWorkerContext {
  /** The qprof store the reports are read from. */
  readonly dbPath: string;
  /** SMTP URL of the worker (`--smtp`, QPROF_SMTP_URL); missing makes every job fail without retries. */
  readonly smtpUrl: string | undefined;
  /** SMTP timeouts. Default 15 000 ms. */
  readonly smtpTimeoutMs?: number;
}

/** The end of a job's window: its scheduled time, so every retry of the job reports the same window. */
export function jobWindowEndMs(job: Pick<Job, 'opts' | 'timestamp'>): number {
  return (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp;
}

export async function processReportJob(job: Job<ReportJobData>, ctx: ReportWorkerContext): Promise<EmailOutcome> {
  const data = job.data;
  let db;
  try {
    // Creating an empty store here would mail an empty report every night: a wrong --db is a configuration error.
    if (ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath)) {
      throw new ConfigError(`the store ${ctx.dbPath} does not exist`, 'start the worker with the --db of the agent or ingest that fills it');
    }
    db = openStore(ctx.dbPath);
    return await emailReport(db, {
      sinceMs: data.sinceMs, untilMs: jobWindowEndMs(job), nowMs: Date.now(), recipients: data.recipients, smtpUrl: ctx.smtpUrl,
      sender: `${job.id}@${hostname()}:${process.pid}`,
      ...(data.target ? { target: data.target } : {}), ...(data.from ? { from: data.from } : {}), ...(data.limit ? { limit: data.limit } : {}),
      ...(ctx.smtpTimeoutMs ? { timeoutMs: ctx.smtpTimeoutMs } : {}),
    });
  } catch (error) {
    // A server that is down comes back; a bad URL, address or credential does not: stop retrying those.
    if (error instanceof QprofError && !(error instanceof SourceUnavailableError)) {
      throw new UnrecoverableError(`${error.message}${error.hint ? ` (${error.hint})` : ''}`);
    }
    throw error;
  } finally {
    db?.close();
  }
}
