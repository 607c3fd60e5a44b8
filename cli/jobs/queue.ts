/** The report queue: job data, default retry policy and the job schedulers (`qprof schedule`). */
import { Queue, type JobSchedulerJson } from 'bullmq';
import { bullConnection } from './connection.js';

export const reportQueueName = 'reports';

/** What a report job carries. No SMTP URL: secrets stay with the worker (`--smtp` / QPROF_SMTP_URL), not in Redis. */
export interface ReportJobData {
  readonly kind: 'report';
  readonly recipients: readonly string[];
  /** Window length, ms; the window ends at the job's scheduled time. */
  readonly sinceMs: number;
  readonly target?: string;
  readonly from?: string;
  readonly limit?: number;
}

/** Retry policy of report jobs. */
export const reportJobDefaults = {
  /** Attempts in all, the first included. */
  attempts: 6,
  /** First retry delay, doubled each time (30 s, 1 min, 2 min, 4 min, 8 min). */
  backoffMs: 30_000,
  /** Completed and failed jobs kept in Redis for `qprof schedule list` and inspection. */
  keepJobs: 100,
} as const;

export function openReportQueue(redisUrl: string, prefix: string): Queue<ReportJobData> {
  return new Queue<ReportJobData>(reportQueueName, { connection: bullConnection(redisUrl), prefix });
}

export interface ScheduleSpec {
  readonly id: string;
  /** Cron pattern (`0 6 * * *`), or `everyMs`. */
  readonly cron?: string;
  readonly everyMs?: number;
  /** IANA time zone of the cron pattern. */
  readonly tz?: string;
  readonly data: ReportJobData;
  readonly attempts?: number;
  readonly backoffMs?: number;
}

/** Create or replace the scheduler `id`; returns the time of its next run (epoch ms). */
export async function upsertReportSchedule(queue: Queue<ReportJobData>, spec: ScheduleSpec): Promise<number> {
  const repeat = spec.cron ? { pattern: spec.cron, ...(spec.tz ? { tz: spec.tz } : {}) } : { every: spec.everyMs! };
  const job = await queue.upsertJobScheduler(spec.id, repeat, {
    name: 'report',
    data: spec.data,
    opts: {
      attempts: spec.attempts ?? reportJobDefaults.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs ?? reportJobDefaults.backoffMs },
      removeOnComplete: reportJobDefaults.keepJobs,
      removeOnFail: reportJobDefaults.keepJobs,
    },
  });
  return job.timestamp + (job.delay ?? 0);
}

export async function listReportSchedules(queue: Queue<ReportJobData>): Promise<JobSchedulerJson<ReportJobData>[]> {
  return queue.getJobSchedulers(0, -1, true);
}
