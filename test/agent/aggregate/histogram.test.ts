import test from 'ava';
import fc from 'fast-check';
import {
  bucketBoundsMs, bucketIndexOf, createHistogram, decodeHistogram, encodeHistogram, mergeInto, quantileMs, recordValue, totalCount,
} from '../../../agent/aggregate/histogram.js';

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

test('every value lands in a bucket whose bounds hold it', (t) => {
  fc.assert(fc.property(fc.double({ min: 0.001, max: 1e8, noNaN: true }), (ms) => {
    const [lower, upper] = bucketBoundsMs(bucketIndexOf(ms));
    const us = Math.ceil(ms * 1000) / 1000;
    return us > lower - 1e-9 && us <= upper + 1e-9;
  }));
  t.pass();
});

test('p50/p95/p99 are within 6.25% of the exact percentile (log-normal latencies)', (t) => {
  fc.assert(fc.property(fc.array(fc.double({ min: -3, max: 4, noNaN: true }), { minLength: 1, maxLength: 400 }), (exps) => {
    const values = exps.map((e) => Math.round(10 ** e * 1000) / 1000 + 0.02);
    const hist = createHistogram();
    for (const v of values) recordValue(hist, v);
    return [0.5, 0.95, 0.99].every((q) => {
      const exact = exactQuantile(values, q);
      return Math.abs(quantileMs(hist, q)! - exact) <= exact * 0.0625 + 0.001;
    });
  }));
  t.pass();
});

test('merging histograms equals recording all values in one, and survives encode/decode', (t) => {
  fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })), fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })), (a, b) => {
    const ha = createHistogram();
    const hb = createHistogram();
    const all = createHistogram();
    for (const v of a) { recordValue(ha, v); recordValue(all, v); }
    for (const v of b) { recordValue(hb, v); recordValue(all, v); }
    const merged = mergeInto(decodeHistogram(encodeHistogram(ha)), decodeHistogram(encodeHistogram(hb)));
    return totalCount(merged) === a.length + b.length
      && JSON.stringify([...merged].sort((x, y) => x[0] - y[0])) === JSON.stringify([...all].sort((x, y) => x[0] - y[0]));
  }));
  t.is(quantileMs(createHistogram(), 0.95), null);
  t.is(decodeHistogram(null).size, 0);
});

test('a typical shape histogram stays small on disk', (t) => {
  const hist = createHistogram();
  for (let i = 0; i < 100_000; i++) recordValue(hist, 0.05 + (i % 997) * 0.01);
  t.true(encodeHistogram(hist).length < 400, `${encodeHistogram(hist).length} bytes`);
});
