/** `qprof schedule report|list|remove`: BullMQ job schedulers for the nightly report. Wiring only. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError } from '../../agent/errors.js';
import { parseRecipients } from '../../analyzer/email.js';
import { formatTime } from '../../analyzer/report/format.js';
import { checkRedis, defaultQueuePrefix, resolveRedisUrl } from '../jobs/connection.js';
import { listReportSchedules, openReportQueue, reportJobDefaults, upsertReportSchedule } from '../jobs/queue.js';
import { defaults } from '../defaults.js';
import { parseDuration, parsePositiveInt } from '../parse-options.js';

interface QueueOptions { redis?: string; queuePrefix?: string; target?: string; json?: boolean }
interface ScheduleReportOptions extends QueueOptions {
  cron?: string; every?: number; tz?: string; email: string; since: number; id?: string; from?: string; limit?: number;
  attempts: number; backoff: number;
}

function parseCron(value: string): string {
  if (!/^\s*(\S+\s+){4,5}\S+\s*$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a cron pattern: use five fields (minute hour day month weekday), e.g. "0 6 * * *"`);
  }
  return value.trim();
}

function parseTimeZone(value: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a time zone: use an IANA name such as Europe/Berlin or UTC`);
  }
  return value;
}

async function withQueue<T>(opts: QueueOptions, fn: (queue: ReturnType<typeof openReportQueue>) => Promise<T>): Promise<T> {
  const url = resolveRedisUrl(opts.redis, process.env);
  await checkRedis(url);
  const queue = openReportQueue(url, opts.queuePrefix ?? process.env.QPROF_QUEUE_PREFIX ?? defaultQueuePrefix);
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}

function addQueueOptions(cmd: Command): Command {
  return cmd
    .option('--redis <url>', 'Redis for the job queue; env QPROF_REDIS_URL (default redis://127.0.0.1:6379)')
    .option('--queue-prefix <prefix>', 'Redis key prefix of the queue; env QPROF_QUEUE_PREFIX', undefined);
}

export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule')
    .description('schedule reports with BullMQ on Redis (run `qprof worker` to execute them)');

  addQueueOptions(schedule.command('report')
    .description('create or replace a report schedule that emails the report')
    .option('--cron <pattern>', 'when to run, a cron pattern ("0 6 * * *" = 06:00 daily)', parseCron)
    .option('--every <duration>', 'or: run at this interval (15m, 1h)', parseDuration)
    .option('--tz <zone>', 'time zone of --cron (IANA name, default UTC)', parseTimeZone)
    .requiredOption('--email <addresses>', 'comma-separated recipients')
    .addOption(new Option('--since <duration>', 'window length, ending at the scheduled time').argParser(parseDuration).default(defaults.sinceMs, '24h'))
    .option('--from <address>', 'sender address (default qprof@<SMTP host>)')
    .option('--limit <n>', 'shapes in the top list', parsePositiveInt)
    .option('--id <id>', 'scheduler id (default report-<target or all>); the same id replaces a schedule')
    .option('--attempts <n>', 'attempts per run, the first included', parsePositiveInt, reportJobDefaults.attempts)
    .addOption(new Option('--backoff <duration>', 'first retry delay, doubled each time').argParser(parseDuration).default(reportJobDefaults.backoffMs, '30s')))
    .addHelpText('after', `
The SMTP server is the worker's (--smtp or QPROF_SMTP_URL of \`qprof worker\`), so no password is stored in Redis.
Examples:
  $ qprof schedule report --cron "0 6 * * *" --tz Europe/Berlin --email dba@example.com,dev@example.com
  $ qprof --target shop schedule report --cron "30 7 * * 1" --since 7d --email team@example.com --id weekly-shop`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ScheduleReportOptions>();
      if (!opts.cron === (opts.every === undefined)) throw new ConfigError('give exactly one of --cron and --every', 'e.g. --cron "0 6 * * *"');
      if (opts.tz && !opts.cron) throw new ConfigError('--tz applies to --cron only');
      if (!Number.isFinite(opts.since)) throw new ConfigError('a scheduled report needs a finite --since', 'e.g. --since 24h');
      const recipients = parseRecipients(opts.email);
      const id = opts.id ?? `report-${opts.target ?? 'all'}`;
      const nextMs = await withQueue(opts, (queue) => upsertReportSchedule(queue, {
        id, ...(opts.cron ? { cron: opts.cron } : { everyMs: opts.every! }), ...(opts.tz ? { tz: opts.tz } : {}),
        attempts: opts.attempts, backoffMs: opts.backoff,
        data: {
          kind: 'report', recipients, sinceMs: opts.since,
          ...(opts.target ? { target: opts.target } : {}), ...(opts.from ? { from: opts.from } : {}), ...(opts.limit ? { limit: opts.limit } : {}),
        },
      }));
      process.stdout.write(`schedule ${id}: report to ${recipients.join(', ')}, next run ${formatTime(nextMs)}\n`);
    });

  addQueueOptions(schedule.command('list')
    .description('list report schedules with their next run')
    .option('--json', 'print JSON'))
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<QueueOptions>();
      const schedulers = await withQueue(opts, listReportSchedules);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(schedulers, null, 2)}\n`);
        return;
      }
      if (schedulers.length === 0) {
        process.stdout.write('no schedules (add one with `qprof schedule report --cron "0 6 * * *" --email …`)\n');
        return;
      }
      for (const s of schedulers) {
        const when = s.pattern ? `cron "${s.pattern}"${s.tz ? ` ${s.tz}` : ''}` : `every ${s.every} ms`;
        const data = s.template?.data;
        process.stdout.write(`${s.key}  ${when}  next ${s.next ? formatTime(s.next) : '–'}  to ${data?.recipients.join(', ') ?? '?'}`
          + `${data?.target ? `  target ${data.target}` : ''}\n`);
      }
    });

  addQueueOptions(schedule.command('remove')
    .description('remove a report schedule')
    .argument('<id>', 'scheduler id, as `qprof schedule list` shows it'))
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const removed = await withQueue(cmd.optsWithGlobals<QueueOptions>(), (queue) => queue.removeJobScheduler(id));
      if (!removed) throw new ConfigError(`no schedule with id ${id}`, 'see `qprof schedule list`');
      process.stdout.write(`schedule ${id} removed\n`);
    });
}
