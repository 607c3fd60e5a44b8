/** `qprof report` end to end on a real capture (fixtures/logs/mariadb-slow.log ingested by `qprof ingest`). */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportData } from '../../analyzer/report/types.js';
import { smtpPassword, startSmtpSink } from './jobs/smtp-sink.js';

const main = new URL('../../cli/main.js', import.meta.url).pathname;
const fixture = new URL('../../../fixtures/logs/mariadb-slow.log', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'qprof-report-'));
const db = join(dir, 'qprof.db');
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function qprof(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, '--db', db, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test.serial('an empty store is one clear line and exit 1; a bad format is a usage error', async (t) => {
  const empty = await qprof('report');
  t.is(empty.code, 1);
  t.is(empty.stderr, 'qprof: the store holds no statement data yet (run `qprof ingest <log>` or `qprof sample` first, or check --db and --target)\n');
  const bad = await qprof('report', '--format', 'pdf');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /Allowed choices are text, markdown, html, json/);
});

test.serial('report of an ingested slow log: JSON numbers match the log, HTML file self-contained, advice present', async (t) => {
  t.is((await qprof('ingest', fixture, '--target', 'shop')).code, 0);
  const json = await qprof('report', '--since', 'all', '--json');
  t.is(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout) as ReportData;
  // the capture holds 20 statements in 16 shapes (fixtures/logs/README.md)
  t.is(data.headline.calls, 20);
  t.is(data.headline.distinctShapes, 16);
  t.deepEqual(data.targets.map((h) => [h.target, h.engine, h.sources]), [['shop', 'mysql', ['log']]]);
  t.true(data.top[0]!.totalMs >= data.top[1]!.totalMs);
  t.is(data.newShapes.length, 10, 'every shape is new in the first window (limited to the top 10)');
  t.is(data.advice.replicas?.command, 'qprof advise replicas');

  const out = join(dir, 'report.html');
  const html = await qprof('report', '--since', 'all', '--out', out);
  t.is(html.code, 0);
  t.is(html.stderr, `qprof: wrote the html report to ${out}\n`);
  const page = readFileSync(out, 'utf8');
  t.true(page.startsWith('<!DOCTYPE html>'));
  t.true(page.includes('<svg'));
  t.false(/\s(src|href)\s*=\s*["']/i.test(page));
});

test.serial('the N+1 loop of a real ORM capture shows in the report advice of its target', async (t) => {
  const orm = new URL('../../../fixtures/n-plus-one/sequelize-lazy-mariadb-slow.log', import.meta.url).pathname;
  t.is((await qprof('ingest', orm, '--target', 'orm')).code, 0);
  const json = await qprof('--target', 'orm', 'report', '--since', 'all', '--json');
  t.is(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout) as ReportData;
  t.deepEqual(data.targets.map((h) => h.target), ['orm']);
  t.is(data.advice.nPlusOne?.command, 'qprof advise n-plus-one --target orm');
  // fixtures/n-plus-one/README.md: order.getCustomer() per row, 3 requests × 8 orders
  t.regex(data.advice.nPlusOne!.items[0]!.summary, /shop_customers/);
  t.regex(data.advice.nPlusOne!.items[0]!.detail!, /^orm: 3 loops of 8\.0 calls/);
});

test.serial('qprof report --email sends through the SMTP server and never prints its password', async (t) => {
  const smtp = await startSmtpSink();
  t.teardown(() => smtp.close());
  const sent = await qprof('report', '--since', 'all', '--target', 'shop', '--email', 'dba@example.com', '--smtp', smtp.url, '--from', 'qprof@example.com');
  t.is(sent.code, 0, sent.stderr);
  t.regex(sent.stderr, /^qprof: sent "qprof report shop: .* calls \(/);
  t.is(smtp.received.length, 1);
  t.deepEqual(smtp.received[0]!.to, ['dba@example.com']);
  const down = await qprof('report', '--since', 'all', '--email', 'dba@example.com', '--smtp', `smtp://qprof:${smtpPassword}@127.0.0.1:1`);
  t.is(down.code, 1);
  t.regex(down.stderr, /^qprof: cannot send the report through the SMTP server 127\.0\.0\.1:1: /);
  t.false(down.stderr.includes(smtpPassword));
});
