/**
 * Sending the report by email through nodemailer (I/O). HTML with a plain-text alternative. SMTP URLs carry
 * passwords: they are only ever echoed through redactDsn. Errors are sorted into what a retry can fix (the
 * server is unreachable or busy: SourceUnavailableError) and what it cannot (bad URL, refused credentials or
 * recipients: ConfigError), so the job layer knows when to give up.
 */
import nodemailer from 'nodemailer';
import { ConfigError, SourceUnavailableError, redactDsn } from '../agent/errors.js';

export interface ReportEmail {
  /** `smtp://user:pass@host:port` or `smtps://…` (implicit TLS). */
  readonly smtpUrl: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Stable Message-ID (`<…@…>`): a resend of the same report carries the same id, so mail systems can dedupe. */
  readonly messageId?: string;
  /** Connection, greeting and socket timeouts. Default 15 000 ms. */
  readonly timeoutMs?: number;
}

export interface SentEmail {
  readonly messageId: string;
  readonly accepted: readonly string[];
}

/** Check an SMTP URL before anything is queued or claimed. */
export function parseSmtpUrl(smtpUrl: string | undefined): URL {
  if (!smtpUrl) throw new ConfigError('no SMTP server given', 'pass --smtp smtp://user:pass@host:587 or set QPROF_SMTP_URL');
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new ConfigError(`"${redactDsn(smtpUrl)}" is not an SMTP URL`, 'use smtp://user:pass@host:port or smtps://user:pass@host:465');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError(`"${redactDsn(smtpUrl)}" is not an SMTP URL`, 'use smtp://user:pass@host:port or smtps://user:pass@host:465');
  }
  return url;
}

const addressPattern = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/** `a@x, b@y` → addresses; at least one, each plausible. */
export function parseRecipients(list: string | readonly string[] | undefined): string[] {
  const items = (typeof list === 'string' ? list.split(',') : [...(list ?? [])]).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new ConfigError('no email recipients', 'pass --email a@example.com,b@example.com');
  const bad = items.filter((a) => !addressPattern.test(a));
  if (bad.length) throw new ConfigError(`not an email address: ${bad.join(', ')}`, 'pass --email a@example.com,b@example.com');
  return items;
}

/** Error codes nodemailer gives when the server could not be reached or dropped the connection. */
const transientCodes = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ESTREAM']);

export async function sendReportEmail(email: ReportEmail): Promise<SentEmail> {
  const url = parseSmtpUrl(email.smtpUrl);
  const where = `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`;
  const timeoutMs = email.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: email.from, to: [...email.to], subject: email.subject, html: email.html, text: email.text,
      ...(email.messageId ? { messageId: email.messageId } : {}),
    });
    return { messageId: info.messageId, accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === 'string' ? a : a.address)) };
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; message?: string };
    const detail = (e.message ?? String(error)).replace(email.smtpUrl, redactDsn(email.smtpUrl));
    // 4xx replies are temporary by definition (RFC 5321 §4.2.1): greylisting, a full queue.
    if (transientCodes.has(e.code ?? '') || (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500)) {
      throw new SourceUnavailableError(`cannot send the report through the SMTP server ${where}: ${detail}`,
        'check that the server runs and accepts connections; the job is retried', { cause: error });
    }
    if (e.code === 'EAUTH') {
      throw new ConfigError(`the SMTP server ${where} refused the credentials: ${detail}`, 'fix the user and password in --smtp / QPROF_SMTP_URL', { cause: error });
    }
    if (e.code === 'EENVELOPE' || (e.responseCode !== undefined && e.responseCode >= 500)) {
      throw new ConfigError(`the SMTP server ${where} refused the message: ${detail}`, 'check the --from and --email addresses', { cause: error });
    }
    throw new SourceUnavailableError(`cannot send the report through the SMTP server ${where}: ${detail}`, undefined, { cause: error });
  } finally {
    transport.close();
  }
}
