/**
 * Parser coverage and speed on the captured corpus (fixtures/corpus/), per dialect: distinct shapes,
 * `parsed: false` count and share (target < 1%), which step of describeShape's chain each shape needed
 * (what each fallback buys), the worst offenders by calls, and parses/s over the distinct shapes.
 */
import { readFileSync } from 'node:fs';
import type { Engine } from '../../agent/events.js';
import { describeShapeDetailed, loadShapeParsers, type ParseVia } from '../../agent/shape/describe.js';
import { fingerprint } from '../../agent/shape/fingerprint.js';
import type { Bench, BenchFigure } from './index.js';

const corpusDir = new URL('../../../fixtures/corpus/', import.meta.url);
const files: Record<Engine, readonly string[]> = {
  postgres: ['postgres-pgss.jsonl', 'postgres-statements.jsonl'],
  mysql: ['mysql-digests.jsonl', 'mysql-statements.jsonl'],
};

export interface CorpusStatement {
  readonly sql: string;
  /** Executions behind the line (pg_stat_statements calls, digest COUNT_STAR), 1 for a logged statement. */
  readonly calls: number;
}

/** The corpus statements of one engine (empty when the corpus is missing). */
export function readCorpusStatements(engine: Engine): CorpusStatement[] {
  const out: CorpusStatement[] = [];
  for (const name of files[engine]) {
    let text = '';
    try {
      text = readFileSync(new URL(name, corpusDir), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const row = JSON.parse(line) as Record<string, unknown>;
        const sql = row.query ?? row.sql ?? row.DIGEST_TEXT;
        const calls = Number(row.calls ?? row.COUNT_STAR ?? 1);
        if (typeof sql === 'string') out.push({ sql, calls: Number.isFinite(calls) && calls > 0 ? calls : 1 });
      } catch {
        // a malformed line is not a statement
      }
    }
  }
  return out;
}

export interface ParseCoverage {
  readonly shapes: number;
  readonly unparsed: number;
  readonly byVia: Readonly<Partial<Record<ParseVia, number>>>;
  /** Unparsed shapes, most calls first: normalized text and the parser's message. */
  readonly offenders: readonly { readonly normalized: string; readonly calls: number; readonly error: string }[];
}

/** Fingerprint every statement, describe each distinct shape once. Parsers must be loaded. */
export function measureParseCoverage(statements: readonly CorpusStatement[], engine: Engine): ParseCoverage {
  const shapes = new Map<string, { normalized: string; calls: number }>();
  for (const s of statements) {
    const f = fingerprint(s.sql, engine);
    const shape = shapes.get(f.id);
    if (shape) shape.calls += s.calls;
    else shapes.set(f.id, { normalized: f.normalized, calls: s.calls });
  }
  const byVia: Partial<Record<ParseVia, number>> = {};
  const offenders: { normalized: string; calls: number; error: string }[] = [];
  for (const shape of shapes.values()) {
    const { via, description } = describeShapeDetailed(shape.normalized, engine);
    byVia[via] = (byVia[via] ?? 0) + 1;
    if (!description.parsed) offenders.push({ ...shape, error: description.error ?? '' });
  }
  offenders.sort((a, b) => b.calls - a.calls);
  return { shapes: shapes.size, unparsed: offenders.length, byVia, offenders };
}

/** describeShape calls per second over the distinct normalized texts, after a warm-up, for at least `minMs`. */
function measureParsesPerSecond(normalized: readonly string[], engine: Engine, minMs = 2000): number {
  for (let round = 0; round < 3; round += 1) for (const text of normalized) describeShapeDetailed(text, engine);
  let parses = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs && normalized.length > 0) {
    for (const text of normalized) describeShapeDetailed(text, engine);
    parses += normalized.length;
    elapsed = performance.now() - start;
  }
  return elapsed > 0 ? (parses / elapsed) * 1000 : 0;
}

export const parseBench: Bench = {
  name: 'parse',
  async run(): Promise<readonly BenchFigure[]> {
    await loadShapeParsers();
    const figures: BenchFigure[] = [];
    for (const engine of ['postgres', 'mysql'] as const) {
      const statements = readCorpusStatements(engine);
      if (statements.length === 0) {
        figures.push({ label: `${engine}: corpus missing`, value: 0, unit: 'shapes', note: 'run scripts/capture-corpus.sh' });
        continue;
      }
      const coverage = measureParseCoverage(statements, engine);
      const share = coverage.shapes ? (100 * coverage.unparsed) / coverage.shapes : 0;
      figures.push({ label: `${engine} distinct shapes (corpus, ${statements.length} statements)`, value: coverage.shapes, unit: 'shapes' });
      const worst = coverage.offenders.slice(0, 5).map((o) => o.normalized.slice(0, 80)).join(' | ');
      figures.push({ label: `${engine} parsed: false`, value: coverage.unparsed, unit: 'shapes', note: `${share.toFixed(2)}%, target < 1%${worst ? `; worst: ${worst}` : ''}` });
      for (const [via, count] of Object.entries(coverage.byVia)) figures.push({ label: `${engine}   via ${via}`, value: count, unit: 'shapes' });
      const distinct = [...new Set(statements.map((s) => fingerprint(s.sql, engine).normalized))];
      figures.push({ label: `${engine} describeShape speed (distinct shapes)`, value: measureParsesPerSecond(distinct, engine), unit: 'parses/s' });
    }
    return figures;
  },
};
