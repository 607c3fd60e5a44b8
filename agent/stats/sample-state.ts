/**
 * What a sampler remembers between samples (stored in sampler_state, so deltas survive restarts of qprof),
 * and the pure step that turns a fresh reading into per-shape deltas. No I/O.
 */
import type { StatementCounters, StatementDelta } from '../events.js';
import type { Fingerprint } from '../shape/types.js';
import { addDeltas, diffReadings, type DiffResult, type EntryReading, type Reading } from './diff.js';

/** The previous reading plus, per entry, the shape it maps to (null: qprof's own or unusable statement). */
export interface SamplerState {
  readonly reading: Reading;
  readonly shapes: ReadonlyMap<string, string | null>;
  /** Server start marker (pg_postmaster_start_time, MySQL start time) to report restarts. */
  readonly serverStartedAt: string | null;
}

/** An entry as a sampler read it: counters, and the statement text when the entry is new to us. */
export interface SampledEntry extends EntryReading {
  readonly key: string;
  readonly text: string | null;
}

export interface SampleInput {
  readonly takenMs: number;
  readonly resetMarker: string | null;
  readonly evictedTotal: number | null;
  readonly serverStartedAt: string | null;
  readonly entries: readonly SampledEntry[];
}

export interface SampleOutcome {
  readonly state: SamplerState;
  /** First sample: the reading is the baseline and no deltas are recorded. */
  readonly baseline: boolean;
  readonly diff: DiffResult;
  /** Summed deltas per shape id (several entries can share a shape). */
  readonly byShape: Map<string, StatementDelta>;
  /** Fingerprints of the shapes met for the first time in this sample. */
  readonly fingerprints: Map<string, Fingerprint>;
  /** The server restarted since the previous sample. */
  readonly restarted: boolean;
  /** Entries dropped because they are qprof's own statements. */
  readonly ownEntries: number;
}

/**
 * Map entries to shapes (remembered ones keep theirs; new ones are fingerprinted with `fingerprintText`,
 * which returns null for qprof's own statements), diff against the previous reading and sum per shape.
 */
export function applySample(previous: SamplerState | null, input: SampleInput,
  fingerprintText: (text: string) => Fingerprint | null): SampleOutcome {
  const shapes = new Map<string, string | null>();
  const fingerprints = new Map<string, Fingerprint>();
  const entries = new Map<string, EntryReading>();
  let ownEntries = 0;
  for (const entry of input.entries) {
    let shape = previous?.shapes.get(entry.key);
    if (shape === undefined) {
      if (entry.text === null) continue; // unknown and textless: counted once it has a text
      const fp = fingerprintText(entry.text);
      shape = fp?.id ?? null;
      if (fp && !fingerprints.has(fp.id)) fingerprints.set(fp.id, fp);
    }
    if (shape === null) ownEntries++;
    shapes.set(entry.key, shape);
    entries.set(entry.key, { counters: entry.counters, since: entry.since ?? null });
  }
  const reading: Reading = { takenMs: input.takenMs, resetMarker: input.resetMarker, evictedTotal: input.evictedTotal, entries };
  const diff = diffReadings(previous?.reading ?? null, reading);
  const byShape = new Map<string, StatementDelta>();
  for (const [key, delta] of diff.deltas) {
    const shape = shapes.get(key);
    if (!shape) continue;
    const sum = byShape.get(shape);
    byShape.set(shape, sum ? addDeltas(sum, delta) : delta);
  }
  const restarted = previous !== null && previous.serverStartedAt !== null && input.serverStartedAt !== null
    && previous.serverStartedAt !== input.serverStartedAt;
  return {
    state: { reading, shapes, serverStartedAt: input.serverStartedAt },
    baseline: previous === null, diff, byShape, fingerprints, restarted, ownEntries,
  };
}

const counterFields = ['calls', 'totalMs', 'rows', 'rowsExamined', 'noIndexUsed', 'noGoodIndexUsed', 'tmpDiskTables',
  'sharedBlksHit', 'sharedBlksRead', 'tempBlksWritten', 'planMs'] as const;

/** Compact JSON for sampler_state: one array per entry, `[key, shape, since, ...counters]`. */
export function serializeState(state: SamplerState): string {
  const entries = [...state.reading.entries].map(([key, e]) => [key, state.shapes.get(key) ?? null, e.since ?? null,
    ...counterFields.map((f) => (e.counters[f] ?? null))]);
  return JSON.stringify({ v: 1, takenMs: state.reading.takenMs, resetMarker: state.reading.resetMarker,
    evictedTotal: state.reading.evictedTotal, serverStartedAt: state.serverStartedAt, fields: counterFields, entries });
}

/** Inverse of serializeState; null for anything unreadable (the next sample then starts a new baseline). */
export function parseState(json: string): SamplerState | null {
  try {
    const doc = JSON.parse(json) as { v: number; takenMs: number; resetMarker: string | null; evictedTotal: number | null;
      serverStartedAt: string | null; fields: string[]; entries: unknown[][] };
    if (doc.v !== 1 || !Array.isArray(doc.entries)) return null;
    const entries = new Map<string, EntryReading>();
    const shapes = new Map<string, string | null>();
    for (const row of doc.entries) {
      const [key, shape, since, ...values] = row as [string, string | null, string | null, ...(number | null)[]];
      const counters: Record<string, unknown> = { kind: 'cumulative' };
      doc.fields.forEach((f, i) => { if (values[i] !== null && values[i] !== undefined) counters[f] = values[i]; });
      entries.set(key, { counters: counters as unknown as StatementCounters, since });
      shapes.set(key, shape);
    }
    return {
      reading: { takenMs: doc.takenMs, resetMarker: doc.resetMarker, evictedTotal: doc.evictedTotal, entries },
      shapes, serverStartedAt: doc.serverStartedAt,
    };
  } catch {
    return null;
  }
}
