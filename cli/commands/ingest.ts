/**
 * `qprof ingest <file…>`: parse log files into the store, resumably. Wiring: format detection, target,
 * store sink, progress bar and summary; the pipeline itself is agent/ingest, the writes storage/ingest-repo.
 */
import { Option, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, ParseError, QprofError, SourceUnavailableError } from '../../agent/errors.js';
import type { Engine } from '../../agent/events.js';
import { ingestFile, type IngestFileResult, type IngestSink } from '../../agent/ingest/ingest-file.js';
import { deriveTargetName } from '../../agent/ingest/target-name.js';
import { createLogParser, detectLogFormat, type LogFormat } from '../../agent/logs/index.js';
import { readFirstLines } from '../../agent/logs/reader.js';
import { describeShape, fingerprint, loadShapeParsers } from '../../agent/shape/index.js';
import { openStore, type Db } from '../../storage/db.js';
import { createStoreSink, readCheckpoint } from '../../storage/ingest-repo.js';
import { readShapeIds } from '../../storage/shapes-repo.js';
import { ensureTarget, readTargets } from '../../storage/targets-repo.js';
import { parsePositiveInt } from '../parse-options.js';

export interface IngestOptions {
  readonly db: string;
  readonly target?: string;
  readonly format: LogFormat | 'auto';
  readonly prefix?: string;
  readonly timeZone?: string;
  readonly keepSamples?: boolean;
  readonly showRejects?: boolean;
  readonly dryRun?: boolean;
  /** Flush (one transaction + checkpoint) every this many bytes; hidden option for tests. Default 8 MiB. */
  readonly flushBytes?: number;
  /** Show a progress bar (default: when stderr is a TTY). */
  readonly progress?: boolean;
}

const engineOf = (format: LogFormat): Engine => (format === 'mysql-slow' ? 'mysql' : 'postgres');

async function detect(path: string, options: IngestOptions): Promise<{ format: LogFormat; prefix?: string }> {
  if (options.format !== 'auto') return { format: options.format, prefix: options.prefix };
  const detected = detectLogFormat(await readFirstLines(path), { prefix: options.prefix });
  if ('error' in detected) throw new ParseError(detected.error, path);
  return { format: detected.format, prefix: options.prefix ?? detected.prefix };
}

/** Writes nothing; answers from the store when it exists, so a dry run reports what a real run would add. */
function createDryRunSink(db: Db | null, targetId: number | null, engine: Engine, tally: DryRunTally): IngestSink {
  const known = db ? readShapeIds(db, engine) : new Set<string>();
  return {
    readCheckpoint: (path, fileId) => (db && targetId !== null ? readCheckpoint(db, targetId, path, fileId) : null),
    isKnownShape: (id) => known.has(id),
    write: (flush) => {
      for (const s of flush.newShapes) known.add(s.fingerprint.id);
      tally.buckets += flush.batch.buckets.length;
      tally.sessions += flush.batch.sessions.length;
      tally.samples += flush.batch.samples.length;
    },
  };
}

interface DryRunTally { buckets: number; sessions: number; samples: number }

/** What one file's ingestion did, and where it went. */
export interface IngestRun extends IngestFileResult {
  readonly format: LogFormat;
  readonly engine: Engine;
  readonly target: string;
}

/** Ingest `files` into the store at options.db; prints a summary per file to `out`. Returns the results. */
export async function runIngest(files: readonly string[], options: IngestOptions, out: (text: string) => void): Promise<IngestRun[]> {
  for (const file of files) {
    if (!existsSync(file)) throw new SourceUnavailableError(`${file}: no such file`, 'check the path of the log file');
  }
  await loadShapeParsers();
  const db = options.dryRun ? (existsSync(options.db) ? openStore(options.db, { readonly: true }) : null) : openStore(options.db);
  const results: IngestRun[] = [];
  try {
    const failures: { file: string; error: QprofError }[] = [];
    for (const file of files) {
      try {
        results.push(await ingestOne(file, db, options, out));
      } catch (error) {
        // One unreadable file does not stop the others; the run still fails at the end.
        if (!(error instanceof QprofError)) throw error;
        failures.push({ file, error });
      }
    }
    if (failures.length === 1 && files.length === 1) throw failures[0]!.error;
    if (failures.length > 0) {
      throw new QprofError(`${failures.length} of ${files.length} files were not ingested: ${failures.map((f) => f.error.message).join('; ')}`,
        failures[0]!.error.hint);
    }
  } finally {
    db?.close();
  }
  return results;
}

const unreadable = new Set(['EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'EIO']);

async function ingestOne(file: string, db: Db | null, options: IngestOptions, out: (text: string) => void): Promise<IngestRun> {
  try {
    return await ingestReadable(file, db, options, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && unreadable.has(code)) {
      throw new SourceUnavailableError(`${file}: cannot read it (${code})`, 'check the path and that qprof may read it (e.g. run as a member of the adm or postgres group)', { cause: error });
    }
    throw error;
  }
}

async function ingestReadable(file: string, db: Db | null, options: IngestOptions, out: (text: string) => void): Promise<IngestRun> {
  const { format, prefix } = await detect(file, options);
  const engine = engineOf(format);
  const targetName = options.target ?? deriveTargetName(file);
  const tally: DryRunTally = { buckets: 0, sessions: 0, samples: 0 };
  let sink: IngestSink;
  if (options.dryRun) {
    const existing = db ? readTargets(db).find((t) => t.name === targetName) : undefined;
    sink = createDryRunSink(db, existing?.id ?? null, engine, tally);
  } else {
    const target = ensureTarget(db!, targetName, engine, null, Date.now());
    if (target.engine !== engine) {
      throw new ConfigError(`${file} is a ${engine} log but target ${targetName} is ${target.engine}`, 'pass --target with another name');
    }
    sink = createStoreSink(db!, target.id, engine);
  }
  const bar = (options.progress ?? process.stderr.isTTY) ? new SingleBar({
    format: `${file} [{bar}] {percentage}% | {speed} MB/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 20,
  }) : null;
  const startedMs = Date.now();
  bar?.start(1, 0, { speed: '0.0' });
  const result = await ingestFile({
    path: file, checkpointPath: resolve(file), engine, sink, nowMs: Date.now, keepSamples: options.keepSamples,
    flushBytes: options.flushBytes,
    deps: {
      createParser: () => createLogParser(format, { prefix, timeZone: options.timeZone }),
      fingerprint, describe: describeShape,
    },
    onProgress: (done, total) => {
      if (!bar) return;
      const seconds = Math.max((Date.now() - startedMs) / 1000, 0.001);
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { speed: (done / 1048576 / seconds).toFixed(1) });
    },
  }).finally(() => bar?.stop());
  out(renderSummary(result, { format, engine, targetName, seconds: (Date.now() - startedMs) / 1000, dryRun: options.dryRun ?? false, tally }));
  if (options.showRejects) {
    for (const r of result.rejectList) out(`  ${file}:${r.line}: ${r.reason}${r.text ? `: ${r.text.slice(0, 120)}` : ''}\n`);
    if (result.rejects > result.rejectList.length) out(`  … and ${result.rejects - result.rejectList.length} more\n`);
  }
  return { ...result, format, engine, target: targetName };
}

interface SummaryContext {
  format: LogFormat; engine: Engine; targetName: string; seconds: number; dryRun: boolean; tally: DryRunTally;
}

function renderSummary(r: IngestFileResult, c: SummaryContext): string {
  const mb = r.bytesRead / 1048576;
  const start = r.start.kind === 'resume' ? `resumed at line ${r.start.line}` : r.start.reason === 'new' ? 'from the start'
    : `from the start (file ${r.start.reason} since the last run)`;
  const head = `${c.dryRun ? 'dry run: ' : ''}${r.path} (${c.format}, target ${c.targetName}): ${r.events} events (${r.statements} statements), `
    + `${r.newShapes} new shapes, ${r.rejects} rejects, ${mb.toFixed(1)} MB in ${c.seconds.toFixed(2)} s (${(mb / Math.max(c.seconds, 0.001)).toFixed(1)} MB/s), ${start}`;
  const extra = r.unattributed ? `; ${r.unattributed} errors/lock waits without a statement` : '';
  const hint = r.rejects && !c.dryRun ? ' (--show-rejects lists them)' : '';
  const dry = c.dryRun ? `\n  would store ${c.tally.buckets} stat buckets, ${c.tally.sessions} session chunks, ${c.tally.samples} samples; nothing written` : '';
  return `${head}${extra}${hint}${dry}\n`;
}

export function registerIngest(program: Command): void {
  program.command('ingest')
    .description('parse log files (PostgreSQL stderr/csvlog/jsonlog, MySQL/MariaDB slow log, .gz too) into the store; resumable')
    .argument('<file...>', 'log files; a re-run reads only what was added since, a rotated or truncated file is read again from its start')
    .addOption(new Option('--format <format>', 'log format').choices(['auto', 'pg-stderr', 'pg-csv', 'pg-json', 'mysql-slow']).default('auto'))
    .option('--prefix <log_line_prefix>', "PostgreSQL log_line_prefix of a stderr log (default: detected, else '%m [%p] %q%u@%d ')")
    .option('--time-zone <zone>', 'IANA zone for log times printed without an offset (MariaDB # Time:, PostgreSQL %t abbreviations); default UTC')
    .option('--keep-samples', 'also store the slowest statements per shape WITH their literal values (may be personal data)')
    .option('--show-rejects', 'list the lines that could not be used (file:line reason)')
    .option('--dry-run', 'parse and report what would be stored; write nothing')
    .addOption(new Option('--flush-bytes <n>', 'bytes between transactions').argParser(parsePositiveInt).hideHelp())
    .addHelpText('after', `
The target (monitored database) is --target, else the file name without directory, extension, rotation number
and date: /var/log/postgresql/postgresql-15-main.log.1 → postgresql-15-main.
Examples:
  $ qprof ingest /var/log/postgresql/postgresql-15-main.log
  $ qprof ingest --format pg-stderr --prefix '%t [%p]: [%l-1] user=%u,db=%d ' postgresql.log.1.gz
  $ qprof ingest --target shop /var/log/mysql/mariadb-slow.log --show-rejects`)
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<IngestOptions>();
      await runIngest(files, opts, (text) => process.stdout.write(text));
    });
}
