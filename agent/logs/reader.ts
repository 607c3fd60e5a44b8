/**
 * I/O: read a log file from a byte offset in chunks of whole lines (`\n` or `\r\n`), `.gz` through zlib
 * streaming, and tell a file apart from the one a checkpoint was taken on (rotation: a new device:inode;
 * copytruncate: the same inode but shorter than the checkpoint, or different first bytes).
 * A last line without its terminator is not consumed: it may still be being written, and the next run reads
 * it whole (except in .gz files, which are complete by definition).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { SourceUnavailableError } from '../errors.js';
import type { Reject } from '../events.js';
import { makeReject } from './pg-entry.js';

/** How many bytes of the start of a file identify it, with device and inode. */
export const headIdentityBytes = 4096;

export interface FileIdentity {
  readonly device: number;
  readonly inode: number;
  readonly sizeBytes: number;
  /** How many leading bytes were hashed: min(4096, size). */
  readonly headBytes: number;
  readonly headHash: string;
  readonly gzip: boolean;
}

/** `device:inode:headBytes:hash`, the checkpoint's file_id. */
export function formatFileId(id: FileIdentity): string {
  return `${id.device}:${id.inode}:${id.headBytes}:${id.headHash}`;
}

export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

export async function readFileIdentity(path: string): Promise<FileIdentity> {
  const fh = await open(path, 'r');
  try {
    const stat = await fh.stat();
    const headBytes = Math.min(headIdentityBytes, stat.size);
    return { device: stat.dev, inode: stat.ino, sizeBytes: stat.size, headBytes, headHash: await hashHead(fh, headBytes), gzip: isGzipPath(path) };
  } finally {
    await fh.close();
  }
}

async function hashHead(fh: FileHandle, bytes: number): Promise<string> {
  const buf = Buffer.alloc(bytes);
  const { bytesRead } = await fh.read(buf, 0, bytes, 0);
  return createHash('sha1').update(buf.subarray(0, bytesRead)).digest('hex').slice(0, 16);
}

export interface Checkpoint {
  readonly fileId: string;
  /** Byte offset of the first line not yet consumed (uncompressed bytes for .gz). */
  readonly offset: number;
  /** Its 1-based line number. */
  readonly line: number;
  /** The path it was stored under, when read from the store (it differs after a rotation renamed the file). */
  readonly path?: string;
}

export type ResumeDecision =
  | { readonly kind: 'resume'; readonly offset: number; readonly line: number }
  | { readonly kind: 'start'; readonly reason: 'new' | 'rotated' | 'truncated' };

/** Where to start reading `path` given the checkpoint taken last time (if any). */
export async function decideResume(path: string, current: FileIdentity, checkpoint: Checkpoint | null): Promise<ResumeDecision> {
  if (!checkpoint) return { kind: 'start', reason: 'new' };
  const [device, inode, headBytes] = checkpoint.fileId.split(':');
  if (Number(device) !== current.device || Number(inode) !== current.inode) return { kind: 'start', reason: 'rotated' };
  if (!current.gzip && current.sizeBytes < checkpoint.offset) return { kind: 'start', reason: 'truncated' };
  const fh = await open(path, 'r');
  try {
    const hash = await hashHead(fh, Number(headBytes));
    if (`${device}:${inode}:${headBytes}:${hash}` !== checkpoint.fileId) return { kind: 'start', reason: 'truncated' };
  } finally {
    await fh.close();
  }
  return { kind: 'resume', offset: checkpoint.offset, line: checkpoint.line };
}

/** Complete lines read from a file, with where each starts. */
export interface LineChunk {
  readonly lines: string[];
  /** 1-based number of lines[0]. */
  readonly firstLine: number;
  /** Byte offset where each line starts (uncompressed offsets for .gz). */
  readonly lineOffsets: Float64Array;
  /** Byte offset just after the last line of the chunk: where the next run starts if nothing is pending. */
  readonly endOffset: number;
  /** Bytes of the file on disk consumed so far (compressed bytes for .gz), for progress. */
  readonly diskBytesRead: number;
  /** Lines the reader itself could not pass on (longer than maxLineBytes); they appear as '' in `lines`. */
  readonly rejects: readonly Reject[];
}

export interface ReadOptions {
  readonly startOffset?: number;
  readonly startLine?: number;
  /** Bytes per read. Default 4 MiB. */
  readonly chunkBytes?: number;
  /** A longer line is replaced by '' and reported as a reject. Default 32 MiB. */
  readonly maxLineBytes?: number;
  /** Consume a last line that has no terminator. Default: true for .gz, false otherwise. */
  readonly consumeUnterminated?: boolean;
}

/** Read `path` from `startOffset` to its current end, in chunks of whole lines. */
export async function* readLineChunks(path: string, options: ReadOptions = {}): AsyncGenerator<LineChunk> {
  const gzip = isGzipPath(path);
  const splitter = new LineSplitter(options.startOffset ?? 0, options.startLine ?? 1, options.maxLineBytes ?? 32 * 1024 * 1024);
  const consumeUnterminated = options.consumeUnterminated ?? gzip;
  if (gzip) {
    const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
    const stream = raw.pipe(createGunzip({ chunkSize: options.chunkBytes ?? 4 * 1024 * 1024 }));
    let skip = options.startOffset ?? 0;
    try {
      for await (const data of stream as AsyncIterable<Buffer>) {
        let buf = data;
        if (skip > 0) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
          if (buf.length === 0) continue;
        }
        const chunk = splitter.push(buf, raw.bytesRead);
        if (chunk) yield chunk;
      }
    } catch (error) {
      throw new SourceUnavailableError(`${path}: cannot decompress: ${(error as Error).message}`, 'is it a complete gzip file?', { cause: error });
    }
    const last = splitter.finish(consumeUnterminated, raw.bytesRead);
    if (last) yield last;
    return;
  }
  const fh = await open(path, 'r');
  try {
    yield* readHandleChunks(fh, splitter, options.chunkBytes ?? 4 * 1024 * 1024, consumeUnterminated);
  } finally {
    await fh.close();
  }
}

/** Read an open file from the splitter's position to the file's current end (shared with the tailer). */
export async function* readHandleChunks(fh: FileHandle, splitter: LineSplitter, chunkBytes: number, consumeUnterminated: boolean): AsyncGenerator<LineChunk> {
  let position = splitter.nextReadOffset;
  // One buffer for every read: the splitter decodes each block at once and copies the partial last line.
  const buf = Buffer.allocUnsafe(chunkBytes);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const chunk = splitter.push(buf.subarray(0, bytesRead), position);
    if (chunk) yield chunk;
  }
  const last = splitter.finish(consumeUnterminated, position);
  if (last) yield last;
}

/**
 * Turns a stream of bytes into chunks of whole lines with their byte offsets. Keeps the unterminated tail
 * between pushes. Line numbers and offsets continue from the start position it was given.
 */
export class LineSplitter {
  #carry: Buffer | null = null;
  /** Offset of the first byte of #carry (= the first line not yet emitted). */
  #offset: number;
  #line: number;
  #skippingLong = false;
  #skipStartOffset = 0;
  #skipRejects: Reject[] = [];
  readonly #maxLineBytes: number;
  readonly #decoder = new TextDecoder('utf-8');

  constructor(startOffset: number, startLine: number, maxLineBytes: number) {
    this.#offset = startOffset;
    this.#line = startLine;
    this.#maxLineBytes = maxLineBytes;
  }

  /** Where the next byte to read sits (after the carried partial line). */
  get nextReadOffset(): number {
    return this.#offset + (this.#carry?.length ?? 0);
  }

  /** Offset and line number of the first line not yet emitted. */
  get position(): { offset: number; line: number } {
    return { offset: this.#offset, line: this.#line };
  }

  push(data: Buffer, diskBytesRead: number): LineChunk | null {
    let buf = this.#carry && this.#carry.length ? Buffer.concat([this.#carry, data]) : data;
    this.#carry = null;
    if (this.#skippingLong) {
      // Dropping the rest of an over-long line: it ends at the next newline.
      const nl = buf.indexOf(10);
      if (nl < 0) {
        this.#offset += buf.length;
        return null;
      }
      this.#offset += nl + 1;
      this.#line++;
      this.#skippingLong = false;
      buf = buf.subarray(nl + 1);
    }
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      if (buf.length > this.#maxLineBytes) return this.#startSkipping(buf, diskBytesRead);
      this.#carry = Buffer.from(buf);
      return this.#emptyChunk(diskBytesRead);
    }
    this.#carry = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : null;
    return this.#split(buf.subarray(0, lastNl + 1), diskBytesRead);
  }

  /** End of the data for now: emit the unterminated last line only when asked to. */
  finish(consumeUnterminated: boolean, diskBytesRead: number): LineChunk | null {
    if (!consumeUnterminated || !this.#carry || this.#carry.length === 0) return this.#emptyChunk(diskBytesRead);
    const tail = Buffer.concat([this.#carry, Buffer.from('\n')]);
    this.#carry = null;
    const chunk = this.#split(tail, diskBytesRead);
    // the synthetic terminator was not in the file
    return { ...chunk, endOffset: chunk.endOffset - 1 };
  }

  #split(block: Buffer, diskBytesRead: number): LineChunk {
    const text = this.#decoder.decode(block);
    const lines = text.split('\n');
    lines.pop(); // the block ends with '\n'
    const lineOffsets = new Float64Array(lines.length);
    const rejects = this.#skipRejects;
    this.#skipRejects = [];
    let pos = 0;
    for (let i = 0; i < lines.length; i++) {
      lineOffsets[i] = this.#offset + pos;
      const nl = block.indexOf(10, pos);
      if (nl - pos > this.#maxLineBytes) {
        rejects.push(makeReject(this.#line + i, `line longer than ${this.#maxLineBytes} bytes`, lines[i]!));
        lines[i] = '';
      } else {
        const line = lines[i]!;
        if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
      }
      pos = nl + 1;
    }
    const chunk: LineChunk = { lines, firstLine: this.#line, lineOffsets, endOffset: this.#offset + block.length, diskBytesRead, rejects };
    this.#offset += block.length;
    this.#line += lines.length;
    return chunk;
  }

  #startSkipping(buf: Buffer, diskBytesRead: number): LineChunk {
    this.#skipRejects.push({ line: this.#line, reason: `line longer than ${this.#maxLineBytes} bytes`, text: this.#decoder.decode(buf.subarray(0, 200)) });
    this.#skippingLong = true;
    this.#skipStartOffset = this.#offset;
    this.#offset += buf.length;
    // The line is not emitted at all: the next chunk's firstLine skips its number.
    return this.#emptyChunk(diskBytesRead);
  }

  #emptyChunk(diskBytesRead: number): LineChunk {
    const rejects = this.#skipRejects;
    this.#skipRejects = [];
    // While skipping an over-long line, a checkpoint must point at its start, never into its middle.
    const endOffset = this.#skippingLong ? this.#skipStartOffset : this.#offset;
    return { lines: [], firstLine: this.#line, lineOffsets: new Float64Array(0), endOffset, diskBytesRead, rejects };
  }
}

/** The first `maxLines` complete lines of a file (decompressed for .gz), for format detection. */
export async function readFirstLines(path: string, maxLines = 200): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of readLineChunks(path, { chunkBytes: 256 * 1024, consumeUnterminated: true })) {
    out.push(...chunk.lines.slice(0, maxLines - out.length));
    if (out.length >= maxLines) break;
  }
  return out;
}
