/**
 * A real SMTP server for tests (smtp-server from npm) that keeps what it receives, with a small MIME reader
 * for the parts nodemailer writes (multipart/alternative, quoted-printable or base64).
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly raw: string;
}

export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Sessions that started DATA (delivered or not). */
  readonly dataStarts: number;
  /** Hold the next N messages forever (the client sees no reply): a crash mid-send. */
  stallNext(count: number): void;
  close(): Promise<void>;
}

export const smtpUser = 'qprof';
export const smtpPassword = 's3cret-pw';

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let stall = 0;
  let dataStarts = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === smtpUser && auth.password === smtpPassword) callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      dataStarts++;
      if (stall > 0) {
        stall--;
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push(parseMail(raw, session.envelope.mailFrom ? session.envelope.mailFrom.address : '', session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  server.on('error', () => { /* a client killed mid-session */ });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://${smtpUser}:${smtpPassword}@127.0.0.1:${actualPort}`,
    received,
    get dataStarts() { return dataStarts; },
    stallNext(count: number) { stall = count; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) => (enc.toLowerCase() === 'b'
    ? Buffer.from(text, 'base64').toString('utf8')
    : decodeQp(text.replace(/_/g, ' '))));
}

function decodeQp(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQp(body);
  return body;
}

function split(raw: string): [Map<string, string>, string] {
  const i = raw.search(/\r?\n\r?\n/);
  return [parseHeaders(raw.slice(0, i)), raw.slice(raw.indexOf('\n', i + 1) + 1).replace(/^\r?\n/, '')];
}

export function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const [headers, body] = split(raw);
  let text = '';
  let html = '';
  const visit = (h: Map<string, string>, b: string) => {
    const type = h.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith('--')) break;
        const [ph, pb] = split(part.replace(/^\r?\n/, ''));
        visit(ph, pb);
      }
    } else if (/^text\/html/i.test(type)) html += decodeBody(h, b);
    else if (/^text\/plain/i.test(type)) text += decodeBody(h, b);
  };
  visit(headers, body);
  return { from, to, headers, subject: decodeWords(headers.get('subject') ?? ''), text, html, raw };
}
