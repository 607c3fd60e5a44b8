/**
 * The report worker: runs report jobs with retries and exponential backoff (set on the job by its
 * scheduler), reports Redis outages once per outage instead of crashing, and closes gracefully.
 */
import { Worker } from 'bullmq';
import { redactDsn } from '../../agent/errors.js';
import { bullConnection, describeRedisError } from './connection.js';
import { processReportJob, type ReportWorkerContext } from './processor.js';
import { reportQueueName, type ReportJobData } from './queue.js';

export interface ReportWorkerOptions extends ReportWorkerContext {
  readonly redisUrl: string;
  readonly prefix: string;
  /** Jobs run at the same time. Default 1. */
  readonly concurrency?: number;
  /** How long a job's lock lives without renewal; a crashed worker's job is retried after about this. Default 30 000. */
  readonly lockMs?: number;
  /** One line per event (job done, failed, retrying, Redis down/up). */
  readonly log: (line: string) => void;
}

export interface RunningWorker {
  readonly worker: Worker<ReportJobData>;
  /** Stop taking jobs, let the running one finish, disconnect. */
  close(): Promise<void>;
}

export function startReportWorker(options: ReportWorkerOptions): RunningWorker {
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<ReportJobData>(reportQueueName, (job) => processReportJob(job, options), {
    connection: bullConnection(options.redisUrl),
    prefix: options.prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: lockMs,
  });
  let redisDown = false;
  worker.on('error', (error) => {
    if (redisDown) return;
    redisDown = true;
    options.log(`cannot reach Redis at ${redactDsn(options.redisUrl)}: ${describeRedisError(error)}; retrying until it is back`);
  });
  const markUp = () => {
    if (redisDown) options.log(`Redis at ${redactDsn(options.redisUrl)} is back`);
    redisDown = false;
  };
  // The worker says 'ready' once, when first connected; later, a job starting proves Redis is back.
  worker.on('ready', markUp);
  worker.on('active', markUp);
  worker.on('completed', (job, outcome) => {
    options.log(outcome.status === 'sent'
      ? `job ${job.id}: sent "${outcome.subject}" to ${outcome.recipients.join(', ')}${outcome.tookOverFrom ? ` (after a crashed attempt by ${outcome.tookOverFrom})` : ''}`
      : `job ${job.id}: already sent for this window (${outcome.messageId ?? 'no message id'}), nothing to do`);
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= attempts;
    options.log(`job ${job.id}: attempt ${job.attemptsMade} of ${attempts} failed: ${error.message}${final ? '; giving up' : '; will retry'}`);
  });
  return {
    worker,
    async close() {
      // With Redis gone a graceful close waits forever for commands that cannot complete; a job that was
      // running then is retried after its lock expires, and the email ledger keeps that retry from sending twice.
      await worker.close(redisDown);
    },
  };
}
