/**
 * `npm run bench`: runs every benchmark module listed below, one after the other, and prints its figures.
 * Add a module by importing it and adding it to `benches`. `npm run bench -- fingerprint` runs only the
 * modules whose name contains one of the arguments; `--json` prints all figures as one JSON array.
 */
import { fingerprintBench } from './fingerprint.js';
import { parseBench } from './parse.js';
import { sampleBench } from './sample.js';
import { adviseIndexesBench } from './advise-indexes.js';
import { ingestBench } from './ingest.js';
import { agentBench } from './agent.js';

export interface BenchFigure {
  /** What was measured, e.g. `postgres fingerprints (corpus, ≤ 300 bytes)`. */
  readonly label: string;
  readonly value: number;
  /** `statements/s`, `MB/s`, `x` (a ratio), … */
  readonly unit: string;
  readonly note?: string;
}

export interface Bench {
  readonly name: string;
  run(): Promise<readonly BenchFigure[]>;
}

const benches: readonly Bench[] = [
  fingerprintBench,
  parseBench,
  sampleBench,
  adviseIndexesBench,
  ingestBench,
  agentBench,
];

const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));
const all: (BenchFigure & { bench: string })[] = [];
for (const bench of benches) {
  if (filters.length > 0 && !filters.some((f) => bench.name.includes(f))) continue;
  if (!json) console.log(`\n== ${bench.name}`);
  const figures = await bench.run();
  for (const f of figures) {
    all.push({ bench: bench.name, ...f });
    if (!json) {
      const value = f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(2);
      console.log(`  ${f.label.padEnd(58)} ${value.padStart(12)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
    }
  }
}
if (json) console.log(JSON.stringify(all, null, 2));
