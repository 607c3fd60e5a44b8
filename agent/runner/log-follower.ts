/**
 * One log file followed continuously: a Tailer (rotation, copytruncate) feeding a LogIngestor, flushed (one
 * transaction with its checkpoint) after every poll and on stop. A path with `*` in its file name
 * (`postgresql-*.json`, for a log_filename with a timestamp) follows the matches in name order: when a newer
 * file appears, the current one is read to its end and closed, then the next one is read from its start.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Engine } from '../events.js';
import { LogIngestor } from '../ingest/log-ingestor.js';
import type { IngestDeps, IngestSink } from '../ingest/ingest-file.js';
import { formatFileId, readFileIdentity } from '../logs/reader.js';
import { Tailer, type TailEvent } from '../logs/tail.js';

export interface LogFollowerOptions {
  /** Absolute path, or a file-name pattern with `*`. */
  readonly path: string;
  readonly engine: Engine;
  readonly deps: IngestDeps;
  readonly sink: IngestSink;
  readonly nowMs: () => number;
  readonly bucketMs?: number;
}

export interface LogStatus {
  readonly path: string;
  /** The file being read (the newest match of a pattern), null before it exists. */
  readonly file: string | null;
  readonly events: number;
  readonly rejects: number;
  /** Bytes written to the file and not read yet, at the last poll. */
  readonly lagBytes: number;
  readonly errors: number;
  readonly lastError: string | null;
}

function matches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** Files matching `path` in name order (itself when it has no `*`, if it exists). */
async function listMatches(path: string): Promise<string[]> {
  const dir = dirname(path);
  const pattern = basename(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!pattern.includes('*')) return names.includes(pattern) ? [path] : [];
  return names.filter((n) => matches(pattern, n) && !n.endsWith('.gz')).sort().map((n) => join(dir, n));
}

export class LogFollower {
  readonly #options: LogFollowerOptions;
  #tailer: Tailer | null = null;
  #ingestor: LogIngestor | null = null;
  #file: string | null = null;
  #begunFileId = '';
  #events = 0;
  #rejects = 0;
  #lagBytes = 0;
  #errors = 0;
  #lastError: string | null = null;

  constructor(options: LogFollowerOptions) {
    this.#options = options;
  }

  get status(): LogStatus {
    const current = this.#ingestor?.stats;
    return {
      path: this.#options.path, file: this.#file, events: this.#events + (current?.events ?? 0),
      rejects: this.#rejects + (current?.rejects ?? 0), lagBytes: this.#lagBytes, errors: this.#errors, lastError: this.#lastError,
    };
  }

  /**
   * Read what was appended since the last poll and flush it. With a pattern, files are taken in name order:
   * a newer file means the current one is complete (read to its end, then the next one from its start). The
   * first poll resumes the newest file that has a checkpoint (so files written while the agent was down are
   * read too), else starts at the newest file.
   */
  async poll(): Promise<void> {
    try {
      const files = await listMatches(this.#options.path);
      if (files.length === 0) return;
      if (!this.#tailer) await this.#open(this.#file === null ? await this.#pickFirst(files) : files.find((f) => f > this.#file!) ?? files.at(-1)!, this.#file !== null);
      else for await (const event of this.#tailer.poll()) this.#handle(event);
      for (let next = files.find((f) => f > this.#file!); next !== undefined; next = files.find((f) => f > this.#file!)) {
        await this.#finishCurrent();
        await this.#open(next, true);
      }
      this.#ingestor!.flush();
      const size = (await stat(this.#file!).catch(() => null))?.size ?? 0;
      this.#lagBytes = Math.max(0, size - this.#ingestor!.stats.endOffset);
    } catch (error) {
      this.#errors++;
      this.#lastError = (error as Error).message;
      throw error;
    }
  }

  async #pickFirst(files: readonly string[]): Promise<string> {
    for (let i = files.length - 1; i >= 0; i--) {
      const identity = await readFileIdentity(files[i]!).catch(() => null);
      if (identity && this.#options.sink.readCheckpoint(files[i]!, formatFileId(identity))) return files[i]!;
    }
    return files.at(-1)!;
  }

  /** Flush what was read (checkpointed at the entry in progress) and close the file. */
  async stop(): Promise<void> {
    this.#ingestor?.flush();
    await this.#tailer?.close();
    this.#tailer = null;
  }

  async #open(path: string, afterSwitch: boolean): Promise<void> {
    const tailer = new Tailer(path);
    const ingestor = new LogIngestor({
      checkpointPath: path, engine: this.#options.engine, deps: this.#options.deps, sink: this.#options.sink,
      nowMs: this.#options.nowMs, bucketMs: this.#options.bucketMs,
    });
    const identity = await readFileIdentity(path);
    // A file that appeared after the one we were reading is new: read it whole, whatever a checkpoint says.
    const checkpoint = afterSwitch ? null : this.#options.sink.readCheckpoint(path, formatFileId(identity));
    this.#tailer = tailer;
    this.#ingestor = ingestor;
    this.#file = path;
    this.#begunFileId = checkpoint?.fileId ?? '';
    ingestor.begin(this.#begunFileId, checkpoint?.offset ?? 0, checkpoint?.line ?? 1, checkpoint !== null);
    for await (const event of tailer.start(checkpoint)) this.#handle(event);
  }

  async #finishCurrent(): Promise<void> {
    for await (const event of this.#tailer!.poll()) this.#handle(event);
    this.#ingestor!.endFile(true);
    const stats = this.#ingestor!.stats;
    this.#events += stats.events;
    this.#rejects += stats.rejects;
    await this.#tailer!.close();
    this.#tailer = null;
    this.#ingestor = null;
  }

  #handle(event: TailEvent): void {
    const ingestor = this.#ingestor!;
    if (event.kind === 'lines') {
      ingestor.push(event.chunk);
      return;
    }
    // From here on another file (rotated) or the same one again (truncated): the old one ended.
    if (this.#begunFileId !== '') ingestor.endFile(true);
    this.#begunFileId = event.fileId;
    ingestor.begin(event.fileId, 0, 1);
  }
}
