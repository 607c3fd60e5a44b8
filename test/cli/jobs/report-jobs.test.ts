/**
 * Report jobs against the real Redis and a real SMTP server: a schedule fires and the email arrives; a
 * worker killed mid-send is retried by another and exactly one email goes out; unavailable SMTP or Redis
 * gives a clear error and a retry; configuration errors are not retried.
 */
import test, { type ExecutionContext } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { checkRedis } from '../../../cli/jobs/connection.js';
import { openReportQueue, upsertReportSchedule, type ReportJobData } from '../../../cli/jobs/queue.js';
import { startReportWorker } from '../../../cli/jobs/worker.js';
import { openStore } from '../../../storage/db.js';
import { readReportEmails } from '../../../storage/report-repo.js';
import { ensureTarget } from '../../../storage/targets-repo.js';
import { requireService, testUrls } from '../../helpers/services.js';
import { insertBucket, insertShape, xssQuery } from '../../analyzer/report/fill-store.js';
import { smtpPassword, startSmtpSink, type SmtpSink } from './smtp-sink.js';

const redisUrl = testUrls.redis;
const main = new URL('../../../cli/main.js', import.meta.url).pathname;
const dayMs = 86_400_000;
let counter = 0;

async function redisReady(t: ExecutionContext): Promise<boolean> {
  let error: unknown = null;
  try { await checkRedis(redisUrl, 2000); } catch (e) { error = e; }
  return requireService(t, 'redis', error);
}

/** A unique queue prefix, its keys deleted when the test ends. */
function queuePrefix(t: ExecutionContext): string {
  const prefix = `qprof-test-${process.pid}-${Date.now()}-${counter++}`;
  t.teardown(async () => {
    const redis = new Redis(redisUrl);
    // twice: a closing queue or worker may still write its meta key just after the first sweep
    for (const pauseMs of [0, 500]) {
      await new Promise((r) => setTimeout(r, pauseMs));
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
    redis.disconnect();
  });
  return prefix;
}

/** A store file with the last hours of a target, one statement carrying markup. */
function recentStore(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'qprof-jobs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'qprof.db');
  const db = openStore(path);
  const nowMs = Date.now();
  ensureTarget(db, 'shop', 'postgres', null, nowMs - dayMs);
  insertShape(db, 'a000000000000001', 'postgres', 'SELECT * FROM orders WHERE id = $1', nowMs - 2 * dayMs);
  insertShape(db, 'c000000000000003', 'postgres', xssQuery, nowMs - 3_600_000);
  insertBucket(db, { target: 'shop', shape: 'a000000000000001', source: 'log', bucketMs: Math.floor((nowMs - 7_200_000) / 60_000) * 60_000, calls: 100, totalMs: 250 });
  insertBucket(db, { target: 'shop', shape: 'c000000000000003', source: 'log', bucketMs: Math.floor((nowMs - 3_600_000) / 60_000) * 60_000, calls: 2, totalMs: 40 });
  db.close();
  return path;
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Spawned { child: ChildProcess; stderr: () => string; exit: Promise<number | null> }

function spawnWorker(args: readonly string[]): Spawned {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QPROF_SMTP_URL: '' } });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}

const jobData: ReportJobData = { kind: 'report', recipients: ['ops@example.com'], sinceMs: dayMs, target: 'shop', from: 'qprof@example.com' };

test.serial('a scheduled report fires and its email arrives', async (t) => {
  if (!(await redisReady(t))) return;
  const prefix = queuePrefix(t);
  const dbPath = recentStore(t);
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.close());
  const queue = openReportQueue(redisUrl, prefix);
  t.teardown(() => queue.close());
  await upsertReportSchedule(queue, { id: 'every-second', everyMs: 1000, data: jobData, attempts: 2, backoffMs: 200 });
  const logs: string[] = [];
  const running = startReportWorker({ redisUrl, prefix, dbPath, smtpUrl: smtp.url, log: (l) => logs.push(l), lockMs: 5000 });
  try {
    await waitFor('the scheduled email', () => smtp.received.length >= 1);
  } finally {
    await queue.removeJobScheduler('every-second');
    await running.close();
  }
  const mail = smtp.received[0]!;
  t.deepEqual(mail.to, ['ops@example.com']);
  t.regex(mail.subject, /^qprof report shop: 290 ms in 102 calls \(24h to \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
  t.true(mail.text.includes('Headline: 290 ms in 102 calls across 2 shapes, 0 errors'));
  t.true(mail.html.includes('<svg') && mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.false(mail.html.includes('<script') || mail.html.includes('<img'));
  t.true(logs.some((l) => l.includes('sent "qprof report shop')), logs.join('\n'));
});

test.serial('a worker killed mid-send is retried by a new worker and exactly one email goes out', async (t) => {
  if (!(await redisReady(t))) return;
  const prefix = queuePrefix(t);
  const dbPath = recentStore(t);
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.close());
  smtp.stallNext(1);
  const queue = openReportQueue(redisUrl, prefix);
  t.teardown(() => queue.close());
  const args = ['--db', dbPath, 'worker', '--redis', redisUrl, '--queue-prefix', prefix, '--smtp', smtp.url, '--lock', '2s'];
  const first = spawnWorker(args);
  t.teardown(() => { first.child.kill('SIGKILL'); });
  const job = await queue.add('report', jobData, { attempts: 3, backoff: { type: 'exponential', delay: 200 } });
  const ledger = () => { const db = openStore(dbPath); try { return readReportEmails(db); } finally { db.close(); } };
  await waitFor('the first worker to claim and start sending', () => smtp.dataStarts === 1 && ledger()[0]?.state === 'claimed', 40_000)
    .catch((error: Error) => { throw new Error(`${error.message}; worker said: ${first.stderr()}; SMTP DATA ${smtp.dataStarts}`); });
  first.child.kill('SIGKILL');
  await first.exit;
  t.is(smtp.received.length, 0, 'the killed worker delivered nothing');

  const second = spawnWorker(args);
  t.teardown(() => { second.child.kill('SIGKILL'); });
  await waitFor('the retried email', () => smtp.received.length === 1, 30_000);
  await new Promise((r) => setTimeout(r, 2500));
  t.is(smtp.received.length, 1, 'exactly one email');
  const [row] = ledger();
  t.like(row, { state: 'sent', takeovers: 1 });
  const done = await queue.getJob(job.id!);
  t.is(await done!.getState(), 'completed');
  t.like(done!.returnvalue, { status: 'sent' });
  t.regex(second.stderr(), /after a crashed attempt by/);
  t.false(second.stderr().includes(smtpPassword), 'the SMTP password is redacted in the worker log');

  second.child.kill('SIGTERM');
  t.is(await second.exit, 0, 'graceful shutdown on SIGTERM');
  t.regex(second.stderr(), /SIGTERM: finishing the running job, then stopping[\s\S]*stopped/);
});

test.serial('SMTP unavailable: the job fails with a clear error, backs off and succeeds once the server is back', async (t) => {
  if (!(await redisReady(t))) return;
  const prefix = queuePrefix(t);
  const dbPath = recentStore(t);
  const probe = await startSmtpSink();
  const { port } = probe;
  await probe.close();
  const queue = openReportQueue(redisUrl, prefix);
  t.teardown(() => queue.close());
  const logs: string[] = [];
  const running = startReportWorker({
    redisUrl, prefix, dbPath, smtpUrl: `smtp://qprof:${smtpPassword}@127.0.0.1:${port}`, smtpTimeoutMs: 2000, log: (l) => logs.push(l), lockMs: 5000,
  });
  t.teardown(() => running.close());
  const job = await queue.add('report', jobData, { attempts: 6, backoff: { type: 'exponential', delay: 300 } });
  await waitFor('the first failure', () => logs.some((l) => l.includes('attempt 1 of 6 failed')));
  const failure = logs.find((l) => l.includes('attempt 1 of 6 failed'))!;
  t.regex(failure, new RegExp(`cannot send the report through the SMTP server 127\\.0\\.0\\.1:${port}: .*; will retry$`));
  t.false(failure.includes(smtpPassword));
  let smtp: SmtpSink | undefined;
  t.teardown(() => smtp?.close());
  smtp = await startSmtpSink(port);
  await waitFor('the email after the server came back', () => smtp!.received.length === 1, 30_000);
  await waitFor('the job to complete', async () => (await queue.getJob(job.id!))!.finishedOn !== undefined);
  const done = (await queue.getJob(job.id!))!;
  t.true(done.attemptsMade >= 2, `attempts ${done.attemptsMade}`);
  t.is(smtp.received.length, 1);
});

test.serial('a configuration error (no SMTP server) fails the job once, without retries', async (t) => {
  if (!(await redisReady(t))) return;
  const prefix = queuePrefix(t);
  const dbPath = recentStore(t);
  const queue = openReportQueue(redisUrl, prefix);
  t.teardown(() => queue.close());
  const running = startReportWorker({ redisUrl, prefix, dbPath, smtpUrl: undefined, log: () => {}, lockMs: 5000 });
  t.teardown(() => running.close());
  const job = await queue.add('report', jobData, { attempts: 5, backoff: { type: 'exponential', delay: 100 } });
  await waitFor('the job to fail', async () => (await (await queue.getJob(job.id!))!.getState()) === 'failed');
  await new Promise((r) => setTimeout(r, 500));
  const failed = (await queue.getJob(job.id!))!;
  t.is(failed.attemptsMade, 1);
  t.regex(failed.failedReason, /no SMTP server given/);
  t.is(await failed.getState(), 'failed');
});

test.serial('a worker pointed at a store that does not exist fails the job without retries and creates nothing', async (t) => {
  if (!(await redisReady(t))) return;
  const prefix = queuePrefix(t);
  const dir = mkdtempSync(join(tmpdir(), 'qprof-jobs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'typo.db');
  const queue = openReportQueue(redisUrl, prefix);
  t.teardown(() => queue.close());
  const running = startReportWorker({ redisUrl, prefix, dbPath, smtpUrl: 'smtp://127.0.0.1:1', log: () => {}, lockMs: 5000 });
  t.teardown(() => running.close());
  const job = await queue.add('report', jobData, { attempts: 5, backoff: { type: 'exponential', delay: 100 } });
  await waitFor('the job to fail', async () => (await (await queue.getJob(job.id!))!.getState()) === 'failed');
  const failed = (await queue.getJob(job.id!))!;
  t.is(failed.attemptsMade, 1);
  t.regex(failed.failedReason, /the store .*typo\.db does not exist/);
  t.false(existsSync(dbPath));
});

test.serial('Redis unavailable: schedule says so in one line; the worker keeps retrying and stops cleanly', async (t) => {
  const deadRedis = 'redis://127.0.0.1:1';
  const schedule = spawnWorker(['schedule', 'report', '--cron', '0 6 * * *', '--email', 'a@example.com', '--redis', deadRedis]);
  t.is(await schedule.exit, 1);
  t.regex(schedule.stderr(), /^qprof: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: ECONNREFUSED \(start Redis or pass --redis/);
  t.is(schedule.stderr().trim().split('\n').length, 1);

  const dir = mkdtempSync(join(tmpdir(), 'qprof-jobs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const worker = spawnWorker(['--db', join(dir, 'q.db'), 'worker', '--redis', deadRedis, '--smtp', 'smtp://127.0.0.1:25']);
  t.teardown(() => { worker.child.kill('SIGKILL'); });
  await waitFor('the worker to report Redis down', () => /cannot reach Redis/.test(worker.stderr()));
  await new Promise((r) => setTimeout(r, 3000));
  t.is(worker.child.exitCode, null, 'still running: no crash loop');
  t.is(worker.stderr().match(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/g)?.length, 1, worker.stderr());
  worker.child.kill('SIGTERM');
  t.is(await worker.exit, 0);
});

test.serial('qprof schedule report / list / remove manage one job scheduler', async (t) => {
  if (!(await redisReady(t))) return;
  const prefix = queuePrefix(t);
  const queueArgs = ['--redis', redisUrl, '--queue-prefix', prefix];
  const run = async (...args: string[]) => {
    const p = spawnWorker(args);
    let stdout = '';
    p.child.stdout?.on('data', (c: Buffer) => { stdout += c.toString(); });
    return { code: await p.exit, stderr: p.stderr(), stdout };
  };
  const added = await run('--target', 'shop', 'schedule', 'report', '--cron', '0 6 * * *', '--tz', 'Europe/Berlin', '--email', 'a@example.com,b@example.com', ...queueArgs);
  t.is(added.code, 0, added.stderr);
  const queue = openReportQueue(redisUrl, prefix);
  t.teardown(() => queue.close());
  const [scheduler] = await queue.getJobSchedulers();
  t.like(scheduler, { key: 'report-shop', pattern: '0 6 * * *', tz: 'Europe/Berlin' });
  t.deepEqual(scheduler!.template?.data, { kind: 'report', recipients: ['a@example.com', 'b@example.com'], sinceMs: dayMs, target: 'shop' });
  t.like(scheduler!.template?.opts, { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } });
  // the next run is 06:00 in Berlin, 04:00 or 05:00 UTC
  t.true([4, 5].includes(new Date(scheduler!.next!).getUTCHours()));
  const list = await run('schedule', 'list', ...queueArgs);
  t.regex(list.stdout, /^report-shop {2}cron "0 6 \* \* \*" Europe\/Berlin {2}next \d{4}-\d\d-\d\d 0[45]:00 UTC {2}to a@example\.com, b@example\.com {2}target shop\n$/);
  t.is((await run('schedule', 'remove', 'report-shop', ...queueArgs)).code, 0);
  t.is(await queue.getJobSchedulersCount(), 0);
  const again = await run('schedule', 'remove', 'report-shop', ...queueArgs);
  t.is(again.code, 2);
  t.regex(again.stderr, /^qprof: no schedule with id report-shop \(see `qprof schedule list`\)\n$/);
  const usage = await run('schedule', 'report', '--cron', 'every day', '--email', 'a@example.com', ...queueArgs);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /is not a cron pattern/);
});
