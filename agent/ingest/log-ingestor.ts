/**
 * The stateful middle of log ingestion, shared by `qprof ingest` (one pass over a file) and the agent (a tailer
 * following a file across rotations): chunks of lines → parser → fingerprint (cached per statement text) →
 * aggregator; a flush hands the aggregates, the shapes seen for the first time (described once) and the
 * checkpoint to the sink, which writes them in one transaction.
 *
 * The checkpoint is the offset of the parser's first pending line: everything before it has been emitted and
 * is in this flush, nothing after it is. Resuming there re-reads exactly the entry in progress.
 */
import type { Engine, ParseResult, QueryEvent, Reject, LogParser } from '../events.js';
import type { Fingerprint } from '../shape/types.js';
import { Aggregator } from '../aggregate/aggregator.js';
import type { Checkpoint, LineChunk } from '../logs/reader.js';
import type { IngestDeps, IngestSink, NewShape } from './ingest-file.js';

export interface IngestorOptions {
  /** Key of the checkpoint (an absolute path). */
  readonly checkpointPath?: string;
  readonly engine: Engine;
  readonly deps: IngestDeps;
  readonly sink: IngestSink;
  /** Clock (epoch ms) for checkpoint bookkeeping. */
  readonly nowMs: () => number;
  readonly keepSamples?: boolean;
  /** Stat bucket width in ms. Default 60 000. */
  readonly bucketMs?: number;
  /** Flush (one transaction) after this many bytes read. Default 8 MiB (with 512 KiB reads this keeps peak RSS under 200 MiB on any file size). */
  readonly flushBytes?: number;
  /** Flush early when this many (shape, bucket) aggregates are held, to bound memory. Default 50 000 (~25 MB). */
  readonly maxBuckets?: number;
  /** Rejects kept for listing (all are counted). Default 1000. */
  readonly maxRejectsKept?: number;
}

export interface IngestorStats {
  readonly events: number;
  readonly statements: number;
  readonly newShapes: number;
  readonly rejects: number;
  readonly rejectList: readonly Reject[];
  readonly unattributed: number;
  /** Offset just after the last line read. */
  readonly endOffset: number;
  readonly flushes: number;
}

/** Statements qprof sends itself start with this marker; they are not profiled. */
const selfMarker = '/* qprof */';
/** Fingerprints by exact text: prepared statements and literal-free texts repeat verbatim. ~2 MB at most. */
const cacheLimit = 2_000;
const cacheableChars = 1024;

export class LogIngestor {
  readonly #options: IngestorOptions;
  readonly #aggregator: Aggregator;
  readonly #cache = new Map<string, Fingerprint>();
  readonly #rejectList: Reject[] = [];
  #parser: LogParser | null = null;
  #fileId = '';
  /** Line offsets of chunks that may still hold the parser's pending line. */
  #recent: { firstLine: number; lineOffsets: Float64Array }[] = [];
  #pendingLine: number | null = null;
  #endOffset = 0;
  #endLine = 1;
  #flushedOffset = 0;
  #dirty = false;
  #previousTail: { action: 'revert' | 'keep'; path: string } | undefined;
  #events = 0;
  #statements = 0;
  #newShapes = 0;
  #rejects = 0;
  #unattributed = 0;
  #flushes = 0;

  constructor(options: IngestorOptions) {
    this.#options = options;
    this.#aggregator = new Aggregator({ bucketMs: options.bucketMs, keepSamples: options.keepSamples });
  }

  /**
   * Start (or restart, after a rotation) reading a file at a position, with a fresh parser. `resumed`: the
   * position is the last run's checkpoint, so a provisional tail left there is read again (and reverted).
   */
  begin(fileId: string, startOffset: number, startLine: number, resumed = false, tailPath = this.#options.checkpointPath ?? ''): void {
    this.#previousTail = { action: resumed ? 'revert' : 'keep', path: tailPath };
    this.#parser = this.#options.deps.createParser();
    this.#fileId = fileId;
    this.#recent = [];
    this.#pendingLine = null;
    this.#endOffset = this.#flushedOffset = startOffset;
    this.#endLine = startLine;
  }

  push(chunk: LineChunk): void {
    for (const r of chunk.rejects) this.#noteReject(r);
    if (chunk.lines.length === 0) return;
    this.#recent.push({ firstLine: chunk.firstLine, lineOffsets: chunk.lineOffsets });
    const result = this.#parser!.push(chunk.lines, chunk.firstLine);
    this.#take(result);
    this.#endOffset = chunk.endOffset;
    this.#endLine = chunk.firstLine + chunk.lines.length;
    const pending = result.pendingLine;
    this.#pendingLine = pending;
    // Forget offsets of chunks wholly before the pending entry: a checkpoint never points into them.
    this.#recent = this.#recent.filter((c) => pending !== null && c.firstLine + c.lineOffsets.length > pending);
    const flushBytes = this.#options.flushBytes ?? 8 * 1024 * 1024;
    if (this.#endOffset - this.#flushedOffset >= flushBytes || this.#aggregator.size >= (this.#options.maxBuckets ?? 50_000)) this.flush();
  }

  /** Write what has been emitted so far, checkpointed at the pending entry (an idle tail, a shutdown). */
  flush(): void {
    const pending = this.#pendingLine;
    const offset = pending === null ? this.#endOffset : this.#offsetOfLine(pending);
    if (offset === null) return; // cannot name a safe position yet: keep aggregating
    this.#write({ fileId: this.#fileId, offset, line: pending ?? this.#endLine });
  }

  /**
   * End of the data: emit the entry in progress and flush. `final` (a .gz, a file rotated away): that is the
   * file's true end. Otherwise (a batch run over a log that may still grow) the held entry is written as a
   * provisional tail and the checkpoint stays at its first line: the next run re-reads it and reverts the tail,
   * so a log cut anywhere, even between a `statement:` and its `duration:`, is counted exactly once.
   */
  endFile(final = true): void {
    const pending = this.#pendingLine;
    const pendingOffset = pending === null ? null : this.#offsetOfLine(pending);
    if (final || pending === null || pendingOffset === null) {
      if (this.#parser) this.#take(this.#parser.end());
      this.#pendingLine = null;
      this.#write({ fileId: this.#fileId, offset: this.#endOffset, line: this.#endLine });
      return;
    }
    this.#write({ fileId: this.#fileId, offset: pendingOffset, line: pending });
    if (this.#parser) this.#take(this.#parser.end());
    this.#write({ fileId: this.#fileId, offset: pendingOffset, line: pending }, true);
  }

  get stats(): IngestorStats {
    return {
      events: this.#events, statements: this.#statements, newShapes: this.#newShapes, rejects: this.#rejects,
      rejectList: this.#rejectList, unattributed: this.#unattributed, endOffset: this.#endOffset, flushes: this.#flushes,
    };
  }

  #write(checkpoint: Checkpoint, tail = false): void {
    const { sink, deps, engine } = this.#options;
    if (!this.#dirty && checkpoint.offset === this.#flushedOffset && this.#flushes > 0 && this.#previousTail === undefined) return;
    const batch = this.#aggregator.drain();
    this.#unattributed += batch.unattributed;
    const fresh: NewShape[] = [];
    for (const seen of batch.shapes) {
      if (sink.isKnownShape(seen.fingerprint.id)) continue;
      fresh.push({ fingerprint: seen.fingerprint, description: deps.describe(seen.fingerprint.normalized, engine), firstSeenMs: seen.firstSeenMs });
    }
    const path = this.#options.checkpointPath ?? '';
    sink.write({
      engine, batch, newShapes: fresh, checkpoint: { ...checkpoint, path }, nowMs: this.#options.nowMs(),
      ...(this.#previousTail ? { previousTail: this.#previousTail } : {}), ...(tail ? { tail } : {}),
    });
    this.#previousTail = undefined;
    this.#newShapes += fresh.length;
    this.#flushedOffset = checkpoint.offset;
    this.#dirty = false;
    this.#flushes++;
  }

  #take(result: ParseResult): void {
    for (const r of result.rejects) this.#noteReject(r);
    for (const event of result.events) this.#addEvent(event);
  }

  #noteReject(r: Reject): void {
    this.#rejects++;
    if (this.#rejectList.length < (this.#options.maxRejectsKept ?? 1000)) this.#rejectList.push(r);
  }

  #addEvent(event: QueryEvent): void {
    const sql = event.sql;
    if (sql !== null && sql.startsWith(selfMarker)) return;
    this.#events++;
    this.#dirty = true;
    if (event.kind === 'statement') this.#statements++;
    this.#aggregator.add(event, sql === null ? null : this.#fingerprintOf(sql));
  }

  #fingerprintOf(sql: string): Fingerprint {
    const cacheable = sql.length <= cacheableChars;
    let fp = cacheable ? this.#cache.get(sql) : undefined;
    if (!fp) {
      fp = this.#options.deps.fingerprint(sql, this.#options.engine);
      if (cacheable) {
        if (this.#cache.size >= cacheLimit) this.#cache.clear();
        this.#cache.set(sql, fp);
      }
    }
    return fp;
  }

  #offsetOfLine(line: number): number | null {
    for (const chunk of this.#recent) {
      const i = line - chunk.firstLine;
      if (i >= 0 && i < chunk.lineOffsets.length) return chunk.lineOffsets[i]!;
    }
    return null;
  }
}
