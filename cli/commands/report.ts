/** `qprof report`: the top-query report as text, Markdown, HTML or JSON, to stdout, a file or by email. Wiring only. */
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { readAdviceSections } from '../../analyzer/report/advice-io.js';
import { emailReport, makeReport, renderReport, reportFormats, type ReportFormat } from '../../analyzer/report/report-io.js';
import { openStore } from '../../storage/db.js';
import { defaults } from '../defaults.js';
import { parseDuration, parsePositiveInt, parseTime } from '../parse-options.js';

interface ReportOptions {
  db: string; target?: string; since: number; until?: number; format?: ReportFormat; out?: string; limit: number;
  email?: string; smtp?: string; from?: string; json?: boolean;
}

/** `--out report.html` without `--format` means HTML (and .md Markdown, .json JSON). */
export function formatFromPath(path: string | undefined): ReportFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path ?? '')?.[1]?.toLowerCase();
  return ext === 'html' || ext === 'htm' ? 'html' : ext === 'md' || ext === 'markdown' ? 'markdown' : ext === 'json' ? 'json' : undefined;
}

export function registerReport(program: Command): void {
  program.command('report')
    .description('the top-query report: headline, top shapes with p95, regressions, new shapes and advice')
    .addOption(new Option('--since <duration>', 'window length (90m, 24h, 7d, all)').argParser(parseDuration).default(defaults.sinceMs, '24h'))
    .option('--until <time>', 'window end (ISO 8601 or epoch ms); default: the newest data in the store', parseTime)
    .addOption(new Option('--format <format>', 'output format (default text, or from the --out extension)').choices(reportFormats))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--limit <n>', 'shapes in the top list', parsePositiveInt, 10)
    .option('--json', 'same as --format json')
    .option('--email <addresses>', 'send the report (HTML with a text alternative) to these comma-separated addresses')
    .option('--smtp <url>', 'SMTP server for --email: smtp://user:pass@host:587 or smtps://…:465; env QPROF_SMTP_URL')
    .option('--from <address>', 'sender address (default qprof@<SMTP host>)')
    .addHelpText('after', `
Examples:
  $ qprof report --since 24h
  $ qprof report --since 7d --out report.html
  $ qprof report --format markdown --target shop > report.md
  $ QPROF_SMTP_URL=smtp://qprof:secret@mail.example.com:587 qprof report --email dba@example.com,dev@example.com`)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ReportOptions>();
      const db = openStore(opts.db);
      try {
        const advice = await readAdviceSections(db, {
          ...(opts.target ? { target: opts.target } : {}),
          onError: (advisor, error) => process.stderr.write(`qprof: ${advisor} skipped: ${(error as Error).message}\n`),
        });
        const base = {
          sinceMs: opts.since, nowMs: Date.now(), limit: opts.limit, advice,
          ...(opts.until !== undefined ? { untilMs: opts.until } : {}), ...(opts.target ? { target: opts.target } : {}),
        };
        if (opts.email !== undefined) {
          const sent = await emailReport(db, {
            ...base, recipients: opts.email, smtpUrl: opts.smtp ?? process.env.QPROF_SMTP_URL, sender: `cli:${process.pid}`, idempotent: false,
            ...(opts.from ? { from: opts.from } : {}),
          });
          process.stderr.write(`qprof: sent "${sent.subject}" to ${sent.recipients.join(', ')}\n`);
          if (!opts.out) return;
        }
        const format = opts.json ? 'json' : opts.format ?? formatFromPath(opts.out) ?? 'text';
        const output = renderReport(makeReport(db, base), format);
        if (opts.out) {
          writeFileSync(opts.out, output, { mode: 0o600 });
          process.stderr.write(`qprof: wrote the ${format} report to ${opts.out}\n`);
        } else {
          process.stdout.write(output);
        }
      } finally {
        db.close();
      }
    });
}
