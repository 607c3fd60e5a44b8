/** `qprof worker`: runs scheduled report jobs until SIGTERM/SIGINT. Wiring only. */
import { Option, type Command } from 'commander';
import { redactDsn } from '../../agent/errors.js';
import { parseSmtpUrl } from '../../analyzer/email.js';
import { defaultQueuePrefix, resolveRedisUrl } from '../jobs/connection.js';
import { startReportWorker } from '../jobs/worker.js';
import { parseDuration, parsePositiveInt } from '../parse-options.js';

interface WorkerOptions { db: string; redis?: string; queuePrefix?: string; concurrency: number; smtp?: string; lock: number }

const log = (line: string) => process.stderr.write(`${new Date().toISOString()} qprof worker: ${line}\n`);

export function registerWorker(program: Command): void {
  program.command('worker')
    .description('run scheduled report jobs (retries with exponential backoff; stops gracefully on SIGTERM/SIGINT)')
    .option('--redis <url>', 'Redis for the job queue; env QPROF_REDIS_URL (default redis://127.0.0.1:6379)')
    .option('--queue-prefix <prefix>', 'Redis key prefix of the queue; env QPROF_QUEUE_PREFIX')
    .option('--concurrency <n>', 'jobs at the same time', parsePositiveInt, 1)
    .option('--smtp <url>', 'SMTP server for report emails: smtp://user:pass@host:587; env QPROF_SMTP_URL')
    .addOption(new Option('--lock <duration>', 'job lock lifetime: a job of a crashed worker is retried after about this long').argParser(parseDuration).default(30_000, '30s'))
    .addHelpText('after', `
Examples:
  $ QPROF_SMTP_URL=smtp://qprof:secret@mail.example.com:587 qprof --db /var/lib/qprof/qprof.db worker
  $ qprof worker --redis redis://10.0.0.5:6379 --concurrency 2`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<WorkerOptions>();
      const redisUrl = resolveRedisUrl(opts.redis, process.env);
      const smtpUrl = opts.smtp ?? process.env.QPROF_SMTP_URL;
      if (smtpUrl) parseSmtpUrl(smtpUrl);
      else log('no SMTP server configured (--smtp or QPROF_SMTP_URL): report jobs will fail without retries');
      const running = startReportWorker({
        redisUrl, prefix: opts.queuePrefix ?? process.env.QPROF_QUEUE_PREFIX ?? defaultQueuePrefix, dbPath: opts.db, smtpUrl,
        concurrency: opts.concurrency, lockMs: opts.lock, log,
      });
      log(`waiting for report jobs on ${redactDsn(redisUrl)} (store ${opts.db}${smtpUrl ? `, SMTP ${redactDsn(smtpUrl)}` : ''})`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log(`${signal}: finishing the running job, then stopping`);
          running.close().then(resolve, (error: unknown) => { log(`error while closing: ${(error as Error).message}`); resolve(); });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      log('stopped');
    });
}
