/**
 * The log ingestion pipeline for one file: read whole lines from the checkpoint on → parser → fingerprint
 * (the hot path; parse once per new shape) → aggregate in memory → every `flushBytes` hand one flush
 * (aggregates + new shapes + the checkpoint at the parser's first pending line) to a sink that writes it in
 * one transaction. The sink is storage's business (agent/ imports none of our other folders); the CLI and
 * the agent's tailer wire it.
 */
import type { Engine, LogParser, ParseResult, QueryEvent, Reject } from '../events.js';
import type { Fingerprint, FingerprintOptions, ShapeDescription } from '../shape/types.js';
import { Aggregator, type AggregateBatch } from '../aggregate/aggregator.js';
import {
  decideResume, formatFileId, isGzipPath, readFileIdentity, readLineChunks, type Checkpoint, type ResumeDecision,
} from '../logs/reader.js';

/** A shape seen for the first time, described (parsed) once. */
export interface NewShape {
  readonly fingerprint: Fingerprint;
  readonly description: ShapeDescription;
  readonly firstSeenMs: number;
}

/** One unit of work for the store: written in ONE transaction, checkpoint included. */
export interface IngestFlush {
  readonly engine: Engine;
  readonly batch: AggregateBatch;
  readonly newShapes: readonly NewShape[];
  /** Where in the file this flush's data ends; null when there is no file position to keep. */
  readonly checkpoint: (Checkpoint & { readonly path: string }) | null;
  readonly nowMs: number;
}

export interface IngestSink {
  /** The checkpoint of `path` (or of the file with identity `fileId` under an older name). */
  readCheckpoint(path: string, fileId: string): Checkpoint | null;
  isKnownShape(id: string): boolean;
  /** Persist atomically; afterwards the flush's new shapes are known. */
  write(flush: IngestFlush): void;
}

/** The shape engine and the parser, injected so this module does not care which implementation runs. */
export interface IngestDeps {
  createParser(): LogParser;
  fingerprint(sql: string, engine: Engine, options?: FingerprintOptions): Fingerprint;
  describe(normalized: string, engine: Engine): ShapeDescription;
}

export interface IngestFileOptions {
  readonly path: string;
  /** Key of the checkpoint (an absolute path). Default: `path`. */
  readonly checkpointPath?: string;
  readonly engine: Engine;
  readonly deps: IngestDeps;
  readonly sink: IngestSink;
  /** Clock (epoch ms) for checkpoint bookkeeping. */
  readonly nowMs: () => number;
  readonly keepSamples?: boolean;
  /** Stat bucket width in ms. Default 60 000. */
  readonly bucketMs?: number;
  /** Bytes per read. Default 4 MiB. */
  readonly chunkBytes?: number;
  /** Flush (one transaction) after this many bytes read. Default 32 MiB. */
  readonly flushBytes?: number;
  /** Flush early when this many (shape, bucket) aggregates are held, to bound memory. Default 200 000. */
  readonly maxBuckets?: number;
  /** Rejects kept for listing (all are counted). Default 1000. */
  readonly maxRejectsKept?: number;
  /** Called after each chunk with bytes of the file done (compressed bytes for .gz) and its size. */
  readonly onProgress?: (doneBytes: number, totalBytes: number) => void;
}

export interface IngestFileResult {
  readonly path: string;
  readonly start: ResumeDecision;
  readonly events: number;
  readonly statements: number;
  readonly newShapes: number;
  readonly rejects: number;
  readonly rejectList: readonly Reject[];
  /** Events without a statement to attribute them to. */
  readonly unattributed: number;
  /** Bytes of the file processed in this run (compressed bytes for .gz). */
  readonly bytesRead: number;
  readonly sizeBytes: number;
  readonly endOffset: number;
}

/** Statements qprof sends itself start with this marker; they are not profiled. */
const selfMarker = '/* qprof */';
const cacheLimit = 20_000;
const cacheableChars = 4096;

export async function ingestFile(options: IngestFileOptions): Promise<IngestFileResult> {
  const { path, engine, deps, sink } = options;
  const checkpointPath = options.checkpointPath ?? path;
  const identity = await readFileIdentity(path);
  const fileId = formatFileId(identity);
  const start = await decideResume(path, identity, sink.readCheckpoint(checkpointPath, fileId));
  const startOffset = start.kind === 'resume' ? start.offset : 0;
  const startLine = start.kind === 'resume' ? start.line : 1;
  const parser = deps.createParser();
  const aggregator = new Aggregator({ bucketMs: options.bucketMs, keepSamples: options.keepSamples });
  const flushBytes = options.flushBytes ?? 32 * 1024 * 1024;
  const maxBuckets = options.maxBuckets ?? 200_000;
  const maxRejectsKept = options.maxRejectsKept ?? 1000;
  const cache = new Map<string, Fingerprint>();
  const rejectList: Reject[] = [];
  let rejects = 0;
  let events = 0;
  let statements = 0;
  let newShapes = 0;
  let unattributed = 0;
  /** Line offsets of chunks that may still hold the parser's pending line. */
  let recent: { firstLine: number; lineOffsets: Float64Array }[] = [];
  let endOffset = startOffset;
  let endLine = startLine;
  let flushedOffset = startOffset;
  let diskDone = 0;

  const fingerprintOf = (sql: string): Fingerprint => {
    let fp = sql.length <= cacheableChars ? cache.get(sql) : undefined;
    if (!fp) {
      fp = deps.fingerprint(sql, engine);
      if (sql.length <= cacheableChars) {
        if (cache.size >= cacheLimit) cache.clear();
        cache.set(sql, fp);
      }
    }
    return fp;
  };

  const take = (result: ParseResult): void => {
    for (const r of result.rejects) noteReject(r);
    for (const event of result.events) addEvent(event);
  };
  const noteReject = (r: Reject): void => {
    rejects++;
    if (rejectList.length < maxRejectsKept) rejectList.push(r);
  };
  const addEvent = (event: QueryEvent): void => {
    const sql = event.sql;
    if (sql !== null && sql.startsWith(selfMarker)) return;
    events++;
    if (event.kind === 'statement') statements++;
    aggregator.add(event, sql === null ? null : fingerprintOf(sql));
  };

  const offsetOfLine = (line: number): number | null => {
    for (const chunk of recent) {
      const i = line - chunk.firstLine;
      if (i >= 0 && i < chunk.lineOffsets.length) return chunk.lineOffsets[i]!;
    }
    return null;
  };

  const flush = (checkpoint: Checkpoint): void => {
    const batch = aggregator.drain();
    unattributed += batch.unattributed;
    const fresh: NewShape[] = [];
    for (const seen of batch.shapes) {
      if (sink.isKnownShape(seen.fingerprint.id)) continue;
      fresh.push({ fingerprint: seen.fingerprint, description: deps.describe(seen.fingerprint.normalized, engine), firstSeenMs: seen.firstSeenMs });
    }
    newShapes += fresh.length;
    sink.write({ engine, batch, newShapes: fresh, checkpoint: { ...checkpoint, path: checkpointPath }, nowMs: options.nowMs() });
    flushedOffset = checkpoint.offset;
  };

  for await (const chunk of readLineChunks(path, { startOffset, startLine, chunkBytes: options.chunkBytes })) {
    for (const r of chunk.rejects) noteReject(r);
    diskDone = identity.gzip ? chunk.diskBytesRead : chunk.endOffset;
    if (chunk.lines.length === 0) {
      options.onProgress?.(diskDone, identity.sizeBytes);
      continue;
    }
    recent.push({ firstLine: chunk.firstLine, lineOffsets: chunk.lineOffsets });
    const result = parser.push(chunk.lines, chunk.firstLine);
    take(result);
    endOffset = chunk.endOffset;
    endLine = chunk.firstLine + chunk.lines.length;
    const pending = result.pendingLine;
    // Forget offsets of chunks wholly before the pending entry: a checkpoint never points into them.
    recent = recent.filter((c) => pending !== null && c.firstLine + c.lineOffsets.length > pending);
    if (endOffset - flushedOffset >= flushBytes || aggregator.size >= maxBuckets) {
      const offset = pending === null ? endOffset : offsetOfLine(pending);
      if (offset !== null) flush({ fileId, offset, line: pending ?? endLine });
    }
    options.onProgress?.(diskDone, identity.sizeBytes);
  }
  // End of the file as it is now: emit the entry in progress, so a finished log is counted whole.
  take(parser.end());
  flush({ fileId, offset: endOffset, line: endLine });
  return {
    path, start, events, statements, newShapes, rejects, rejectList, unattributed,
    bytesRead: identity.gzip ? diskDone : endOffset - startOffset, sizeBytes: identity.sizeBytes, endOffset,
  };
}

export { isGzipPath };
