/**
 * A compact log-linear latency histogram (HdrHistogram-like, 8 sub-buckets per power of two: every recorded
 * value lands in a bucket at most 12.5% wide). Mergeable by adding counts, so per-minute buckets roll up into
 * any window; quantiles come back as the bucket's midpoint, clamped to the observed min/max by callers.
 * Pure. The serialized form (a BLOB in stat_buckets.hist) is a list of (bucket index delta, count) varints.
 */

/** Resolution: values are recorded in microseconds. Below 16 µs buckets are 1 µs wide. */
const subBits = 3;
const subCount = 1 << subBits;
const linearLimit = subCount * 2;

/** Bucket index of a duration in milliseconds (negative and NaN count as 0). */
export function bucketIndexOf(valueMs: number): number {
  const us = valueMs > 0 ? Math.ceil(valueMs * 1000) : 0;
  if (us < linearLimit) return us;
  let exponent = Math.floor(Math.log2(us));
  if (2 ** exponent > us) exponent--;
  else if (2 ** (exponent + 1) <= us) exponent++;
  const sub = Math.floor(us / 2 ** (exponent - subBits)) - subCount;
  return linearLimit + (exponent - subBits - 1) * subCount + sub;
}

/** (lower, upper] bounds in milliseconds of a bucket index (values are rounded up to whole microseconds). */
export function bucketBoundsMs(index: number): [number, number] {
  if (index < linearLimit) return [Math.max(0, index - 1) / 1000, index / 1000];
  const exponent = Math.floor((index - linearLimit) / subCount) + subBits + 1;
  const sub = (index - linearLimit) % subCount;
  const width = 2 ** (exponent - subBits);
  const lowerUs = (subCount + sub) * width;
  return [(lowerUs - 1) / 1000, (lowerUs + width - 1) / 1000];
}

/** Counts per bucket index. Use the functions below; a Map keeps it sparse (most shapes use a few buckets). */
export type Histogram = Map<number, number>;

export function createHistogram(): Histogram {
  return new Map();
}

export function recordValue(hist: Histogram, valueMs: number, count = 1): void {
  const index = bucketIndexOf(valueMs);
  hist.set(index, (hist.get(index) ?? 0) + count);
}

/** Add `from` into `into` (in place) and return `into`. */
export function mergeInto(into: Histogram, from: Histogram): Histogram {
  for (const [index, count] of from) into.set(index, (into.get(index) ?? 0) + count);
  return into;
}

export function totalCount(hist: Histogram): number {
  let n = 0;
  for (const count of hist.values()) n += count;
  return n;
}

/**
 * The value at quantile `q` (0..1) in milliseconds: the midpoint of the bucket holding the q-th value,
 * or null for an empty histogram. Relative error ≤ 6.25% above 16 µs.
 */
export function quantileMs(hist: Histogram, q: number): number | null {
  const n = totalCount(hist);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  const indexes = [...hist.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const index of indexes) {
    seen += hist.get(index)!;
    if (seen >= rank) {
      const [lower, upper] = bucketBoundsMs(index);
      return (lower + upper) / 2;
    }
  }
  return null;
}

/** Serialize: sorted (index delta, count) pairs as unsigned LEB128 varints. */
export function encodeHistogram(hist: Histogram): Uint8Array {
  const indexes = [...hist.keys()].sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const index of indexes) {
    writeVarint(bytes, index - previous);
    writeVarint(bytes, hist.get(index)!);
    previous = index;
  }
  return Uint8Array.from(bytes);
}

/** Inverse of encodeHistogram. Tolerates a null/empty blob (an empty histogram). */
export function decodeHistogram(blob: Uint8Array | null | undefined): Histogram {
  const hist = createHistogram();
  if (!blob) return hist;
  let pos = 0;
  let index = 0;
  while (pos < blob.length) {
    const [delta, afterDelta] = readVarint(blob, pos);
    const [count, afterCount] = readVarint(blob, afterDelta);
    if (afterCount > blob.length) break;
    index += delta;
    hist.set(index, (hist.get(index) ?? 0) + count);
    pos = afterCount;
  }
  return hist;
}

/** Merge two serialized histograms (used by the store's SQL merge function). */
export function mergeEncoded(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (!a || a.length === 0) return b;
  if (!b || b.length === 0) return a;
  return encodeHistogram(mergeInto(decodeHistogram(a), decodeHistogram(b)));
}

/** `a` minus `b`, count by count (buckets that reach 0 disappear); null when nothing is left. */
export function subtractEncoded(a: Uint8Array | null, b: Uint8Array | null): Uint8Array | null {
  if (!a || a.length === 0) return null;
  if (!b || b.length === 0) return a;
  const hist = decodeHistogram(a);
  for (const [index, count] of decodeHistogram(b)) {
    const left = (hist.get(index) ?? 0) - count;
    if (left > 0) hist.set(index, left);
    else hist.delete(index);
  }
  return hist.size ? encodeHistogram(hist) : null;
}

function writeVarint(out: number[], value: number): void {
  let v = Math.max(0, Math.floor(value));
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function readVarint(bytes: Uint8Array, start: number): [number, number] {
  let value = 0;
  let scale = 1;
  let pos = start;
  while (pos < bytes.length) {
    const byte = bytes[pos++]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return [value, pos];
    scale *= 0x80;
  }
  return [value, bytes.length + 1];
}
