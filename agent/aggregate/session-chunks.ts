/**
 * Per-session statement sequences, kept compactly: one stored row per (session, flush) holding packed arrays
 * of (shape, time, duration, rows) instead of one indexed row per statement (which cost ~40% of the ingest
 * time budget). The N+1 and replica advisors read them back in order through storage's readSessionSequences.
 * Pure.
 */

/** One statement of a session, as the advisors see it. */
export interface SessionStatement {
  readonly shapeId: string;
  /** Epoch ms of the log entry (completion time for duration lines). */
  readonly timeMs: number;
  /** null when the log had no duration (log_statement = all). */
  readonly durationMs: number | null;
  /** Rows sent plus affected where the log says, else 0. */
  readonly rows: number;
}

/** A run of statements of one session, in log order. */
export interface SessionChunk {
  readonly session: string;
  readonly user: string | null;
  readonly database: string | null;
  readonly application: string | null;
  readonly startMs: number;
  readonly endMs: number;
  /** Distinct shapes of the chunk; the packed shape indexes point into it. */
  readonly shapeIds: readonly string[];
  readonly count: number;
  /** See packSession: offsets (f64), durations (f32, NaN = unknown), shape indexes (i32), rows (i32). */
  readonly packed: Uint8Array;
}

export class SessionChunkBuilder {
  readonly #session: string;
  readonly #user: string | null;
  readonly #database: string | null;
  readonly #application: string | null;
  readonly #shapeIndex = new Map<string, number>();
  readonly #times: number[] = [];
  readonly #durations: number[] = [];
  readonly #shapes: number[] = [];
  readonly #rows: number[] = [];

  constructor(session: string, user: string | null, database: string | null, application: string | null) {
    this.#session = session;
    this.#user = user;
    this.#database = database;
    this.#application = application;
  }

  push(shapeId: string, timeMs: number, durationMs: number | null, rows: number): void {
    let index = this.#shapeIndex.get(shapeId);
    if (index === undefined) {
      index = this.#shapeIndex.size;
      this.#shapeIndex.set(shapeId, index);
    }
    this.#times.push(timeMs);
    this.#durations.push(durationMs ?? Number.NaN);
    this.#shapes.push(index);
    this.#rows.push(rows);
  }

  build(): SessionChunk {
    const n = this.#times.length;
    let startMs = n ? this.#times[0]! : 0;
    let endMs = startMs;
    for (const t of this.#times) {
      if (t < startMs) startMs = t;
      if (t > endMs) endMs = t;
    }
    const offsets = new Float64Array(n);
    for (let i = 0; i < n; i++) offsets[i] = this.#times[i]! - startMs;
    const packed = new Uint8Array(n * 20);
    packed.set(new Uint8Array(offsets.buffer), 0);
    packed.set(new Uint8Array(Float32Array.from(this.#durations).buffer), n * 8);
    packed.set(new Uint8Array(Int32Array.from(this.#shapes).buffer), n * 12);
    packed.set(new Uint8Array(Int32Array.from(this.#rows).buffer), n * 16);
    return {
      session: this.#session, user: this.#user, database: this.#database, application: this.#application,
      startMs, endMs, shapeIds: [...this.#shapeIndex.keys()], count: n, packed,
    };
  }
}

/** Unpack a stored chunk into statements, in log order. Tolerates a short blob (returns what is whole). */
export function unpackSession(chunk: Pick<SessionChunk, 'startMs' | 'shapeIds' | 'count' | 'packed'>): SessionStatement[] {
  const n = Math.min(chunk.count, Math.floor(chunk.packed.length / 20));
  const copy = new Uint8Array(n * 20);
  copy.set(chunk.packed.subarray(0, n * 20));
  const offsets = new Float64Array(copy.buffer, 0, n);
  const durations = new Float32Array(copy.buffer, n * 8, n);
  const shapes = new Int32Array(copy.buffer, n * 12, n);
  const rows = new Int32Array(copy.buffer, n * 16, n);
  const out: SessionStatement[] = [];
  for (let i = 0; i < n; i++) {
    const shapeId = chunk.shapeIds[shapes[i]!];
    if (shapeId === undefined) continue;
    const duration = durations[i]!;
    out.push({ shapeId, timeMs: chunk.startMs + offsets[i]!, durationMs: Number.isNaN(duration) ? null : duration, rows: rows[i]! });
  }
  return out;
}
