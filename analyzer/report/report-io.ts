/**
 * The report's I/O steps, each one call for the CLI, the BullMQ processor and the demo: read the store →
 * build → render → write a file or send one email (exactly once per target, window and recipients, as far
 * as SMTP allows: see emailReport).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { QprofError } from '../../agent/errors.js';
import type { Db } from '../../storage/db.js';
import { claimReportEmail, emailKey, markReportEmailSent, readReportRows, readReportWindow, releaseReportEmail } from '../../storage/report-repo.js';
import { parseRecipients, parseSmtpUrl, sendReportEmail } from '../email.js';
import { readAdviceSections } from './advice-io.js';
import { buildReport } from './build.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';
import { renderSubject } from './summary.js';
import type { ReportData } from './types.js';

export type ReportFormat = 'text' | 'markdown' | 'html' | 'json';
export const reportFormats: readonly ReportFormat[] = ['text', 'markdown', 'html', 'json'];

export interface MakeReportOptions {
  /** Window length, ms (Infinity: everything stored). */
  readonly sinceMs: number;
  /** Window end, epoch ms; default the end of the newest data in the store. */
  readonly untilMs?: number;
  /** Only this target (name). */
  readonly target?: string;
  /** Shapes in the top list. Default 10. */
  readonly limit?: number;
  /** Advisor summaries to include (one optional section each); see readAdviceSections. */
  readonly advice?: ReportData['advice'];
  readonly nowMs: number;
}

/** Read and build the report; throws when the store has nothing to report on and no --until was given. */
export function makeReport(db: Db, options: MakeReportOptions): ReportData {
  const window = readReportWindow(db, options);
  if (!window) {
    throw new QprofError(options.target === undefined ? 'the store holds no statement data yet' : `the store holds no statement data for target ${options.target}`,
      'run `qprof ingest <log>` or `qprof sample` first, or check --db and --target');
  }
  return buildReport(readReportRows(db, window, options.target), {
    nowMs: options.nowMs, ...(options.limit ? { limit: options.limit } : {}), ...(options.advice ? { advice: options.advice } : {}),
  });
}

export function renderReport(data: ReportData, format: ReportFormat): string {
  switch (format) {
    case 'text': return renderText(data);
    case 'markdown': return renderMarkdown(data);
    case 'html': return renderHtml(data);
    case 'json': return renderJson(data);
  }
}

export interface HtmlReportOptions extends Partial<MakeReportOptions> {
  /** Where to write the file. */
  readonly outPath: string;
}

/**
 * Write the self-contained HTML report, advice included (default window: all stored data) and return its
 * absolute path. For the demo.
 */
export async function writeHtmlReport(db: Db, options: HtmlReportOptions): Promise<string> {
  const advice = options.advice ?? await readAdviceSections(db, options.target === undefined ? {} : { target: options.target });
  const data = makeReport(db, { ...options, advice, sinceMs: options.sinceMs ?? Number.POSITIVE_INFINITY, nowMs: options.nowMs ?? Date.now() });
  const path = resolve(options.outPath);
  writeFileSync(path, renderHtml(data), { mode: 0o600 });
  return path;
}

export interface EmailReportOptions extends MakeReportOptions {
  readonly smtpUrl: string | undefined;
  readonly recipients: string | readonly string[] | undefined;
  /** Sender address. Default `qprof@<host of the SMTP server>`. */
  readonly from?: string;
  /** Who is sending (job id and attempt): recorded with the claim. */
  readonly sender: string;
  /** Claim in the store first so a retried job never sends twice. Default true; a person at the CLI may resend. */
  readonly idempotent?: boolean;
  readonly timeoutMs?: number;
}

export interface EmailOutcome {
  readonly status: 'sent' | 'already-sent';
  readonly messageId: string | null;
  readonly subject: string;
  readonly recipients: readonly string[];
  readonly window: ReportData['window'];
  /** The attempt took over a claim from an attempt that crashed before marking the email sent. */
  readonly tookOverFrom: string | null;
}

/**
 * Build the report and email it once. Exactly-once reasoning: the claim row (target, window, recipients) is
 * written in its own committed transaction BEFORE the SMTP conversation and marked 'sent' right AFTER the
 * server accepted the message. A retry that finds 'sent' sends nothing. A retry that finds 'claimed' knows the
 * previous attempt died (BullMQ hands a job on only after its lock expired) and sends. So an email is lost
 * never, and duplicated only if the process dies in the milliseconds between the server's 250 reply and the
 * commit of 'sent'; the resend then carries the same Message-ID, which lets mail systems drop the duplicate.
 */
export async function emailReport(db: Db, options: EmailReportOptions): Promise<EmailOutcome> {
  const smtp = parseSmtpUrl(options.smtpUrl);
  const recipients = parseRecipients(options.recipients);
  const from = options.from ?? `qprof@${smtp.hostname}`;
  parseRecipients([from]);
  const advice = options.advice ?? await readAdviceSections(db, options.target === undefined ? {} : { target: options.target });
  const data = makeReport(db, { ...options, advice });
  const key = { target: options.target ?? '*', startMs: data.window.startMs, endMs: data.window.endMs, recipients };
  const subject = renderSubject(data);
  const idempotent = options.idempotent ?? true;
  const claim = idempotent ? claimReportEmail(db, key, options.sender, options.nowMs) : { status: 'claimed' as const, takenOverFrom: null };
  if (claim.status === 'already-sent') {
    return { status: 'already-sent', messageId: claim.messageId, subject, recipients, window: data.window, tookOverFrom: null };
  }
  const messageId = `<qprof.${createHash('sha256').update(emailKey(key)).digest('hex').slice(0, 32)}@${from.split('@')[1]}>`;
  try {
    const sent = await sendReportEmail({
      smtpUrl: options.smtpUrl!, from, to: recipients, subject, html: renderHtml(data), text: renderText(data), messageId,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (idempotent) markReportEmailSent(db, key, options.sender, sent.messageId, Date.now());
    return { status: 'sent', messageId: sent.messageId, subject, recipients, window: data.window, tookOverFrom: claim.takenOverFrom };
  } catch (error) {
    if (idempotent) releaseReportEmail(db, key, options.sender);
    throw error;
  }
}
