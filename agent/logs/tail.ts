/**
 * I/O: follow a log file across rotation and copytruncate, reporting whole lines with their offsets. The agent
 * drives it with a LogIngestor (agent/ingest/log-ingestor.ts):
 *   ingestor.begin(checkpoint?.fileId ?? '', checkpoint?.offset ?? 0, checkpoint?.line ?? 1);
 *   for await (const e of tailer.start(checkpoint)) handle(e);   // then, every few seconds:
 *   for await (const e of tailer.poll()) handle(e);  ingestor.flush();
 * where handle feeds `lines` chunks to ingestor.push(e.chunk) and, on `restart`, calls ingestor.endFile() then
 * ingestor.begin(e.fileId, 0, 1). On SIGTERM: ingestor.flush() (checkpoint at the pending entry) and close().
 *
 * Rotation (the path now names another inode): the old file is kept open and read to its end first, so lines
 * written just before the rename are not lost. When qprof was down during a rotation, `start()` looks for the
 * checkpoint's inode among the siblings (app.log.1, app.log-20261126) and finishes it first. Copytruncate (same
 * inode, now shorter than our offset or with other first bytes): start again at 0.
 */
import { readdir, stat, open, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  decideResume, formatFileId, LineSplitter, readFileIdentity, readHandleChunks, type Checkpoint, type LineChunk,
} from './reader.js';

export type TailEvent =
  | { readonly kind: 'lines'; readonly fileId: string; readonly path: string; readonly chunk: LineChunk }
  /** From here on the chunks belong to a new file (or the same one read again) starting at offset 0. */
  | { readonly kind: 'restart'; readonly fileId: string; readonly path: string; readonly reason: 'rotated' | 'truncated' | 'new' };

export interface TailerOptions {
  /** Bytes per read. Default 1 MiB. */
  readonly chunkBytes?: number;
  /** A longer line is dropped and reported as a reject. Default 32 MiB. */
  readonly maxLineBytes?: number;
}

export class Tailer {
  readonly #path: string;
  readonly #options: TailerOptions;
  #fh: FileHandle | null = null;
  #inode = -1;
  #device = -1;
  #fileId = '';
  #splitter: LineSplitter | null = null;

  constructor(path: string, options: TailerOptions = {}) {
    this.#path = path;
    this.#options = options;
  }

  /** Identity of the file being read (`device:inode:headBytes:hash`), for checkpoints. */
  get fileId(): string {
    return this.#fileId;
  }

  /** Offset and line of the first line not yet returned. */
  get position(): { offset: number; line: number } {
    return this.#splitter?.position ?? { offset: 0, line: 1 };
  }

  /**
   * Open the file, resuming from `checkpoint` when it was taken on this file. Yields the rest of a rotated-away
   * file first when the checkpoint names one still present next to it, then a `restart` or nothing.
   */
  async *start(checkpoint: Checkpoint | null): AsyncGenerator<TailEvent> {
    const identity = await readFileIdentity(this.#path);
    const decision = await decideResume(this.#path, identity, checkpoint);
    if (decision.kind === 'start' && decision.reason === 'rotated' && checkpoint) {
      const old = await this.#findSibling(checkpoint);
      if (old) {
        const tail = new Tailer(old);
        await tail.#openAt(old, checkpoint.fileId, checkpoint.offset, checkpoint.line);
        yield* tail.#readToEnd();
        await tail.close();
      }
    }
    if (decision.kind === 'resume') await this.#openAt(this.#path, formatFileId(identity), decision.offset, decision.line);
    else {
      await this.#openAt(this.#path, formatFileId(identity), 0, 1);
      yield { kind: 'restart', fileId: this.#fileId, path: this.#path, reason: decision.reason };
    }
  }

  /** Read what was appended; switch files on rotation or truncation. Call start() first. */
  async *poll(): AsyncGenerator<TailEvent> {
    yield* this.#readToEnd();
    let current;
    try {
      current = await stat(this.#path);
    } catch {
      return; // between the rename and the new file's creation: try again next poll
    }
    if (current.ino !== this.#inode || current.dev !== this.#device) {
      yield* this.#readToEnd(); // the last lines written to the old file before it was renamed
      const identity = await readFileIdentity(this.#path);
      await this.#fh?.close();
      await this.#openAt(this.#path, formatFileId(identity), 0, 1);
      yield { kind: 'restart', fileId: this.#fileId, path: this.#path, reason: 'rotated' };
      yield* this.#readToEnd();
    } else if (current.size < this.#splitter!.nextReadOffset) {
      const identity = await readFileIdentity(this.#path);
      await this.#openAt(this.#path, formatFileId(identity), 0, 1, this.#fh);
      yield { kind: 'restart', fileId: this.#fileId, path: this.#path, reason: 'truncated' };
      yield* this.#readToEnd();
    }
  }

  async close(): Promise<void> {
    await this.#fh?.close();
    this.#fh = null;
  }

  async #openAt(path: string, fileId: string, offset: number, line: number, reuse: FileHandle | null = null): Promise<void> {
    this.#fh = reuse ?? await open(path, 'r');
    const s = await this.#fh.stat();
    this.#inode = s.ino;
    this.#device = s.dev;
    this.#fileId = fileId;
    this.#splitter = new LineSplitter(offset, line, this.#options.maxLineBytes ?? 32 * 1024 * 1024);
  }

  async *#readToEnd(): AsyncGenerator<TailEvent> {
    if (!this.#fh || !this.#splitter) return;
    // A live file's last line may still be being written: never consume it unterminated.
    for await (const chunk of readHandleChunks(this.#fh, this.#splitter, this.#options.chunkBytes ?? 1024 * 1024, false)) {
      if (chunk.lines.length || chunk.rejects.length) yield { kind: 'lines', fileId: this.#fileId, path: this.#path, chunk };
    }
  }

  async #findSibling(checkpoint: Checkpoint): Promise<string | null> {
    const [device, inode] = checkpoint.fileId.split(':').map(Number);
    const dir = dirname(this.#path);
    const base = basename(this.#path);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return null;
    }
    for (const name of names) {
      if (name === base || !name.startsWith(base) || name.endsWith('.gz')) continue;
      const s = await stat(join(dir, name)).catch(() => null);
      if (s && s.ino === inode && s.dev === device && s.size >= checkpoint.offset) {
        const identity = await readFileIdentity(join(dir, name));
        const decision = await decideResume(join(dir, name), identity, checkpoint);
        if (decision.kind === 'resume') return join(dir, name);
      }
    }
    return null;
  }
}
