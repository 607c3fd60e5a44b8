/**
 * Benchmark logs: replicate a real captured seed (scripts/gen-logs/seed/, made by capture.sh on the local
 * servers) to the size wanted, with advancing timestamps, fresh sessions and varied literals per copy (see
 * replicate.ts). The output is NOT a new workload run: it is the captured one repeated, and says so in the README.
 *
 *   node dist/scripts/gen-logs/generate.js pg-stderr|mysql-slow SIZE_MB OUT
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createPrng, isEntryStart, measureSpanMs, rewriteLine, thinSessions, type GenKind } from './replicate.js';

export const seedDir = new URL('../../../scripts/gen-logs/seed/', import.meta.url).pathname;
export const benchDataDir = new URL('../../../bench-data/', import.meta.url).pathname;
const seedFile: Record<GenKind, string> = { 'pg-stderr': 'pg-stderr.log.gz', 'mysql-slow': 'mariadb-slow.log.gz' };
/** The log_line_prefix of the PostgreSQL seed (Debian default). */
export const pgSeedPrefix = '%m [%p] %q%u@%d ';

export function readSeedLines(kind: GenKind): string[] {
  const text = gunzipSync(readFileSync(join(seedDir, seedFile[kind]))).toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export interface GeneratedLog {
  readonly path: string;
  readonly sizeBytes: number;
  readonly lines: number;
  readonly copies: number;
}

export interface GenerateOptions {
  /** PRNG seed of the varied literals. */
  readonly seed?: number;
  /** Keep one session in this many of the capture (see thinSessions): a small log with every kind of session. */
  readonly thinEvery?: number;
  /** Index of the first copy; 0 is the capture unchanged, ≥ 1 are shifted and varied. */
  readonly firstCopy?: number;
  /** Write exactly this many copies, whatever the size. */
  readonly copies?: number;
}

/** Write a log of at least `sizeBytes` (ending at an entry boundary, or after one pass when smaller) to `outPath`. */
export function generateLog(kind: GenKind, sizeBytes: number, outPath: string, options: GenerateOptions = {}): GeneratedLog {
  const seed = options.seed ?? 1;
  const all = readSeedLines(kind);
  const lines = options.thinEvery && options.thinEvery > 1 ? thinSessions(kind, all, options.thinEvery) : all;
  const spanMs = measureSpanMs(kind, lines);
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.tmp`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  let lineCount = 0;
  let copy = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = () => {
    const text = pending.join('');
    writeSync(fd, text);
    written += Buffer.byteLength(text);
    pending = [];
    pendingBytes = 0;
  };
  const first = options.firstCopy ?? 0;
  const end = options.copies === undefined ? Number.POSITIVE_INFINITY : first + options.copies;
  try {
    outer: for (copy = first; copy < end; copy += 1) {
      const context = { copy, offsetMs: copy * spanMs, prng: createPrng(seed * 7919 + copy) };
      for (let i = 0; i < lines.length; i += 1) {
        if (options.copies === undefined && written + pendingBytes >= sizeBytes && isEntryStart(kind, lines[i], lines[i - 1])) break outer;
        const line = `${rewriteLine(kind, lines[i], context)}\n`;
        pending.push(line);
        pendingBytes += line.length;
        lineCount += 1;
        if (pendingBytes >= 4 * 1024 * 1024) flush();
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, outPath);
  return { path: outPath, sizeBytes: written, lines: lineCount, copies: Math.min(copy + 1, end) - first };
}

/** The cached benchmark log of this kind and size under bench-data/, generated when missing. */
export function ensureBenchLog(kind: GenKind, sizeMb: number, dir = benchDataDir): GeneratedLog & { cached: boolean } {
  const path = join(dir, `${kind}-${sizeMb}MB.log`);
  if (existsSync(path)) return { path, sizeBytes: statSync(path).size, lines: 0, copies: 0, cached: true };
  return { ...generateLog(kind, sizeMb * 1024 * 1024, path), cached: false };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [kind, size, out] = process.argv.slice(2);
  if ((kind !== 'pg-stderr' && kind !== 'mysql-slow') || !Number(size) || !out) {
    console.error('usage: node dist/scripts/gen-logs/generate.js pg-stderr|mysql-slow SIZE_MB OUT');
    process.exit(2);
  }
  const r = generateLog(kind, Number(size) * 1024 * 1024, out);
  console.log(`${r.path}: ${(r.sizeBytes / 1048576).toFixed(1)} MB, ${r.lines} lines, ${r.copies} copies of the ${kind} seed`);
}
