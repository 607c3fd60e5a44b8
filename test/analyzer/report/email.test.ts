import test from 'ava';
import { ConfigError, SourceUnavailableError } from '../../../agent/errors.js';
import { emailReport } from '../../../analyzer/report/report-io.js';
import { readReportEmails } from '../../../storage/report-repo.js';
import { smtpPassword, startSmtpSink } from '../../cli/jobs/smtp-sink.js';
import { dayMs, endMs, fillReportStore } from './fill-store.js';

const base = { sinceMs: dayMs, untilMs: endMs, nowMs: endMs + 60_000 };

test('the report email arrives as HTML with a text alternative, subject naming targets and headline', async (t) => {
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.close());
  const db = fillReportStore();
  const outcome = await emailReport(db, { ...base, smtpUrl: smtp.url, recipients: 'dba@example.com, dev@example.com', from: 'qprof@example.com', sender: 'test#1' });
  t.is(outcome.status, 'sent');
  t.is(smtp.received.length, 1);
  const mail = smtp.received[0]!;
  t.deepEqual(mail.to, ['dba@example.com', 'dev@example.com']);
  t.is(mail.from, 'qprof@example.com');
  t.is(mail.subject, 'qprof report shop, billing: 10.49 s in 3,553 calls, 3 regressions (24h to 2026-11-26 06:00 UTC)');
  t.regex(mail.headers.get('content-type')!, /^multipart\/alternative/);
  t.true(mail.text.includes('Headline: 10.49 s in 3,553 calls across 5 shapes, 3 errors'));
  t.true(mail.html.includes('<svg'), 'charts inline');
  // the statement with markup from a log arrives inert
  t.false(mail.html.includes('<script'));
  t.false(mail.html.includes('<img'));
  t.true(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.regex(mail.headers.get('message-id')!, /^<qprof\.[0-9a-f]{32}@example\.com>$/);
});

test('the same report to the same recipients goes out once; the ledger remembers it', async (t) => {
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.close());
  const db = fillReportStore();
  const options = { ...base, smtpUrl: smtp.url, recipients: ['dba@example.com'], sender: 'job-1#1' };
  t.is((await emailReport(db, options)).status, 'sent');
  const again = await emailReport(db, { ...options, sender: 'job-1#2' });
  t.is(again.status, 'already-sent');
  t.is(smtp.received.length, 1);
  t.deepEqual(readReportEmails(db).map((r) => [r.state, r.claimedBy, r.recipients]), [['sent', 'job-1#1', 'dba@example.com']]);
  // another window is another email
  t.is((await emailReport(db, { ...options, untilMs: endMs - 3600_000, sender: 'job-2#1' })).status, 'sent');
  t.is(smtp.received.length, 2);
});

test('an unreachable SMTP server is a retryable error that names the server, never the password', async (t) => {
  const smtp = await startSmtpSink();
  const { port } = smtp;
  await smtp.close();
  const db = fillReportStore();
  const error = await t.throwsAsync(emailReport(db, {
    ...base, smtpUrl: `smtp://qprof:${smtpPassword}@127.0.0.1:${port}`, recipients: 'dba@example.com', sender: 'x', timeoutMs: 2000,
  }), { instanceOf: SourceUnavailableError });
  t.regex(error!.message, new RegExp(`SMTP server 127\\.0\\.0\\.1:${port}`));
  t.false(`${error!.message} ${error!.hint}`.includes(smtpPassword));
  t.deepEqual(readReportEmails(db), [], 'the claim is given back for the retry');
});

test('bad SMTP URLs, wrong credentials and missing recipients are configuration errors', async (t) => {
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.close());
  const db = fillReportStore();
  const send = (smtpUrl: string | undefined, recipients: string) => emailReport(db, { ...base, smtpUrl, recipients, sender: 'x' });
  await t.throwsAsync(send(undefined, 'a@example.com'), { instanceOf: ConfigError, message: /no SMTP server/ });
  const bad = await t.throwsAsync(send('http://u:topsecret@host', 'a@example.com'), { instanceOf: ConfigError });
  t.false(bad!.message.includes('topsecret'));
  await t.throwsAsync(send(smtp.url, ' , '), { instanceOf: ConfigError, message: /no email recipients/ });
  await t.throwsAsync(send(smtp.url, 'not-an-address'), { instanceOf: ConfigError, message: /not an email address/ });
  const auth = await t.throwsAsync(send(`smtp://qprof:wrong@127.0.0.1:${smtp.port}`, 'a@example.com'), { instanceOf: ConfigError, message: /refused the credentials/ });
  t.false(auth!.message.includes('wrong@'));
  t.is(smtp.received.length, 0);
});
