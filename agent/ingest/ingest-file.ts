/**
 * The log ingestion pipeline for one file: read whole lines from the checkpoint on → parser → fingerprint
 * (the hot path; parse once per new shape) → aggregate in memory → every `flushBytes` hand one flush
 * (aggregates + new shapes + the checkpoint at the parser's first pending line) to a sink that writes it in
 * one transaction. The sink is storage's business (agent/ imports none of our other folders); the CLI and
 * the agent's tailer wire it.
 */
import type { Engine, LogParser, Reject } from '../events.js';
import type { Fingerprint, FingerprintOptions, ShapeDescription } from '../shape/types.js';
import type { AggregateBatch } from '../aggregate/aggregator.js';
import { decideResume, formatFileId, readFileIdentity, readLineChunks, type Checkpoint, type ResumeDecision } from '../logs/reader.js';
import { LogIngestor, type IngestorOptions } from './log-ingestor.js';

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
  /**
   * On the first flush of a run: what to do with the provisional tail the last run left for this path —
   * 'revert' (we resumed before it: it is read again) or 'keep' (the file was rotated or truncated: it stands).
   */
  readonly previousTail?: { readonly action: 'revert' | 'keep'; readonly path: string };
  /** This flush is the provisional tail (the entry held at EOF): remember it so the next run can revert it. */
  readonly tail?: boolean;
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

export interface IngestFileOptions extends IngestorOptions {
  readonly path: string;
  /** Bytes per read. Default 512 KiB: larger reads were no faster and cost ~100 MiB more peak RSS. */
  readonly chunkBytes?: number;
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

export async function ingestFile(options: IngestFileOptions): Promise<IngestFileResult> {
  const { path, sink } = options;
  const checkpointPath = options.checkpointPath ?? path;
  const identity = await readFileIdentity(path);
  const fileId = formatFileId(identity);
  const checkpoint = sink.readCheckpoint(checkpointPath, fileId);
  const start = await decideResume(path, identity, checkpoint);
  const startOffset = start.kind === 'resume' ? start.offset : 0;
  const startLine = start.kind === 'resume' ? start.line : 1;
  const ingestor = new LogIngestor({ ...options, checkpointPath });
  // A checkpoint found under another name (the file was renamed by rotation) carries its tail under that name.
  ingestor.begin(fileId, startOffset, startLine, start.kind === 'resume', checkpoint?.path ?? checkpointPath);
  let diskDone = 0;
  // A flush can only happen between chunks: never read more than a flush's worth at once.
  const chunkBytes = Math.min(options.chunkBytes ?? 512 * 1024, options.flushBytes ?? Number.POSITIVE_INFINITY);
  for await (const chunk of readLineChunks(path, { startOffset, startLine, chunkBytes })) {
    ingestor.push(chunk);
    diskDone = identity.gzip ? chunk.diskBytesRead : chunk.endOffset;
    options.onProgress?.(diskDone, identity.sizeBytes);
  }
  // End of the file as it is now: a .gz is complete; any other log may still grow (see LogIngestor.endFile).
  ingestor.endFile(identity.gzip);
  const stats = ingestor.stats;
  return {
    path, start, ...stats, bytesRead: identity.gzip ? diskDone : stats.endOffset - startOffset, sizeBytes: identity.sizeBytes,
  };
}
