/** Before loadShapeParsers() resolves, describeShape still answers (no throw) and says what to do. */
import test from 'ava';
import { describeShape } from '../../../agent/shape/describe.js';

test('without loaded parsers: parsed false, a clear error, first-keyword kind', (t) => {
  const result = describeShape('UPDATE orders SET a = $1 WHERE id = $2', 'postgres');
  t.false(result.parsed);
  t.regex(result.error ?? '', /loadShapeParsers/);
  t.is(result.features.kind, 'update');
  t.deepEqual(result.features.tables.map((x) => [x.name, x.access]), [['orders', 'write']]);
});
