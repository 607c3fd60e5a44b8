/**
 * Parser coverage on the captured corpus (fixtures/corpus/, see its README): fewer than 1% of the distinct
 * shapes of each dialect may end up `parsed: false` (issue 2, "Done when").
 */
import test from 'ava';
import { loadShapeParsers } from '../../../agent/shape/describe.js';
import { measureParseCoverage, readCorpusStatements } from '../../../scripts/bench/parse.js';

test.before(async () => {
  await loadShapeParsers();
});

for (const engine of ['postgres', 'mysql'] as const) {
  test(`${engine}: parsed false on under 1% of the corpus's distinct shapes`, (t) => {
    const statements = readCorpusStatements(engine);
    t.true(statements.length > 100, 'the corpus is checked in under fixtures/corpus/');
    const coverage = measureParseCoverage(statements, engine);
    t.log(`${engine}: ${coverage.shapes} shapes, ${coverage.unparsed} unparsed, via ${JSON.stringify(coverage.byVia)}`);
    t.true(coverage.shapes > 50);
    t.true(coverage.unparsed / coverage.shapes < 0.01, coverage.offenders.map((o) => `${o.normalized.slice(0, 80)}: ${o.error}`).join('\n'));
  });
}
